/**
 * Keyboard-wedge scanners type the code as keystrokes and press Enter. The renderer tells a scan
 * from a person typing by speed: a scanner sends its characters a few milliseconds apart, a person
 * tens to hundreds of milliseconds apart.
 *
 * The detector holds back printable keys while they arrive fast (each at most `maxGapMs` after the
 * previous one). Enter after at least `minLength` such keys is a scan: the code is returned and the
 * keys are swallowed. Anything else is typing: the held keys are handed back, in order, for the
 * renderer to replay into the focused field.
 *
 * Pure: no timers, no clock. Time comes in the events (KeyboardEvent.timeStamp or
 * performance.now()). Since a held key is only released by the next key or by `flush`, the
 * renderer calls `flush(now)` about `maxGapMs` after a push that left keys pending
 * (`hasPending()`), so that a lone keystroke appears without waiting for the next one.
 */

export interface WedgeKeyEvent {
  /** KeyboardEvent.key: one character for a printable key, a name ("Enter", "Shift"…) otherwise. */
  readonly key: string;
  /** Milliseconds on a monotonic clock (KeyboardEvent.timeStamp). */
  readonly time: number;
}

export interface WedgeOptions {
  /** Largest gap between two keys of one scan, in ms (default 30). */
  readonly maxGapMs?: number;
  /** Fewest characters a scan has (default 4). */
  readonly minLength?: number;
  /** Most characters a scan has (default 64, as `looksLikeBarcode`). */
  readonly maxLength?: number;
  /** Keys that end a scan (default ["Enter"]; some scanners are set up to send Tab). */
  readonly terminators?: readonly string[];
  /** Keys a scanner sends along with characters and that neither end nor break a burst (default ["Shift"]). */
  readonly ignoredKeys?: readonly string[];
}

/**
 * What the renderer does with the key it just pushed (call it the current key):
 * - `pending`: swallow it (preventDefault); it is held and comes back later, in a scan or as typing;
 * - `scan`: swallow it; `code` was scanned (the keys that typed it were swallowed already);
 * - `typing`: first replay `keys` — printable keys swallowed earlier, in order, e.g. by inserting
 *   their text into the focused field — then let the current key have its usual effect if
 *   `passThrough`, or swallow it if not (it is held, or is the last of `keys`).
 */
export type WedgeResult =
  | { readonly kind: 'pending' }
  | { readonly kind: 'scan'; readonly code: string }
  | {
      readonly kind: 'typing';
      readonly keys: readonly WedgeKeyEvent[];
      readonly passThrough: boolean;
    };

export interface WedgeDetector {
  push(event: WedgeKeyEvent): WedgeResult;
  /**
   * No current key here: `pending` while the held keys are recent (at most `maxGapMs` before
   * `now`), else `typing` with the held keys to replay (none if nothing was held).
   */
  flush(now: number): WedgeResult;
  /** Whether keys are held back (the renderer then schedules a `flush`). */
  hasPending(): boolean;
  /** Forgets held keys (e.g. when the focus changes), returning them. */
  reset(): WedgeKeyEvent[];
}

export const DEFAULT_WEDGE_OPTIONS = {
  maxGapMs: 30,
  minLength: 4,
  maxLength: 64,
  terminators: ['Enter'],
  ignoredKeys: ['Shift'],
} as const satisfies Required<WedgeOptions>;

/** Most characters of a code (HID POS and serial scanners, keyboard wedge). */
export const MAX_BARCODE_LENGTH = 64;

/**
 * Whether a scanned code is worth giving to the till: 1 to 64 printable ASCII characters (space to
 * tilde). Noise — control characters, bytes of a broken line, an endless line — is not. Whether
 * the code means anything (its check digit, its rule) is the nomenclature's business.
 */
export function looksLikeBarcode(code: string): boolean {
  if (code.length < 1 || code.length > MAX_BARCODE_LENGTH) return false;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

const PENDING: WedgeResult = Object.freeze({ kind: 'pending' });

function isCharacter(key: string): boolean {
  // One code point: a printable key ("a", "7", "é", "€"); named keys are longer ("Enter").
  const first = key.codePointAt(0);
  return first !== undefined && key.length === (first > 0xffff ? 2 : 1);
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`Keyboard wedge option ${name} must be a non-negative number`);
  }
  return value;
}

export function createWedgeDetector(options: WedgeOptions = {}): WedgeDetector {
  const maxGapMs = nonNegative(options.maxGapMs ?? DEFAULT_WEDGE_OPTIONS.maxGapMs, 'maxGapMs');
  const minLength = Math.max(
    1,
    nonNegative(options.minLength ?? DEFAULT_WEDGE_OPTIONS.minLength, 'minLength'),
  );
  const maxLength = nonNegative(options.maxLength ?? DEFAULT_WEDGE_OPTIONS.maxLength, 'maxLength');
  const terminators = new Set<string>(options.terminators ?? DEFAULT_WEDGE_OPTIONS.terminators);
  const ignored = new Set<string>(options.ignoredKeys ?? DEFAULT_WEDGE_OPTIONS.ignoredKeys);

  /** Printable keys held back, each at most maxGapMs after the previous one. */
  let held: WedgeKeyEvent[] = [];
  /** Time of the last key of the burst (ignored keys included: they are part of it). */
  let lastTime = 0;
  /** A burst grew too long for a code: its keys pass through until a pause ends it. */
  let spilling = false;

  const isFast = (time: number): boolean => {
    const gap = time - lastTime;
    // A clock going backwards is not trusted to be a scanner: treat it as slow.
    return gap >= 0 && gap <= maxGapMs;
  };

  const takeHeld = (): WedgeKeyEvent[] => {
    const keys = held;
    held = [];
    return keys;
  };

  const typing = (keys: WedgeKeyEvent[], passThrough: boolean): WedgeResult =>
    !passThrough && keys.length === 0 ? PENDING : { kind: 'typing', keys, passThrough };

  return {
    push(event) {
      const { key, time } = event;
      if (spilling) {
        const fast = isFast(time);
        lastTime = time;
        if (fast) return typing([], true);
        spilling = false;
      }
      // A slow key ends the burst, which was not ended by a terminator: it was typing.
      const released = held.length > 0 && !isFast(time) ? takeHeld() : [];

      if (ignored.has(key)) {
        if (held.length === 0) return typing(released, true);
        lastTime = time;
        return PENDING;
      }
      if (terminators.has(key)) {
        const code = held.map((k) => k.key).join('');
        if (held.length >= minLength && held.length <= maxLength && looksLikeBarcode(code)) {
          held = [];
          return { kind: 'scan', code };
        }
        return typing(released.concat(takeHeld()), true);
      }
      if (!isCharacter(key)) {
        // Backspace, Tab, arrows…: a person at the keyboard.
        return typing(released.concat(takeHeld()), true);
      }
      held.push(event);
      lastTime = time;
      // Too long for a code (a paste, a stuck key): release it all, and the rest of the burst.
      if (held.length > maxLength) {
        spilling = true;
        return typing(released.concat(takeHeld()), false);
      }
      return typing(released, false);
    },

    flush(now) {
      if (held.length > 0 && isFast(now)) return PENDING;
      return { kind: 'typing', keys: takeHeld(), passThrough: false };
    },

    hasPending() {
      return held.length > 0;
    },

    reset() {
      spilling = false;
      return takeHeld();
    },
  };
}
