/**
 * The till's memory after a day's work: `npm run kiosk` (its node process, with the V8 flags the
 * script gives it) as a child on a fresh demo database, every device simulated, a screen
 * following its events on the WebSocket; 1,000 sales of three lines paid in cash through the
 * TillApi over HTTP. Its resident memory (VmRSS, /proc) idle after start is the baseline; then
 * after the sales, once the print queue has drained, and its peak (VmHWM). With sync (SYNC=1, the
 * default) the till is enrolled from the API with a central server (its code on PGlite, in this
 * process) before the sales, and every sale must have reached it before memory is read.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { createTill } from '../server/tills';
import { startTestServer, type TestServer } from '../test/support/server';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SALES = Number(process.env.SALES ?? 1000);
const SYNC = process.env.SYNC !== '0';
const TARGET_MB = 150;

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** The till's node process: the one child of npm (its script `exec`s node). */
function tillPid(npmPid: number): number {
  const children = readFileSync(`/proc/${npmPid}/task/${npmPid}/children`, 'utf8').trim();
  const pid = Number(children.split(' ')[0]);
  if (!pid) throw new Error('npm run kiosk has no child process');
  return pid;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'emm-bench-memory-'));
  const dbPath = join(dir, 'till.db');
  const sim = Object.fromEntries(
    ['SCANNER', 'PRINTER', 'DRAWER', 'SCALE', 'DISPLAY'].map((kind) => [`EMM_${kind}`, 'sim']),
  );
  // As a cashier starts it: npm runs the kiosk's node (`exec`: npm's only child) with its flags.
  const server: TestServer | null = SYNC ? await startTestServer('pglite') : null;
  const child = spawn('npm', ['run', '-s', 'kiosk'], {
    cwd: ROOT,
    env: { ...process.env, ...sim, EMM_DB: dbPath },
  });
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /Till ready: (\S+)/.exec(output)?.[1];
        if (found) resolve(new URL(found));
      });
      child.once('exit', (code) => reject(new Error(`the kiosk exited (${code})`)));
    });
    const token = url.searchParams.get('token') ?? '';
    const pid = tillPid(child.pid ?? 0);
    const call = async (operation: string, input: unknown = {}) => {
      const response = await fetch(new URL(`/api/${operation}`, url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const result = (await response.json()) as {
        ok: boolean;
        value: unknown;
        error?: { message: string };
      };
      if (!result.ok) throw new Error(`${operation}: ${result.error?.message}`);
      return result.value;
    };

    const codes = (() => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db
          .prepare(
            `SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id
              WHERE p.unit = 'piece' AND p.price > 0 AND p.active = 1 AND length(b.code) = 13
              ORDER BY b.code LIMIT 30`,
          )
          .pluck()
          .all() as string[];
      } finally {
        db.close();
      }
    })();

    const screen = new WebSocket(`ws://${url.host}/events?token=${token}`);
    let events = 0;
    screen.on('message', () => events++);
    await new Promise((resolve) => screen.once('open', resolve));
    await pause(1000);
    const idle = memoryOf(pid);

    await call('signIn', { userId: 1, pin: '1234' });
    let tillId = 0;
    if (server) {
      const created = await createTill(server.store, 'bench', new Date());
      tillId = created.till.id;
      await call('enrol', {
        server: server.url,
        code: created.enrolmentCode,
        approval: { userId: 2, pin: '9876' },
      });
    }
    await call('openSession', { counts: { '1000': 5 } });
    const started = Date.now();
    for (let sale = 0; sale < SALES; sale++) {
      for (let line = 0; line < 3; line++) {
        await call('addByBarcode', { code: codes[(sale * 3 + line) % codes.length] });
      }
      const ticket = (await call('currentTicket')) as { totals: { total: number } };
      await call('pay', {
        payments: [{ method: 'cash', amount: Math.ceil(ticket.totals.total / 500) * 500 }],
        acknowledged: true,
      });
    }
    const seconds = (Date.now() - started) / 1000;
    for (let i = 0; i < 100; i++) {
      const queue = (await call('printQueue')) as { waiting: number };
      if (queue.waiting === 0) break;
      await pause(100);
    }
    let synced = 0;
    for (let i = 0; server && i < 600; i++) {
      const rows = await server.store.query<{ n: string }>(
        "SELECT count(*) AS n FROM tickets WHERE till_id = $1 AND kind = 'sale'",
        [tillId],
      );
      synced = Number(rows[0]?.n ?? 0);
      if (synced >= SALES) break;
      await pause(100);
    }
    await pause(1000);
    const after = memoryOf(pid);
    screen.close();

    const mb = (value: number) => `${value.toFixed(1)} MB`;
    console.log(`${SALES} sales of 3 lines in ${seconds.toFixed(1)} s, ${events} events followed`);
    console.log(server ? `sync running: ${synced} of ${SALES} sales on the server` : 'no sync');
    console.log(`baseline, the same process idle after start: RSS ${mb(idle.rss)}`);
    console.log(
      `after the sales: RSS ${mb(after.rss)} (+${mb(after.rss - idle.rss)}), peak ${mb(after.peak)}`,
    );
    console.log(`target RSS < ${TARGET_MB} MB: ${after.rss < TARGET_MB ? 'PASS' : 'MISS'}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) =>
      child.exitCode === null ? child.once('exit', resolve) : resolve(0),
    );
    rmSync(dir, { recursive: true, force: true });
    await server?.close();
  }
}

await main();
