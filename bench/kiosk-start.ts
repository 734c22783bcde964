/**
 * `npm run kiosk` from the command to the page ready: the page (`GET /` with the token) and every
 * script and style it names answered. On the demo database, all devices simulated, the bundle
 * and the screens already built (the first start builds what is stale; it is shown apart).
 * Baselines in the same run: npm's own start (`npm -v`), node starting an empty program, and the
 * start this replaced (tsx compiling main/kiosk/main.ts).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nowMs } from './stats';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
const TARGET_MS = 1500;

/** Milliseconds from spawn until `ready` resolves on what the command printed. */
async function timeCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: (output: string) => Promise<boolean>,
): Promise<number> {
  const start = nowMs();
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const elapsed = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      void ready(output).then((done) => done && resolve(nowMs() - start), reject);
    });
    child.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`${command} exited ${code}: ${errors}`)),
    );
  });
  child.kill('SIGTERM');
  await new Promise((resolve) =>
    child.exitCode === null ? child.once('exit', resolve) : resolve(0),
  );
  return elapsed;
}

/** The page answered, and each script and style it names (a stand-in page names none). */
async function pageReady(output: string): Promise<boolean> {
  const url = /Till ready: (\S+)/.exec(output)?.[1];
  if (url === undefined) return false;
  const page = await fetch(url);
  if (page.status !== 200) return false;
  const html = await page.text();
  const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
  const answers = await Promise.all(assets.map((asset) => fetch(new URL(asset, url))));
  return answers.every((answer) => answer.status === 200);
}

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[samples.length >> 1] ?? 0;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'emm-bench-kiosk-'));
  const seeded = join(dir, 'seeded.db');
  const sim = {
    EMM_SCANNER: 'sim',
    EMM_PRINTER: 'sim',
    EMM_DRAWER: 'sim',
    EMM_SCALE: 'sim',
    EMM_DISPLAY: 'sim',
  };
  const fresh = (run: number) => {
    const db = join(dir, `run-${run}.db`);
    copyFileSync(seeded, db);
    return { ...sim, EMM_DB: db };
  };
  try {
    const first = await timeCommand(
      'npm',
      ['run', '-s', 'kiosk'],
      { ...sim, EMM_DB: seeded },
      pageReady,
    );
    const kiosk: number[] = [];
    const tsxStart: number[] = [];
    const npm: number[] = [];
    const node: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      kiosk.push(await timeCommand('npm', ['run', '-s', 'kiosk'], fresh(run), pageReady));
      tsxStart.push(
        await timeCommand(
          join(ROOT, 'node_modules/.bin/tsx'),
          ['main/kiosk/main.ts'],
          fresh(run),
          pageReady,
        ),
      );
      npm.push(await timeCommand('npm', ['-v'], {}, async (out) => out.includes('\n')));
      node.push(
        await timeCommand(process.execPath, ['--eval', 'console.log("ready")'], {}, async (out) =>
          out.includes('ready'),
        ),
      );
    }
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    console.log(`first start (builds what is stale, seeds the demo data): ${ms(first)}`);
    console.log(
      `npm run kiosk to the page ready, median of ${RUNS}: ${ms(median(kiosk))} (max ${ms(Math.max(...kiosk))})`,
    );
    console.log(
      `baselines: npm -v ${ms(median(npm))}; node empty program ${ms(median(node))}; the former start (tsx main/kiosk/main.ts) ${ms(median(tsxStart))}`,
    );
    console.log(`target < ${TARGET_MS} ms: ${median(kiosk) < TARGET_MS ? 'PASS' : 'MISS'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
