import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createIdGenerator } from '../../../main/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import { verifyJournal } from '../../../db/journal';
import { bareTill } from '../../../main/bare-till';
import { seedFixture } from '../../support/till';
import { seededRandom } from '../../support/random';

const RUNS = Number(process.env.CRASH_RUNS ?? 200);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
// A kill, the restart and the checks take about half a second on a quiet machine (116 s for
// 200); at a load of 15 to 19 (six other test runs beside it) 200 took more than 600 s. The
// deadline is a last guard against a hang, not a speed check: ten seconds a kill.
const TIMEOUT_MS = Math.max(600_000, RUNS * 10_000);

let dir: string;
let childScript: string;
let dbPath: string;
let users: { cashierId: number; managerId: number };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'emm-crash-'));
  // One bundle for 200 starts: a child that starts in a tenth of a second gets killed at many
  // more different points of its work than one that spends its life compiling TypeScript. It
  // lives one folder below the project's root, like the modules it bundles, so that it finds
  // better-sqlite3 in node_modules and the migrations where db/migrate.ts looks for them.
  childScript = fileURLToPath(
    new URL(`../../../var/crash-child-${process.pid}.mjs`, import.meta.url),
  );
  await build({
    entryPoints: [fileURLToPath(new URL('./child.ts', import.meta.url))],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['better-sqlite3'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  dbPath = join(dir, 'till.db');
  const db = openDatabase(dbPath);
  users = seedFixture(db);
  db.close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(childScript, { force: true });
});

interface ChildRun {
  lines: string[];
  signal: NodeJS.Signals | null;
}

/** When the kill's clock starts: at the spawn, once ready to sell, or once a sale is paid. */
type KillFrom = 'spawn' | 'ready' | 'paid';

/**
 * Starts the child and kills it `killAfterMs` after `from`: its spawn (it may then die while
 * opening or migrating its database), its READY, or its first PAID. Counting from what the child
 * says, not from the spawn, keeps the kills inside the selling loop however loaded the machine
 * is; counting from a paid sale makes sure that sales were paid between the kills even when a
 * busy machine sells less than one in 150 ms.
 */
function runAndKill(seed: number, killAfterMs: number, from: KillFrom): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [childScript, dbPath, String(seed), String(users.cashierId), String(users.managerId)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      },
    );
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const killLater = () => (timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs));
    if (from === 'spawn') killLater();
    const startsClock = from === 'paid' ? /^PAID /m : /^READY$/m;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && startsClock.test(out)) killLater();
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`the child stopped by itself (${code}): ${err}`));
      else resolve({ lines: out.split('\n').filter(Boolean), signal });
    });
  });
}

