/**
 * The till's command line, for managers and technicians:
 *   npm run -s till -- import-products FILE.csv [--move-barcodes]
 *   npm run -s till -- import-members FILE.csv
 *   npm run -s till -- member-statuses | member-status CODE shop|soft|hard [FR NL EN]
 *   npm run -s till -- no-member allowed|acknowledge
 *   npm run -s till -- export-sales [--from 2026-03-01] [--to 2026-03-31] [--out sales.csv]
 *   npm run -s till -- sessions
 *   npm run -s till -- z-report [--session ID] [--locale fr-BE|nl-BE|en] [--width 42|48]
 *   npm run -s till -- verify-journal
 *   npm run -s till -- enrol URL CODE
 *   npm run -s till -- devices list|set|test-print|open-drawer|wait-scan|read-weight|show-text
 * Every command takes --db PATH (default: $EMM_DB, else var/till.db). Relative paths are taken
 * from the folder the command was started in.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { TillError, errorMessage, isTillError } from '../../domain/errors';
import { localDayRange } from '../../domain/dates';
import { centsToDecimalString, isLocale } from '../../domain/money';
import { RECEIPT_WIDTHS, renderSessionReportText } from '../../domain/receipt-text';
import { openDatabase, type Db } from '../../db/open';
import { verifyJournal } from '../../db/journal';
import { verifyBooks } from '../../db/journal-books';
import {
  lastClosedSession,
  listSessions,
  sessionIdsStartingWith,
  shortSessionId,
} from '../../db/sessions';
import { salesBetween } from '../../db/tickets';
import { startTill } from '../index';
import { importProducts } from '../till/import-products';
import { importMembersCsv } from '../till/import-members';
import { listStatusesCommand, noMemberCommand, setStatusCommand } from './members';
import { readTillSettings } from '../till/settings';
import { zReportDocument } from '../till/documents';
import { salesCsv } from './sales-export';
import { checkDbPath, fileProblem, readInputFile, userPath, writeOutputFile } from './files';
import { runDevicesCommand } from './devices';
import { enrolTill } from '../sync/enrol';

const USAGE = `Usage: npm run -s till -- <command> [options]
  import-products FILE.csv     import or update products (all or nothing); --move-barcodes to
                               take a barcode another product has
  import-members FILE.csv      import or update members: ours, Obeesdoo's or La Louve's columns
  member-statuses              the coop's member statuses: who may shop, soft or hard blocks
  member-status CODE POLICY    set a status to shop, soft or hard [new: LABEL_FR LABEL_NL LABEL_EN]
  no-member POLICY             tickets with no member: allowed or acknowledge
  export-sales                 sales as CSV: --from DAY --to DAY (local days, to excluded) --out FILE
  sessions                     list the sessions: id, opened, closed, by whom, totals
  z-report                     print a closed session's Z report: --session ID (default: the last)
  verify-journal               check the journal's hash chain and the books against it
  enrol URL CODE               enrol this till with the central server (its one-time code)
  devices ACTION               list, set KIND URI, test-print, open-drawer, wait-scan,
                               read-weight, show-text LINE1 LINE2 (see README: device URIs)
Options: --db PATH (default $EMM_DB or var/till.db), --locale fr-BE|nl-BE|en, --width 42|48`;

/** How many positional arguments each command takes after its name (devices: any). */
const ARGUMENTS: Record<string, number> = {
  'import-products': 1,
  'import-members': 1,
  'member-statuses': 0,
  'member-status': 5,
  'no-member': 1,
  'export-sales': 0,
  sessions: 0,
  'z-report': 0,
  'verify-journal': 0,
  enrol: 2,
};

type Output = (line: string) => void;

export async function runCli(
  argv: string[],
  out: Output = console.log,
  err: Output = console.error,
): Promise<number> {
  try {
    return await run(argv, out, err);
  } catch (error) {
    if (isTillError(error)) {
      err(error.message);
      return 1;
    }
    // Whatever it is, the user gets a sentence, not a stack trace.
    err(`The command failed: ${errorMessage(error)}`);
    return 1;
  }
}

