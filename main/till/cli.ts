/**
 * The till's command line, for managers and technicians:
 *   npm run till -- import-products FILE.csv
 *   npm run till -- export-sales [--from 2026-03-01] [--to 2026-03-31] [--out sales.csv]
 *   npm run till -- z-report [--session ID] [--locale fr-BE|nl-BE|en] [--width 42|48]
 *   npm run till -- verify-journal
 *   npm run till -- enrol URL CODE
 *   npm run till -- devices list|set|test-print|open-drawer|wait-scan|read-weight|show-text
 * Every command takes --db PATH (default: $EMM_DB, else var/till.db).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { isTillError } from '../../domain/errors';
import { centsToDecimalString, milliToDecimalString, type Locale } from '../../domain/money';
import { renderSessionReportText } from '../../domain/receipt';
import { verifyJournal } from '../../db/journal';
import { getSession, lastClosedSession } from '../../db/sessions';
import { salesBetween } from '../../db/tickets';
import { startTill } from '../index';
import { importProductsCsv } from './import-products';
import { readTillSettings } from './settings';
import { runDevicesCommand } from '../devices/cli';
import { enrolTill } from '../sync/enrol';

const USAGE = `Usage: npm run till -- <command> [options]
  import-products FILE.csv     import or update products (all or nothing)
  export-sales                 sales as CSV: --from DATE --to DATE (to excluded) --out FILE
  z-report                     print a closed session's Z report: --session ID (default: the last)
  verify-journal               check the journal's hash chain
  enrol URL CODE               enrol this till with the central server (its one-time code)
  devices ACTION               list, set KIND URI, test-print, open-drawer, wait-scan,
                               read-weight, show-text LINE1 LINE2 (see README: device URIs)
Options: --db PATH (default $EMM_DB or var/till.db), --locale fr-BE|nl-BE|en, --width 42|48`;

type Output = (line: string) => void;

export async function runCli(
  argv: string[],
  out: Output = console.log,
  err: Output = console.error,
): Promise<number> {
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
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const dbPath = values.db ?? process.env.EMM_DB ?? 'var/till.db';
  mkdirSync(dirname(dbPath), { recursive: true });
  if (command === 'devices') {
    const timeoutSeconds = Number(values.timeout ?? 30);
    if (!(timeoutSeconds > 0)) {
      err(`--timeout is a number of seconds, got "${values.timeout}"`);
      return 2;
    }
    try {
      return await runDevicesCommand(
        {
          args: rest,
          dbPath,
          timeoutSeconds,
          user: values.user,
          pin: values.pin,
        },
        out,
        err,
      );
    } catch (error) {
      if (!isTillError(error)) throw error;
      err(error.message);
      return 1;
    }
  }
  const running = startTill({ dbPath });
  try {
    switch (command) {
      case 'import-products': {
        const [file] = rest;
        if (!file) {
          err(`import-products needs a CSV file\n${USAGE}`);
          return 2;
        }
        const result = importProductsCsv(
          running.db,
          readFileSync(file, 'utf8'),
          new Date().toISOString(),
        );
        out(`${result.products} products imported`);
        return 0;
      }
      case 'export-sales': {
        const from = values.from ?? '0000-01-01';
        const to = values.to ?? '9999-12-31';
        for (const [name, date] of [
          ['--from', from],
          ['--to', to],
        ] as const) {
          if (!/^\d{4}-\d{2}-\d{2}/.test(date) || Number.isNaN(Date.parse(date))) {
            err(`${name} must be a date such as 2026-03-01, got "${date}"`);
            return 2;
          }
        }
        const rows = salesBetween(running.db, from, to);
        const csv = stringify(
          rows.map((row) => ({
            ticket: row.number,
            kind: row.kind,
            closed_at: row.closedAt,
            cashier: row.cashier,
            member: row.member ?? '',
            line: row.position,
            product: row.product,
            barcode: row.barcode ?? '',
            quantity: milliToDecimalString(row.quantity),
            unit_price: centsToDecimalString(row.unitPrice),
            amount: centsToDecimalString(row.net),
            vat_rate: row.vatRateBp / 100,
          })),
          {
            header: true,
            columns: [
              'ticket',
              'kind',
              'closed_at',
              'cashier',
              'member',
              'line',
              'product',
              'barcode',
              'quantity',
              'unit_price',
              'amount',
              'vat_rate',
            ],
          },
        );
        if (values.out) {
          writeFileSync(values.out, csv);
          out(`${rows.length} lines written to ${values.out}`);
        } else out(csv.trimEnd());
        return 0;
      }
      case 'z-report': {
        const session = values.session
          ? getSession(running.db, values.session)
          : lastClosedSession(running.db);
        if (!session || session.status !== 'closed') {
          err(
            values.session
              ? `No closed session ${values.session}`
              : 'No session has been closed yet',
          );
          return 1;
        }
        const settings = readTillSettings(running.db);
        const locale = (values.locale ?? settings.locale) as Locale;
        const width = Number(values.width ?? 42);
        if (!['fr-BE', 'nl-BE', 'en'].includes(locale) || (width !== 42 && width !== 48)) {
          err('--locale is fr-BE, nl-BE or en; --width is 42 or 48');
          return 2;
        }
        const document = running.till.zReportDocument(session.id);
        for (const line of renderSessionReportText(document, { width, locale })) out(line);
        return 0;
      }
      case 'enrol': {
        const [url, code] = rest;
        if (!url || !code) {
          err(`enrol needs the server's address and the enrolment code\n${USAGE}`);
          return 2;
        }
        const enrolled = await enrolTill(running.db, url, code);
        out(`Enrolled as till ${enrolled.tillId} "${enrolled.name}" with ${url}`);
        return 0;
      }
      case 'verify-journal': {
        const result = verifyJournal(running.db);
        if (result.ok) {
          out(`The journal verifies: ${result.entries} entries, last hash ${result.lastHash}`);
          return 0;
        }
        err(`The journal does NOT verify (${result.problems.length} problem(s)):`);
        for (const problem of result.problems) err(`  seq ${problem.seq}: ${problem.message}`);
        return 1;
      }
      default:
        err(`Unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (isTillError(error)) {
      err(error.message);
      return 1;
    }
    throw error;
  } finally {
    await running.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
