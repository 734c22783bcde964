/**
 * The Toledo 8217 scale driver over a real serial line: a socat pty pair, serialport at the
 * till's end (9600 7E1), a fake scale at the other end answering `W` byte for byte.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TillError } from '../../../domain/errors';
import { acceptWeight } from '../../../domain/tare';
import { createScale, type Scale } from '../../../drivers/scale';
import { waitForStableWeight, type Toledo8217Options } from '../../../drivers/scale/driver';
import { createTransport } from '../../../drivers/transports';
import type { DeviceStatus } from '../../../drivers/types';
import { parseDeviceUri } from '../../../drivers/uri';
import { ManualTimers } from '../../support/device-harness';
import { startFakeScale, type FakeScale } from '../../support/fake-scale';
import { createPtyPair, type PtyPair } from '../../support/pty';

async function rejection(promise: Promise<unknown>): Promise<TillError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('did not reject');
}

/** Resolves with the first status that `predicate` accepts (the current one included). */
function statusWhere(
  scale: Scale,
  predicate: (status: DeviceStatus) => boolean,
  timeoutMs = 10_000,
): Promise<DeviceStatus> {
  return new Promise((resolve, reject) => {
    if (predicate(scale.status())) return resolve(scale.status());
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`status still ${JSON.stringify(scale.status())}`));
    }, timeoutMs);
    const stop = scale.onStatus((status) => {
      if (!predicate(status)) return;
      clearTimeout(timer);
      stop();
      resolve(status);
    });
  });
}

