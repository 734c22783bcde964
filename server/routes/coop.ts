import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import {
  applyMemberImport,
  changeMemberStatus,
  changeSetting,
  memberDetail,
  memberStatusChangeSchema,
  memberStatusesWithCounts,
  memberStatusSchema,
  listMembersPage,
  previewMemberImport,
  refused,
  saveMemberStatus,
  settingByKey,
  settingProblem,
  tillSettings,
} from '../coop';
import type { Actor } from '../people';
import { readSupplierFile } from '../stock/supplier-file';
import type { Store } from '../store';

interface CoopOptions {
  store: Store;
  clock: () => Date;
}

const MANAGERS = { access: { roles: ['admin', 'manager'] } } as const;

const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }).strict();
const codeParam = z.object({ code: z.string().regex(/^[a-z0-9_]{1,40}$/) }).strict();
const keyParam = z.object({ key: z.string().regex(/^[a-z][A-Za-z0-9_.]{0,99}$/) }).strict();

export const membersQuerySchema = z
  .object({
    q: z.string().max(100).optional(),
    status: z
      .string()
      .regex(/^[a-z0-9_]{1,40}$/)
      .optional(),
    sort: z.enum(['name', 'number', 'status', 'id']).default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const FILE_TYPES = [
  'text/csv',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const actorOf = (request: FastifyRequest): Actor =>
  request.person ? { personId: request.person.personId } : { other: 'admin_token' };

/** A CSV or XLSX file, read by the suppliers' rules, as the CSV the member import reads. */
async function memberFileText(body: unknown): Promise<string> {
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw refused(400, 'Send the file itself (CSV or XLSX), not an empty body');
  }
  const { table } = await readSupplierFile(body);
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return [
    table.columns.map(cell).join(','),
    ...table.rows.map((row) =>
      table.columns.map((name) => cell(row.cells.get(name) ?? '')).join(','),
    ),
  ].join('\n');
}

/**
 * The coop's members, their statuses and the settings the tills pull (`/v1/office/`): for
 * managers and admins; a setting that decides who is a manager at the tills, or how barcodes
 * are read, is an admin's.
 */
export async function coopRoutes(app: FastifyInstance, options: CoopOptions): Promise<void> {
  const { store, clock } = options;

  app.removeContentTypeParser('text/csv');
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.get('/members', { config: MANAGERS }, async (request) =>
    listMembersPage(store, parseWith(membersQuerySchema, request.query)),
  );
  app.get('/members/:id', { config: MANAGERS }, async (request) => {
    const { id } = parseWith(idParam, request.params);
    return (
      (await memberDetail(store, id)) ?? Promise.reject(refused(404, `Member ${id} not found`))
    );
  });
  app.patch('/members/:id', { config: MANAGERS }, async (request) => {
    const { id } = parseWith(idParam, request.params);
    const change = parseWith(memberStatusChangeSchema, request.body);
    if (!(await changeMemberStatus(store, id, change, actorOf(request), clock()))) {
      throw refused(404, `Member ${id} not found`);
    }
    return memberDetail(store, id);
  });

  app.get('/member-statuses', { config: MANAGERS }, async () => memberStatusesWithCounts(store));
  app.put('/member-statuses/:code', { config: MANAGERS }, async (request) => {
    const { code } = parseWith(codeParam, request.params);
    const status = parseWith(memberStatusSchema, { ...(request.body as object), code });
    await saveMemberStatus(store, status, actorOf(request), clock());
    return { code };
  });

  /** What importing the file would do, in words; nothing written. */
  app.post('/members/import/preview', { config: MANAGERS }, async (request) =>
    previewMemberImport(store, await memberFileText(request.body)),
  );
  app.post('/members/import', { config: MANAGERS }, async (request) =>
    applyMemberImport(store, await memberFileText(request.body), actorOf(request), clock()),
  );

  app.get('/settings', { config: MANAGERS }, async () => tillSettings(store));
  app.put('/settings/:key', { config: MANAGERS }, async (request) => {
    const { key } = parseWith(keyParam, request.params);
    const setting = settingByKey(key);
    if (!setting) throw refused(404, `${key} is not a setting the tills read`);
    if (setting.adminOnly && !request.person?.roles.includes('admin')) {
      throw refused(403, `Only an admin may change ${key}`);
    }
    const { value } = parseWith(z.object({ value: z.json() }).strict(), request.body);
    const problem = settingProblem(key, value);
    if (problem) throw refused(400, `${key}: ${problem}`);
    await changeSetting(store, key, value, actorOf(request), clock());
    return { key, value };
  });
}
