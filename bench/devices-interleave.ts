/**
 * The device benchmarks' A/B runs: as run.ts does for the till core, each figure and its baseline
 * run alternately (A, B, then B, A, ...), so that whatever slows the machine slows both alike.
 */

export interface Interleaved {
  a: number[];
  b: number[];
}

/** Runs a and b alternately, `runs` times each after `warmup` untimed rounds, swapping their order each round. */
export function interleaveSync(
  runs: number,
  warmup: number,
  a: (i: number) => number,
  b: (i: number) => number,
): Interleaved {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const first = i % 2 === 0 ? a : b;
    const second = i % 2 === 0 ? b : a;
    const t1 = first(i);
    const t2 = second(i);
    if (i >= warmup) {
      as.push(i % 2 === 0 ? t1 : t2);
      bs.push(i % 2 === 0 ? t2 : t1);
    }
  }
  return { a: as, b: bs };
}

/** The same for asynchronous measurements, one at a time, with `pauseMs` of quiet after each. */
export async function interleaveAsync(
  runs: number,
  warmup: number,
  pauseMs: number,
  a: (i: number) => Promise<number>,
  b: (i: number) => Promise<number>,
): Promise<Interleaved> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const first = i % 2 === 0 ? a : b;
    const second = i % 2 === 0 ? b : a;
    const t1 = await first(i);
    await sleep(pauseMs);
    const t2 = await second(i);
    await sleep(pauseMs);
    if (i >= warmup) {
      as.push(i % 2 === 0 ? t1 : t2);
      bs.push(i % 2 === 0 ? t2 : t1);
    }
  }
  return { a: as, b: bs };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
