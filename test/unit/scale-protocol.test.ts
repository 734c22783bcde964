import { describe, expect, it, vi } from 'vitest';
import { TillError } from '../../domain/errors';
import { acceptWeight } from '../../domain/tare';
import { createScale } from '../../drivers/scale';
import {
  Toledo8217Framer,
  encodeToledo8217Answer,
  parseToledo8217Body,
  readingFromAnswer,
  statusAnswer,
  type Toledo8217Answer,
} from '../../drivers/scale/codec';
import { waitForStableWeight } from '../../drivers/scale/driver';
import { SimScale } from '../../drivers/scale/simulator';
import { SimLine } from '../../drivers/transports/sim';
import { parseDeviceUri } from '../../drivers/uri';

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof TillError) return error.code;
    throw error;
  }
  throw new Error('did not throw');
}

async function rejection(promise: Promise<unknown>): Promise<TillError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('did not reject');
}

describe('Toledo 8217 weight answers', () => {
  it.each([
    ['01.234', 1234],
    ['1.234', 1234],
    ['  0.250', 250],
    ['00.005', 5],
    ['12.5', 12_500],
    ['1.20', 1200],
    ['2', 2000],
    ['.750', 750],
    ['00.000', 0],
    ['01.234KG', 1234],
    ['01.234 kg', 1234],
    ['01.234N', 1234],
    ['1234g', 1234],
    ['1.2340', 1234],
    ['999999.999', 999_999_999],
  ])('reads %j as %i grams, through strings only', (body, grams) => {
    expect(parseToledo8217Body(body)).toEqual({ kind: 'weight', grams });
  });

  it.each([
    ['', 'scale.bad_answer'],
    ['.', 'scale.bad_answer'],
    ['abc', 'scale.bad_answer'],
    ['1.2.3', 'scale.bad_answer'],
    ['1.2345', 'scale.bad_answer'],
    ['12.5g', 'scale.bad_answer'],
    ['1234567.000', 'scale.bad_answer'],
    ['01.234XY', 'scale.bad_answer'],
    ['?', 'scale.bad_answer'],
    ['?AB', 'scale.bad_answer'],
    ['02.720LB', 'scale.unit'],
    ['3oz', 'scale.unit'],
  ])('refuses %j with %s', (body, code) => {
    expect(codeOf(() => parseToledo8217Body(body))).toBe(code);
  });

  it('decodes the status bits, ignoring bit 6 and the parity bit', () => {
    expect(parseToledo8217Body('?A')).toMatchObject({
      kind: 'status',
      motion: true,
      underZero: false,
    });
    expect(parseToledo8217Body('?B')).toMatchObject({ overCapacity: true, motion: false });
    expect(parseToledo8217Body('?D')).toMatchObject({ underZero: true });
    expect(parseToledo8217Body('?H')).toMatchObject({ outsideZeroRange: true });
    expect(parseToledo8217Body('?P')).toMatchObject({ centerOfZero: true });
    expect(parseToledo8217Body('?`')).toMatchObject({ net: true, motion: false });
    // 'A' with the parity bit set, as read on an 8-bit line.
    expect(parseToledo8217Body(`?${String.fromCharCode(0xc1)}`)).toMatchObject({ motion: true });
  });
});

describe('what the till makes of an answer', () => {
  it('a weight is a stable reading', () => {
    expect(readingFromAnswer({ kind: 'weight', grams: 1234 })).toEqual({
      grams: 1234,
      stable: true,
    });
  });

  it.each([
    [{ motion: true }, 'scale.unstable'],
    [{ overCapacity: true }, 'scale.overload'],
    [{ overCapacity: true, motion: true }, 'scale.overload'],
    [{ underZero: true }, 'scale.negative'],
    [{ underZero: true, motion: true }, 'scale.negative'],
    [{ outsideZeroRange: true }, 'scale.zero_error'],
    [{ net: true }, 'scale.bad_answer'],
    [{}, 'scale.bad_answer'],
  ])('status %j is refused with %s', (bits, code) => {
    expect(codeOf(() => readingFromAnswer(statusAnswer(bits)))).toBe(code);
  });

  it('the centre of zero alone is a zero weight', () => {
    expect(readingFromAnswer(statusAnswer({ centerOfZero: true }))).toEqual({
      grams: 0,
      stable: true,
    });
  });

  it('every refusal explains itself in words', () => {
    try {
      readingFromAnswer(statusAnswer({ motion: true }));
    } catch (error) {
      expect((error as TillError).message).toMatch(/not stable/);
      expect((error as TillError).details).toEqual({ status: '0x41' });
    }
  });
});

