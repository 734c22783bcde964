/**
 * `npm run kiosk` from the command to the page ready: the page (`GET /` with the token) and every
 * script and style it names answered. On the demo database, all devices simulated, the bundle
 * and the screens already built (the first start builds what is stale; it is shown apart).
 * Baselines in the same run: npm's own start (`npm -v`), node starting an empty program, and the
 * start this replaced (tsx compiling main/kiosk/main.ts).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nowMs } from './stats';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
const TARGET_MS = 1500;

/**
 * CPU milliseconds (user + system) a process and its live descendants have used: on a loaded
 * machine the wall time mostly measures the other jobs, this what the start itself costs.
 */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, fields 14 and 15 of stat (11 and 12 after the command), in 1/100 s.
    const own = (Number(fields[11]) + Number(fields[12])) * 10;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return (
      own +
      (children ? children.split(' ').reduce((sum, child) => sum + cpuMs(Number(child)), 0) : 0)
    );
  } catch {
    return 0;
  }
}

let lastCpuMs = 0;

/**
 * Milliseconds from spawn until `ready` resolves on what the command printed; the CPU it used
 * until then is left in lastCpuMs.
 */
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
      void ready(output).then((done) => {
        if (!done) return;
        lastCpuMs = cpuMs(child.pid ?? 0);
        resolve(nowMs() - start);
      }, reject);
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
  // Each body read to its end, as a browser does: a response left half-read keeps its connection
  // busy, and the till's stop then waits for it (Fastify's keep-alive, 72 s).
  const answers = await Promise.all(
    assets.map(async (asset) => {
      const answer = await fetch(new URL(asset, url));
      await answer.arrayBuffer();
      return answer.status;
    }),
  );
  return answers.every((status) => status === 200);
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
    const kioskCpu: number[] = [];
    const tsxStart: number[] = [];
    const tsxCpu: number[] = [];
    const npm: number[] = [];
    const node: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      kiosk.push(await timeCommand('npm', ['run', '-s', 'kiosk'], fresh(run), pageReady));
      kioskCpu.push(lastCpuMs);
      tsxStart.push(
        await timeCommand(
          join(ROOT, 'node_modules/.bin/tsx'),
          ['main/kiosk/main.ts'],
          fresh(run),
          pageReady,
        ),
      );
      tsxCpu.push(lastCpuMs);
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
    console.log(
      `CPU used until the page was ready (npm and node together), median: npm run kiosk ${ms(median(kioskCpu))}; the former start ${ms(median(tsxCpu))}`,
    );
    console.log(`target < ${TARGET_MS} ms: ${median(kiosk) < TARGET_MS ? 'PASS' : 'MISS'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
