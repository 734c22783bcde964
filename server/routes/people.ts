import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseWith } from '../app';
import {
  countAdmins,
  createPerson,
  editPerson,
  endPersonSessions,
  getPerson,
  listPeople,
  personChanges,
  personSchemas,
  type Actor,
} from '../people';
import type { Store } from '../store';

interface PeopleOptions {
  store: Store;
  clock: () => Date;
}

const idParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }).strict();
const notFound = (id: number) =>
  Object.assign(new Error(`Person ${id} not found`), { statusCode: 404 });

/** Who is acting: the signed-in person, else the admin token. */
const actorOf = (request: FastifyRequest): Actor =>
  request.person ? { personId: request.person.personId } : { other: 'admin_token' };

const ADMIN = { access: 'admin' } as const;

/** People and their roles: an admin's work (or a script's, with the admin token). */
export async function peopleRoutes(app: FastifyInstance, options: PeopleOptions): Promise<void> {
  const { store, clock } = options;

  app.get('/', { config: ADMIN }, async () => listPeople(store));
  app.get('/:id', { config: ADMIN }, async (request) => {
    const { id } = parseWith(idParam, request.params);
    return (await getPerson(store, id)) ?? Promise.reject(notFound(id));
  });
  app.get('/:id/changes', { config: ADMIN }, async (request) => {
    const { id } = parseWith(idParam, request.params);
    if (!(await getPerson(store, id))) throw notFound(id);
    return personChanges(store, id);
  });
  app.post('/', { config: ADMIN }, async (request, reply) => {
    const input = parseWith(personSchemas.create, request.body);
    return reply.code(201).send(await createPerson(store, input, actorOf(request), clock()));
  });
  app.post('/:id/sessions/end', { config: ADMIN }, async (request) => {
    const { id } = parseWith(idParam, request.params);
    if (!(await getPerson(store, id))) throw notFound(id);
    return { ended: await endPersonSessions(store, id, actorOf(request), clock()) };
  });
  app.patch('/:id', { config: ADMIN }, async (request) => {
    const { id } = parseWith(idParam, request.params);
    const edit = parseWith(personSchemas.edit, request.body);
    const before = await getPerson(store, id);
    if (!before) throw notFound(id);
    // The last admin cannot lock everyone out of the people's page.
    const losesAdmin =
      before.roles.includes('admin') &&
      !before.disabledAt &&
      (edit.disabled === true || (edit.roles !== undefined && !edit.roles.includes('admin')));
    if (losesAdmin && (await countAdmins(store)) <= 1) {
      throw Object.assign(new Error('This is the last admin: make another person admin first'), {
        statusCode: 409,
      });
    }
    return (await editPerson(store, id, edit, actorOf(request), clock())) ?? notFound(id);
  });
}