async function run(argv: string[], out: Output, err: Output): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
        session: { type: 'string' },
        locale: { type: 'string' },
        width: { type: 'string' },
        timeout: { type: 'string' },
        user: { type: 'string' },
        pin: { type: 'string' },
        'move-barcodes': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`${errorMessage(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const expected = ARGUMENTS[command];
  if (command !== 'devices' && expected === undefined) {
    err(`Unknown command "${command}"\n${USAGE}`);
    return 2;
  }
  if (expected !== undefined && rest.length > expected) {
    err(
      `${command} takes ${expected === 0 ? 'no argument' : `${expected} argument`}; left over: ${rest.slice(expected).join(' ')}\n${USAGE}`,
    );
    return 2;
  }
  const explicitDb = values.db ?? process.env.EMM_DB;
  if (explicitDb?.trim() === '') {
    err('--db is empty: give the path of the till database');
    return 2;
  }
  const dbPath = explicitDb === undefined ? 'var/till.db' : userPath(explicitDb);
  const readOnly = ['export-sales', 'sessions', 'z-report', 'verify-journal'].includes(command);
  if (explicitDb === undefined && !readOnly)
    mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
  checkDbPath(dbPath, readOnly);
  if (command === 'devices') {
    const timeoutSeconds = Number(values.timeout ?? 30);
    if (!(timeoutSeconds > 0)) {
      err(`--timeout is a number of seconds, got "${values.timeout}"`);
      return 2;
    }
    return await withDbProblems(dbPath, () =>
      runDevicesCommand(
        { args: rest, dbPath, timeoutSeconds, user: values.user, pin: values.pin },
        out,
        err,
      ),
    );
  }
  if (readOnly) {
    const db = await withDbProblems(dbPath, async () => openDatabase(dbPath, { readonly: true }));
    try {
      return readOnlyCommand(command, db, values, out, err);
    } finally {
      db.close();
    }
  }
  const [file] = rest;
  const needsFile = command === 'import-products' || command === 'import-members';
  if (needsFile && !file) {
    err(`${command} needs a CSV file\n${USAGE}`);
    return 2;
  }
  if (command === 'enrol' && rest.length < 2) {
    err(`enrol needs the server's address and the enrolment code\n${USAGE}`);
    return 2;
  }
  const bytes = needsFile && file ? readInputFile(userPath(file)) : new Uint8Array();
  const running = await withDbProblems(dbPath, async () => startTill({ dbPath }));
  try {
    return await withDbProblems(dbPath, async () =>
      writeCommand(
        command,
        running.db,
        { bytes, rest, moveBarcodes: values['move-barcodes'] ?? false },
        out,
      ),
    );
  } finally {
    await running.stop();
  }
}

/** The commands that change the till's database, on a till started for them. */
async function writeCommand(
  command: string,
  db: Db,
  input: { bytes: Uint8Array; rest: string[]; moveBarcodes: boolean },
  out: Output,
): Promise<number> {
  const at = new Date().toISOString();
  switch (command) {
    case 'import-products': {
      const result = importProducts(db, input.bytes, at, { moveBarcodes: input.moveBarcodes });
      for (const move of result.moves) out(move);
      out(`${result.products} products imported`);
      return 0;
    }
    case 'import-members': {
      const result = importMembersCsv(db, input.bytes, at);
      out(
        `${result.added + result.updated} members imported (${result.added} new, ${result.updated} updated)`,
      );
      if (result.unknownStatuses.length > 0) {
        out(
          `Statuses not in the till's table, which may not shop (soft block) until it has them: ${result.unknownStatuses.join(', ')}`,
        );
      }
      return 0;
    }
    case 'member-statuses':
      return listStatusesCommand(db, out);
    case 'member-status':
      out(setStatusCommand(db, input.rest, at));
      return 0;
    case 'no-member':
      out(noMemberCommand(db, input.rest));
      return 0;
    case 'enrol': {
      const [url = '', code = ''] = input.rest;
      const enrolled = await enrolTill(db, url, code);
      out(`Enrolled as till ${enrolled.tillId} "${enrolled.name}" with ${url}`);
      return 0;
    }
    default:
      // ARGUMENTS lists the commands that reach here: anything else is a bug, not user input.
      throw new Error(`No write command "${command}"`);
  }
}