describe('framing', () => {
  it('cuts frames out of a stream split anywhere, dropping what lies outside', () => {
    const stream = 'noise\x0201.234\r\r\n\x02?A\r\x02  0.500\r';
    for (let cut = 0; cut <= stream.length; cut++) {
      const framer = new Toledo8217Framer();
      const frames = [
        ...framer.push(bytes(stream.slice(0, cut))),
        ...framer.push(bytes(stream.slice(cut))),
      ];
      expect(frames.map((frame) => (frame instanceof TillError ? frame.code : frame.kind))).toEqual(
        ['weight', 'status', 'weight'],
      );
      expect((frames[2] as Toledo8217Answer & { grams: number }).grams).toBe(500);
    }
  });

  it('strips parity bits and restarts on a new STX', () => {
    const framer = new Toledo8217Framer();
    const withParity = Uint8Array.from([0x02, 0xb0, 0x31, 0x2e, 0xb2, 0x33, 0xb4, 0x8d]);
    expect(framer.push(withParity)).toEqual([{ kind: 'weight', grams: 1234 }]);
    expect(framer.push(bytes('\x0201.\x0202.000\r'))).toEqual([{ kind: 'weight', grams: 2000 }]);
  });

  it('drops a frame that never ends, then reads the next one', () => {
    const framer = new Toledo8217Framer(16);
    const frames = framer.push(bytes(`\x02${'9'.repeat(100)}\x0201.000\r`));
    expect(frames.map((frame) => (frame instanceof TillError ? frame.code : frame))).toEqual([
      'scale.bad_answer',
      { kind: 'weight', grams: 1000 },
    ]);
  });

  it('reports garbage inside a frame as an unreadable answer', () => {
    const [frame] = new Toledo8217Framer().push(bytes('\x02hello\r'));
    expect(frame).toBeInstanceOf(TillError);
    expect((frame as TillError).code).toBe('scale.bad_answer');
  });

  it('encodes answers as the scale sends them', () => {
    expect(Buffer.from(encodeToledo8217Answer({ kind: 'weight', grams: 1234 })).toString()).toBe(
      '\x0201.234\r',
    );
    expect(Buffer.from(encodeToledo8217Answer({ kind: 'weight', grams: 12_005 })).toString()).toBe(
      '\x0212.005\r',
    );
    expect(Buffer.from(encodeToledo8217Answer(statusAnswer({ motion: true }))).toString()).toBe(
      '\x02?A\r',
    );
    for (const grams of [0, 1, 999, 1000, 15_000, 123_456]) {
      const [frame] = new Toledo8217Framer().push(
        encodeToledo8217Answer({ kind: 'weight', grams }),
      );
      expect(frame).toEqual({ kind: 'weight', grams });
    }
  });
});

describe('acceptWeight: only a stable, positive net weight is sold', () => {
  it('subtracts the tare', () => {
    expect(acceptWeight({ grams: 1234, stable: true })).toEqual({
      gross: 1234,
      tare: 0,
      net: 1234,
    });
    expect(acceptWeight({ grams: 1234, stable: true }, 234)).toEqual({
      gross: 1234,
      tare: 234,
      net: 1000,
    });
    expect(acceptWeight({ grams: 1, stable: true })).toEqual({ gross: 1, tare: 0, net: 1 });
  });

  it.each([
    [{ grams: 1234, stable: false }, 0, 'scale.unstable'],
    [{ grams: -5, stable: true }, 0, 'scale.negative'],
    [{ grams: 0, stable: true }, 0, 'scale.empty'],
    [{ grams: 0, stable: true }, 300, 'scale.empty'],
    [{ grams: 300, stable: true }, 300, 'scale.below_tare'],
    [{ grams: 250, stable: true }, 300, 'scale.below_tare'],
    [{ grams: 1.5, stable: true }, 0, 'scale.bad_weight'],
    [{ grams: Number.NaN, stable: true }, 0, 'scale.bad_weight'],
    [{ grams: 1000, stable: true }, -1, 'scale.bad_tare'],
    [{ grams: 1000, stable: true }, 0.5, 'scale.bad_tare'],
  ])('refuses %j with a tare of %d: %s', (reading, tare, code) => {
    expect(codeOf(() => acceptWeight(reading, tare))).toBe(code);
  });

  it('says which weight and tare it refused', () => {
    try {
      acceptWeight({ grams: 250, stable: true }, 300);
    } catch (error) {
      expect((error as TillError).details).toEqual({ grams: 250, tare: 300 });
      expect((error as TillError).message).toContain('250 g');
    }
  });
});

