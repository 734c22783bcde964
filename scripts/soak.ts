/**
 * `npm run test:soak`: runs the timing-sensitive test files (devices over ptys, the kiosk and its
 * browser, end to end, the crash test, the server's kills, the till's lock, the screens' timers)
 * SOAK_ROUNDS times each (5 unless told), SOAK_PARALLEL of them at once (3 unless told), while
 * Debian's `stress-ng` keeps every core and the disk busy beside them. A file that passes alone
 * but fails here waits on the clock instead of on an event. Prints each file's failures and exits
 * non-zero if any run failed. Not part of `npm test`: run it after touching a timing-sensitive
 * test or a device, browser, kill or timer path (README, "Tests on a busy machine").
 *
 * `npm run test:soak -- test/integration/devices/scale.test.ts …` soaks only the files given.
 * SOAK_STRESS replaces stress-ng's arguments (default `--cpu <cores> --io 1`); SOAK_STRESS=none
 * runs without it (to tell load-made failures from others).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The files whose outcome a busy machine could change: they talk to other processes in time. */
const TIMING_SENSITIVE = [
  'test/integration/devices/blocked-printer.test.ts',
  'test/integration/devices/device-files.test.ts',
  'test/integration/devices/device-hub.test.ts',
  'test/integration/devices/devices-cli.test.ts',
  'test/integration/devices/display.test.ts',
  'test/integration/devices/print-queue.test.ts',
  'test/integration/devices/printer.test.ts',
  'test/integration/devices/pty-helper.test.ts',
  'test/integration/devices/scale.test.ts',
  'test/integration/devices/scanner.test.ts',
  'test/integration/devices/till-devices.test.ts',
  'test/integration/devices/transports.test.ts',
  'test/integration/kiosk/kiosk-process.test.ts',
  'test/integration/kiosk/kiosk-screens.test.ts',
  'test/integration/kiosk/kiosk.test.ts',
  'test/integration/kiosk/screens-api.test.ts',
  'test/integration/kiosk/kiosk-restart.test.ts',
  'test/e2e/cashier-day.test.ts',
  'test/e2e/server-day.test.ts',
  'test/e2e/wedge.test.ts',
  'test/e2e/layout.test.ts',
  'test/e2e/web-apps.test.ts',
  'test/e2e/hand.test.ts',
  'test/e2e/hand-flows.test.ts',
  'test/e2e/training.test.ts',
  'test/e2e/office-dashboard.test.ts',
  'test/e2e/office-pages.test.ts',
  'test/integration/training/training-mode.test.ts',
  'test/integration/crash/crash.test.ts',
  'test/integration/server/sigkill.test.ts',
  'test/integration/server/process.test.ts',
  'test/integration/server/sync-client.test.ts',
  'test/integration/server/till-sync.test.ts',
  'test/integration/faces-events.test.ts',
  'test/integration/lock/till-lock.test.ts',
  'test/renderer/status-bar.test.tsx',
  'test/renderer/idle.test.tsx',
  'test/renderer/checkout.test.tsx',
  'test/renderer/manager-real-till.test.tsx',
  'test/renderer/kiosk-bridge.test.ts',
];

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of at least 1, not ${JSON.stringify(raw)}`);
  }
  return value;
}

interface Run {
  file: string;
  round: number;
}

interface Outcome extends Run {
  ok: boolean;
  /** Each failed test's name and the first line of its error; the exit code if none. */
  failures: string[];
  seconds: number;
}

/** What vitest's JSON reporter writes that we read. */
interface JsonReport {
  testResults?: {
    assertionResults?: { fullName?: string; status?: string; failureMessages?: string[] }[];
    message?: string;
  }[];
}

function failuresOf(reportPath: string): string[] {
  if (!existsSync(reportPath)) return [];
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as JsonReport;
  const failures: string[] = [];
  for (const file of report.testResults ?? []) {
    if (file.message) failures.push(`(file) ${file.message.split('\n')[0]}`);
    for (const test of file.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      const why = (test.failureMessages?.[0] ?? '').split('\n')[0];
      failures.push(`${test.fullName ?? '?'}: ${why}`);
    }
  }
  return failures;
}

function runOnce(run: Run, reports: string, index: number): Promise<Outcome> {
  const reportPath = join(reports, `${index}.json`);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      run.file,
      '--reporter=json',
      `--outputFile=${reportPath}`,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      // 50 kills a round rather than 200: what load changes is each kill's moment, not their
      // number, and five rounds still make 250.
      env: { ...process.env, CRASH_RUNS: process.env.CRASH_RUNS ?? '50' },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  return new Promise((done) => {
    child.once('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      const failures = failuresOf(reportPath);
      const ok = code === 0 && failures.length === 0;
      if (!ok && failures.length === 0) {
        const last = stderr.trim().split('\n').slice(-3).join(' | ');
        failures.push(`vitest exited with ${code ?? signal}: ${last}`);
      }
      done({ ...run, ok, failures, seconds });
    });
  });
}

function startStress(): ChildProcess | null {
  const wanted = process.env.SOAK_STRESS ?? `--cpu ${availableParallelism()} --io 1`;
  if (wanted === 'none') return null;
  const found = spawnSync('stress-ng', ['--version'], { stdio: 'ignore' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'The soak keeps the machine busy with stress-ng: install it (Debian: `apt-get install stress-ng`), or run with SOAK_STRESS=none',
    );
  }
  const args = wanted.split(/\s+/).filter(Boolean);
  console.log(`stress-ng ${args.join(' ')} beside the tests`);
  return spawn('stress-ng', args, { stdio: 'ignore' });
}

async function main(): Promise<number> {
  const rounds = positiveInteger('SOAK_ROUNDS', 5);
  const parallel = positiveInteger('SOAK_PARALLEL', 3);
  const given = process.argv.slice(2).map((file) => relative(ROOT, resolve(file)));
  const files = given.length > 0 ? given : TIMING_SENSITIVE;
  for (const file of files) {
    if (!existsSync(join(ROOT, file))) throw new Error(`No test file ${file}`);
  }
  // Round after round, so that different files overlap rather than copies of one.
  const queue: Run[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const file of files) queue.push({ file, round });
  }
  console.log(
    `${files.length} file(s) × ${rounds} round(s), ${parallel} at once: ${queue.length} runs`,
  );

  const reports = mkdtempSync(join(tmpdir(), 'emm-soak-'));
  const stress = startStress();
  // Interrupted, the soak leaves no stress-ng behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stress?.kill('SIGTERM');
      process.exit(130);
    });
  }
  const outcomes: Outcome[] = [];
  const started = performance.now();
  try {
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const index = next++;
        const run = queue[index];
        if (!run) break;
        const outcome = await runOnce(run, reports, index);
        outcomes.push(outcome);
        const mark = outcome.ok ? 'ok  ' : 'FAIL';
        console.log(
          `${mark} ${outcomes.length}/${queue.length} round ${run.round} ${run.file} (${outcome.seconds.toFixed(1)} s)`,
        );
        for (const failure of outcome.failures) console.log(`       ${failure}`);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
  } finally {
    stress?.kill('SIGTERM');
    rmSync(reports, { recursive: true, force: true });
  }

  console.log(`\nAfter ${((performance.now() - started) / 60_000).toFixed(1)} min:`);
  let failed = 0;
  for (const file of files) {
    const runs = outcomes.filter((outcome) => outcome.file === file);
    const bad = runs.filter((outcome) => !outcome.ok);
    failed += bad.length;
    const slowest = Math.max(...runs.map((outcome) => outcome.seconds));
    console.log(
      `${bad.length === 0 ? 'ok  ' : 'FAIL'} ${file}: ${bad.length} of ${runs.length} runs failed (slowest ${slowest.toFixed(1)} s)`,
    );
    for (const outcome of bad) {
      for (const failure of outcome.failures)
        console.log(`       round ${outcome.round}: ${failure}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