/** SQLite's refusals of a file (not a database, read-only, damaged) told as one sentence. */
async function withDbProblems<T>(dbPath: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw fileProblem(error, dbPath, 'The database') ?? error;
  }
}

function readOnlyCommand(
  command: string,
  db: Db,
  values: {
    from?: string;
    to?: string;
    out?: string;
    session?: string;
    locale?: string;
    width?: string;
  },
  out: Output,
  err: Output,
): number {
  const settings = readTillSettings(db);
  switch (command) {
    case 'export-sales': {
      let range;
      try {
        range = localDayRange(values.from, values.to, settings.timeZone);
      } catch (error) {
        if (!isTillError(error)) throw error;
        err(error.message);
        return 2;
      }
      const rows = salesBetween(db, range.from, range.to);
      const csv = salesCsv(rows);
      if (values.out) {
        const path = userPath(values.out);
        writeOutputFile(path, csv);
        out(`${rows.length} lines written to ${path}`);
      } else out(csv.trimEnd());
      return 0;
    }
    case 'sessions': {
      const rows = listSessions(db);
      if (rows.length === 0) out('No session yet');
      for (const row of rows) {
        const closed = row.closedAt ? `closed ${row.closedAt} by ${row.closedBy}` : 'OPEN';
        out(
          `${shortSessionId(db, row.id)}  opened ${row.openedAt} by ${row.openedBy}, ${closed}; ${row.tickets} ticket${row.tickets === 1 ? '' : 's'}, sales ${centsToDecimalString(row.sales)}, refunds ${centsToDecimalString(row.refunds)} EUR`,
        );
      }
      return 0;
    }
    case 'z-report': {
      const sessionId = values.session
        ? findSession(db, values.session)
        : lastClosedSession(db)?.id;
      if (!sessionId) {
        err('No session has been closed yet');
        return 1;
      }
      const locale = values.locale ?? settings.locale;
      const width = RECEIPT_WIDTHS.find((w) => w === Number(values.width ?? 42));
      if (!isLocale(locale) || width === undefined) {
        err('--locale is fr-BE, nl-BE or en; --width is 42 or 48');
        return 2;
      }
      const document = zReportDocument(db, settings, sessionId, new Date().toISOString());
      for (const line of renderSessionReportText(document, {
        width,
        locale,
        timeZone: settings.timeZone,
      }))
        out(line);
      return 0;
    }
    default: {
      const result = verifyJournal(db);
      const problems = [...result.problems, ...verifyBooks(db)].sort((a, b) => a.seq - b.seq);
      if (problems.length === 0) {
        out(
          `The journal verifies: ${result.entries} entries, last hash ${result.lastHash}; the books agree with it`,
        );
        return 0;
      }
      err(`The journal does NOT verify (${problems.length} problem(s)):`);
      for (const problem of problems) err(`  seq ${problem.seq}: ${problem.message}`);
      return 1;
    }
  }
}

/** A session id, or a start of one that only one session has. */
function findSession(db: Db, prefix: string): string {
  const ids = sessionIdsStartingWith(db, prefix.trim());
  if (ids.length === 1) return ids[0] as string;
  throw new TillError(
    ids.length === 0 ? 'session.unknown' : 'session.ambiguous',
    ids.length === 0
      ? `No session has an id starting with "${prefix}" (see: sessions)`
      : `Several sessions have an id starting with "${prefix}": type more of it`,
    { session: prefix },
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