describe('the simulated scale', () => {
  const fast = { reconnect: { initialDelayMs: 5, maxDelayMs: 20 } };

  it('answers like a Toledo 8217', async () => {
    const scale = new SimScale({ grams: 1234 }, fast);
    scale.start();
    // Read while the line is still connecting: the read waits for it.
    expect(await scale.readWeight()).toEqual({ grams: 1234, stable: true });
    expect(scale.status().state).toBe('connected');
    scale.set({ stable: false });
    expect((await rejection(scale.readWeight())).code).toBe('scale.unstable');
    scale.set({ stable: true, grams: -20 });
    expect((await rejection(scale.readWeight())).code).toBe('scale.negative');
    scale.set({ grams: 40_000, overload: true });
    expect((await rejection(scale.readWeight())).code).toBe('scale.overload');
    scale.set({ overload: false, grams: 0 });
    expect(await scale.readWeight()).toEqual({ grams: 0, stable: true });
    expect(() => scale.set({ grams: 1.5 })).toThrow(RangeError);
    expect(scale.simLine.written().toString()).toBe('WWWWW');
    await scale.close();
  });

  it('times out when silent, fails when unplugged, comes back by itself', async () => {
    const scale = new SimScale({ grams: 500, silent: true }, fast);
    scale.start();
    const states: string[] = [];
    scale.onStatus((status) => states.push(status.state));
    expect((await rejection(scale.readWeight({ timeoutMs: 50 }))).code).toBe('scale.no_answer');
    expect(scale.status()).toMatchObject({ state: 'offline' });
    expect(scale.status().detail).toMatch(/does not answer/);
    scale.set({ silent: false });
    expect((await scale.readWeight()).grams).toBe(500);
    scale.simLine.unplug();
    expect(scale.status().state).toBe('offline');
    const offline = await rejection(scale.readWeight());
    expect(offline.code).toBe('scale.offline');
    expect(offline.message).toMatch(/unplugged/);
    scale.simLine.plug();
    await vi.waitFor(() => expect(scale.status().state).toBe('connected'), { timeout: 60_000 });
    expect((await scale.readWeight()).grams).toBe(500);
    expect(states).toContain('offline');
    expect(states.at(-1)).toBe('connected');
    await scale.close();
    expect((await rejection(scale.readWeight())).code).toBe('scale.offline');
  });

  it('a line unplugged during a request fails it at once with scale.offline', async () => {
    const scale = new SimScale({ grams: 500, silent: true }, fast);
    scale.start();
    const pending = scale.readWeight({ timeoutMs: 20_000 });
    await vi.waitFor(() => expect(scale.simLine.written().length).toBe(1), { timeout: 60_000 });
    const started = Date.now();
    scale.simLine.unplug();
    expect((await rejection(pending)).code).toBe('scale.offline');
    expect(Date.now() - started).toBeLessThan(5000);
    await scale.close();
  });

  it('cannot be read before it is started', async () => {
    expect((await rejection(new SimScale({ grams: 1 }).readWeight())).code).toBe('scale.offline');
  });

  it('queues concurrent reads: one request on the line at a time', async () => {
    const scale = new SimScale({ grams: 700 }, fast);
    scale.start();
    const readings = await Promise.all([1, 2, 3, 4].map(() => scale.readWeight()));
    expect(readings.map((reading) => reading.grams)).toEqual([700, 700, 700, 700]);
    expect(scale.simLine.writes().map(String)).toEqual(['W', 'W', 'W', 'W']);
    await scale.close();
  });

  it('waitForStableWeight waits for the scale to settle', async () => {
    const scale = new SimScale({ grams: 980, stable: false }, fast);
    scale.start();
    setTimeout(() => scale.set({ stable: true }), 50);
    expect(await waitForStableWeight(scale, { timeoutMs: 10_000, pollMs: 10 })).toEqual({
      grams: 980,
      stable: true,
    });
    await scale.close();
  });

  it('waitForStableWeight gives up with scale.unstable, and passes other refusals at once', async () => {
    const scale = new SimScale({ grams: 980, stable: false }, fast);
    scale.start();
    const error = await rejection(waitForStableWeight(scale, { timeoutMs: 60, pollMs: 10 }));
    expect(error.code).toBe('scale.unstable');
    scale.set({ overload: true });
    const started = Date.now();
    const overload = await rejection(waitForStableWeight(scale, { timeoutMs: 10_000 }));
    expect(overload.code).toBe('scale.overload');
    expect(Date.now() - started).toBeLessThan(5000);
    await scale.close();
  });
});

describe('createScale', () => {
  it('makes a scale for each configuration', async () => {
    const none = createScale(parseDeviceUri('scale', 'none'));
    expect(none.status()).toMatchObject({ device: 'scale', state: 'disabled' });
    expect((await rejection(none.readWeight())).code).toBe('scale.disabled');

    const sim = createScale(parseDeviceUri('scale', 'sim'));
    expect(sim).toBeInstanceOf(SimScale);

    const serial = createScale(parseDeviceUri('scale', 'serial:/dev/ttyUSB1?protocol=toledo8217'));
    expect(serial.name).toBe('serial:/dev/ttyUSB1?protocol=toledo8217');
    expect(serial.status().state).toBe('offline');
  });

  it('a write that fails is scale.offline, in words', async () => {
    const line = new SimLine('test:scale');
    const scale = createScale(parseDeviceUri('scale', 'serial:/dev/null'), {
      createTransport: () => line.createTransport(),
    });
    scale.start();
    line.failWrites(new Error('EIO'));
    const failed = await rejection(scale.readWeight());
    expect(failed.code).toBe('scale.offline');
    expect(failed.message).toContain('EIO');
    await scale.close();
  });
});