describe('a till killed at random moments', () => {
  it(
    `loses no paid sale, counts none twice and gets its draft back (${RUNS} kills, seed ${SEED})`,
    async () => {
      const random = seededRandom(SEED);
      const reportedPaid = new Set<string>();
      let readyRuns = 0;
      let startKills = 0;
      let paidKills = 0;
      for (let run = 0; run < RUNS; run += 1) {
        const roll = random();
        const from: KillFrom = roll < 0.1 ? 'spawn' : roll < 0.55 ? 'ready' : 'paid';
        if (from === 'spawn') startKills += 1;
        if (from === 'paid') paidKills += 1;
        const { lines } = await runAndKill(
          Math.floor(random() * 1e9),
          Math.floor(random() * (from === 'spawn' ? 300 : 150)),
          from,
        );
        if (lines.includes('READY')) readyRuns += 1;
        let lastDraft: { id: string; lines: number } | null = null;
        for (const line of lines) {
          const [event, id, count] = line.split(' ');
          if (event === 'PAID' && id) reportedPaid.add(id);
          if (event === 'LINES' && id) lastDraft = { id, lines: Number(count) };
          if ((event === 'PAID' || event === 'CANCELLED') && id === lastDraft?.id) lastDraft = null;
        }

        // The restart: the till opens its database as it would after a power cut.
        const db = openDatabase(dbPath);
        try {
          const context = `run ${run}, seed ${SEED}`;
          const paid = db
            .prepare("SELECT id FROM tickets WHERE status = 'paid'")
            .pluck()
            .all() as string[];
          const paidIds = new Set(paid);
          for (const id of reportedPaid)
            expect(paidIds.has(id), `${id} lost (${context})`).toBe(true);

          // Exactly once: one journal entry and one outbox event per paid ticket, no duplicate number.
          const perTicket = db
            .prepare(
              `WITH events AS (SELECT json_extract(payload, '$.document.ticketId') AS id, count(*) AS n
                               FROM outbox GROUP BY 1),
                  entries AS (SELECT doc_id AS id, count(*) AS n FROM journal GROUP BY doc_id),
                  lines AS (SELECT ticket_id AS id, count(*) AS n, count(*) FILTER (WHERE net IS NULL) AS unpriced,
                                   sum(net) AS net FROM ticket_lines GROUP BY ticket_id),
                  moves AS (SELECT ticket_id AS id, count(*) AS n FROM stock_moves GROUP BY ticket_id),
                  paid AS (SELECT ticket_id AS id, sum(amount) AS amount FROM payments GROUP BY ticket_id)
             SELECT t.id, coalesce(entries.n, 0) AS journalEntries, coalesce(events.n, 0) AS events,
                    coalesce(lines.n, 0) AS lines, coalesce(lines.unpriced, 0) AS unpricedLines,
                    coalesce(moves.n, 0) AS stockMoves, coalesce(paid.amount, 0) AS paid,
                    coalesce(lines.net, 0) AS net, t.total, t.due, t.change_given AS change
               FROM tickets t
               LEFT JOIN entries USING (id) LEFT JOIN events USING (id) LEFT JOIN lines USING (id)
               LEFT JOIN moves USING (id) LEFT JOIN paid USING (id)
              WHERE t.status = 'paid'`,
            )
            .all() as Record<string, number | string>[];
          for (const ticket of perTicket) {
            expect(ticket, `partial ticket (${context})`).toMatchObject({
              journalEntries: 1,
              events: 1,
              unpricedLines: 0,
              stockMoves: ticket.lines,
              net: ticket.total,
              paid: Number(ticket.due) + Number(ticket.change),
            });
            expect(Number(ticket.lines)).toBeGreaterThan(0);
          }
          const numbers = db
            .prepare("SELECT count(DISTINCT number) AS n FROM tickets WHERE status = 'paid'")
            .get() as { n: number };
          expect(numbers.n).toBe(paid.length);

          const journal = verifyJournal(db);
          expect(journal.problems, context).toEqual([]);
          const outboxSeq = db
            .prepare('SELECT count(*) AS n, coalesce(max(seq), 0) AS max FROM outbox')
            .get() as { n: number; max: number };
          expect(outboxSeq.n, `outbox has a gap (${context})`).toBe(outboxSeq.max);
          expect(outboxSeq.n).toBe(journal.entries);

          // The draft the cashier was ringing up is back, with every line reported (maybe one more,
          // committed just before the kill), unless it was paid or cancelled just before the kill.
          if (lastDraft) {
            const till = bareTill({
              db,
              clock: () => new Date(),
              newId: createIdGenerator(),
            });
            const draft = till.currentTicket();
            const status = (
              db.prepare('SELECT status FROM tickets WHERE id = ?').get(lastDraft.id) as {
                status: string;
              }
            ).status;
            if (status === 'draft') {
              expect(draft?.id, context).toBe(lastDraft.id);
              expect(draft?.lines.length ?? 0).toBeGreaterThanOrEqual(lastDraft.lines);
            } else {
              expect(['paid', 'cancelled']).toContain(status);
            }
          }
        } finally {
          db.close();
        }
      }
      // Every run not meant to die while starting was killed in the selling loop (a fixed share
      // of RUNS failed for a seed that drew more start kills than the share, with few runs).
      expect(readyRuns).toBeGreaterThanOrEqual(RUNS - startKills);
      // The kills landed while selling: sales were paid between them. How many fit in 0–150 ms
      // depends on the machine's load (about two a run when quiet, under one at a load of 10),
      // so the count asked for is the runs whose kill waited for a paid sale, each a new one.
      expect(reportedPaid.size).toBeGreaterThanOrEqual(paidKills);
    },
    TIMEOUT_MS,
  );
});