describe('Toledo 8217 scale over a pty', () => {
  let pair: PtyPair;
  let fake: FakeScale;
  let scale: Scale;
  let killed: boolean;
  /** Bytes the driver's line has delivered, and who waits for more. */
  let heard: number;
  let hearers: Set<() => void>;

  /** Resolves once the driver's line has delivered at least `bytes` bytes. */
  function driverHeard(bytes: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (heard < bytes) return;
        hearers.delete(check);
        resolve();
      };
      hearers.add(check);
      check();
    });
  }

  /** Unplugs the scale (once: the pty pair's kill() must not run twice). */
  async function unplug(): Promise<void> {
    if (killed) return;
    killed = true;
    fake.stop();
    await pair.kill();
  }

  beforeEach(async () => {
    killed = false;
    heard = 0;
    hearers = new Set();
    pair = await createPtyPair();
    fake = startFakeScale(pair);
    scale = await openScale();
  });

  /**
   * The scale on the pty, as a shop would configure it, started and connected; the test listens
   * beside the driver on its real serial transport (`heard`). `options` adds to the driver's.
   */
  async function openScale(options: Toledo8217Options = {}): Promise<Scale> {
    // The URI a shop would configure; the line is 9600 7E1 by the protocol's default.
    const config = parseDeviceUri('scale', `serial:${pair.device}?protocol=toledo8217`);
    expect(config).toMatchObject({ serial: { baudRate: 9600, dataBits: 7, parity: 'even' } });
    if (config.transport !== 'serial') throw new Error(`not a serial scale: ${config.uri}`);
    const opened = createScale(config, {
      // Generous: a loaded 2-core machine may take a while to pass bytes through socat.
      answerTimeoutMs: 5000,
      ...options,
      createTransport: () => {
        const transport = createTransport(config);
        transport.onData((chunk) => {
          heard += chunk.length;
          for (const wake of [...hearers]) wake();
        });
        return transport;
      },
    });
    opened.start();
    await statusWhere(opened, (status) => status.state === 'connected');
    return opened;
  }

  /** The scale again, its clock run by hand (`clock.now`), so that only the test moves it. */
  async function openScaleOnClock(clock: ManualTimers): Promise<Scale> {
    await scale.close();
    scale = await openScale({ timers: clock, now: () => clock.now });
    return scale;
  }

  /** Moves the driver's clock by `ms`, 10 ms at a time, letting it set its next timers. */
  async function runClock(clock: ManualTimers, ms: number): Promise<void> {
    for (let moved = 0; moved < ms; moved += 10) {
      clock.advance(10);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  afterEach(async () => {
    await scale.close();
    await unplug();
  });

  it('reads 1.234 kg as 1234 grams, stable, and says it is connected', async () => {
    fake.weigh('01.234');
    expect(await scale.readWeight()).toEqual({ grams: 1234, stable: true });
    expect(fake.received()).toBe('W');
    expect(scale.status()).toMatchObject({ device: 'scale', state: 'connected' });
    expect(acceptWeight(await scale.readWeight(), 234)).toEqual({
      gross: 1234,
      tare: 234,
      net: 1000,
    });
  });

  it('reads an answer that arrives one byte at a time, after noise', async () => {
    fake.chunked(true);
    fake.raw('\r\n#noise\x02  0.500\r');
    expect(await scale.readWeight()).toEqual({ grams: 500, stable: true });
    fake.weigh('12.005');
    expect((await scale.readWeight()).grams).toBe(12_005);
  });

  it('refuses an unstable weight, an overload and a negative weight with clear errors', async () => {
    fake.status('A');
    const unstable = await rejection(scale.readWeight());
    expect(unstable.code).toBe('scale.unstable');
    expect(unstable.message).toMatch(/not stable/);
    fake.status('B');
    expect((await rejection(scale.readWeight())).code).toBe('scale.overload');
    fake.status('D');
    expect((await rejection(scale.readWeight())).code).toBe('scale.negative');
    fake.status('H');
    expect((await rejection(scale.readWeight())).code).toBe('scale.zero_error');
    fake.raw('\x02garbage\r');
    expect((await rejection(scale.readWeight())).code).toBe('scale.bad_answer');
    // A scale that gives no weight is still a scale that answers.
    expect(scale.status().state).toBe('connected');
    expect(fake.requests()).toBe(5);
  });

  it('waits for the weight to settle', async () => {
    fake.status('A');
    const reading = waitForStableWeight(scale, { timeoutMs: 20_000, pollMs: 20 });
    await fake.waitForRequests(2);
    fake.weigh('00.875');
    expect(await reading).toEqual({ grams: 875, stable: true });
  });

  it('queues concurrent requests: one W at a time on the line', async () => {
    fake.weigh('02.000');
    const readings = await Promise.all([1, 2, 3].map(() => scale.readWeight()));
    expect(readings.map((reading) => reading.grams)).toEqual([2000, 2000, 2000]);
    expect(fake.requests()).toBe(3);
  });

  it('times out when the scale is silent, reports it, and recovers when it answers again', async () => {
    fake.silent();
    const started = Date.now();
    const error = await rejection(scale.readWeight({ timeoutMs: 300 }));
    expect(error.code).toBe('scale.no_answer');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(scale.status()).toMatchObject({ state: 'offline' });
    expect(scale.status().detail).toMatch(/does not answer/);
    fake.weigh('00.100');
    expect((await scale.readWeight()).grams).toBe(100);
    expect(scale.status().state).toBe('connected');
  });

  it('never takes a late answer for the next request: 1,234 g is not sold for a 300 g product', async () => {
    // The scale answers the first product's weight 1.1 s after being asked, against a 1 s timeout.
    fake.weigh('01.234');
    fake.timing({ delayMs: 1100 });
    const late = await rejection(scale.readWeight({ timeoutMs: 1000 }));
    expect(late.code).toBe('scale.no_answer');
    // The next product is put on the scale, which now answers in 200 ms.
    fake.weigh('00.300');
    fake.timing({ delayMs: 200 });
    expect(await scale.readWeight({ timeoutMs: 1000 })).toEqual({ grams: 300, stable: true });
    expect(fake.requests()).toBe(2);
  });

  it('never takes an answer sent twice for the next request', async () => {
    // A scale that sends each answer twice, the copy 60 ms later; it answers 100 ms after W.
    fake.weigh('01.234');
    fake.timing({ delayMs: 100, repeatAfterMs: 60 });
    expect((await scale.readWeight()).grams).toBe(1234);
    fake.weigh('00.300');
    expect((await scale.readWeight()).grams).toBe(300);
  });

  it('takes an answer split across writes, the second part 80 ms after the first', async () => {
    fake.weigh('00.300');
    fake.timing({ splitPauseMs: 80 });
    expect((await scale.readWeight()).grams).toBe(300);
    fake.weigh('01.234');
    expect((await scale.readWeight()).grams).toBe(1234);
  });

  it('refuses, in words, a scale that keeps sending weights unasked', async () => {
    const clock = new ManualTimers();
    await openScaleOnClock(clock);
    fake.silent();
    const frame = '\x0201.234\r';
    let settled = false;
    const refused = rejection(scale.readWeight()).finally(() => (settled = true));
    // The scale talks every 50 ms of the driver's clock, which moves only once the driver has
    // heard it: however slow the machine, the line is never quiet for the driver.
    while (!settled) {
      const before = heard;
      fake.send(frame);
      await driverHeard(before + frame.length);
      clock.advance(50);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const error = await refused;
    expect(error.code).toBe('scale.noisy');
    expect(error.message).toMatch(/nobody asked for/);
    expect(fake.requests()).toBe(0);
    // It took the driver's 3 s of patience beyond its quiet window, not one frame more or less.
    expect(clock.now).toBeGreaterThanOrEqual(3000);
    expect(clock.now).toBeLessThanOrEqual(3250);
  });

  it('takes bytes waiting unread in the port for talk, not silence, even once its clock says quiet', async () => {
    const clock = new ManualTimers();
    await openScaleOnClock(clock);
    fake.weigh('00.300');
    // A late answer (1,234 g) is in the port, not yet read, when the next weight is asked for:
    // the driver's clock shows no byte for longer than its window (as after a pause of the till).
    const before = heard;
    fake.send('\x0201.234\r');
    const reading = scale.readWeight();
    await driverHeard(before + 8);
    // The late answer is drained, the line then quiet for its window: only then is W sent.
    await runClock(clock, 200);
    expect(await reading).toEqual({ grams: 300, stable: true });
    expect(fake.requests()).toBe(1);
  });

  it('the port vanishing fails the pending request with scale.offline, not a crash', async () => {
    fake.silent();
    const pending = scale.readWeight({ timeoutMs: 20_000 });
    await fake.waitForRequests(1);
    const started = Date.now();
    await unplug();
    const error = await rejection(pending);
    expect(error.code).toBe('scale.offline');
    expect(Date.now() - started).toBeLessThan(15_000);
    await statusWhere(scale, (status) => status.state === 'offline');
    // Later requests fail at once, with the same clear error.
    expect((await rejection(scale.readWeight())).code).toBe('scale.offline');
  });

  it('a port that is not there is offline, in words, and reads fail with scale.offline', async () => {
    const missing = createScale(
      parseDeviceUri('scale', `serial:${pair.device}-missing?protocol=toledo8217`),
    );
    missing.start();
    try {
      const status = await statusWhere(missing, (s) => s.state === 'offline');
      expect(status.detail).toMatch(/Could not open/);
      const error = await rejection(missing.readWeight());
      expect(error.code).toBe('scale.offline');
      expect(error.message).toMatch(/Could not open/);
    } finally {
      await missing.close();
    }
  });
});
