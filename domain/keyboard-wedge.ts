/**
 * Keyboard-wedge scanners type the code as keystrokes and press Enter. The renderer tells a scan
 * from a person typing by speed: a scanner sends its characters a few milliseconds apart, a person
 * tens to hundreds of milliseconds apart.
 *
 * Nothing is held back: every key reaches the focused field at once, as the person typing
 * expects. The detector only remembers the burst of characters that arrived fast; when a
 * terminator (Enter) ends a burst that reads as a scan, it says so, with what the renderer noted
 * about each of the scan's keys (where it landed), so that the renderer takes the code back out
 * of the field and swallows the Enter. Holding keys and replaying them later, as this once did,
 * lost and reordered a scan whenever the scanner stalled.
 *
 * A scanner behind a USB hub stalls now and then inside a code (up to `maxStallMs`, 100 ms): a
 * burst may hold a few such pauses, as long as most of its gaps are a scanner's (at most
 * `maxGapMs`). A person never types three quarters of their keys 30 ms apart.
 *
 * Pure: no timers, no clock. Time comes in the events (KeyboardEvent.timeStamp).
 */

export interface WedgeKeyEvent {
  /** KeyboardEvent.key: one character for a printable key, a name ("Enter", "Shift"…) otherwise. */
  readonly key: string;
  /** Milliseconds on a monotonic clock (KeyboardEvent.timeStamp). */
  readonly time: number;
}

export interface WedgeOptions {
  /** Largest gap between two keys of a scanner in its stride, in ms (default 30). */
  readonly maxGapMs?: number;
  /** Longest pause inside one scan (a scanner stalling behind a USB hub), in ms (default 100). */
  readonly maxStallMs?: number;
  /** Most pauses longer than `maxGapMs` in one scan (default 2). */
  readonly maxStalls?: number;
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
 * What the renderer does with the key it just pushed:
 * - `key`: a character; let it have its usual effect (it types into the focused field);
 * - `scan`: the current key ended a scan of `code`: swallow it, and take the code's characters
 *   back out of where they landed (`notes`, in the order the keys came, one per character);
 * - `pass`: anything else; its usual effect.
 */
export type WedgeResult<N> =
  | { readonly kind: 'key' }
  | { readonly kind: 'scan'; readonly code: string; readonly notes: readonly N[] }
  | { readonly kind: 'pass' };

export interface WedgeDetector<N> {
  /** A key; `note` is kept with a character (where it landed) and given back with its scan. */
  push(event: WedgeKeyEvent, note: N): WedgeResult<N>;
  /** Forgets the burst (a chord, the focus moved by the person): what follows starts afresh. */
  reset(): void;
}

export const DEFAULT_WEDGE_OPTIONS = {
  maxGapMs: 30,
  maxStallMs: 100,
  maxStalls: 2,
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

const KEY: WedgeResult<never> = Object.freeze({ kind: 'key' });
const PASS: WedgeResult<never> = Object.freeze({ kind: 'pass' });

/** Whether a KeyboardEvent.key types a character (rather than naming a key such as "Enter"). */
export function isCharacterKey(key: string): boolean {
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

export function createWedgeDetector<N = undefined>(options: WedgeOptions = {}): WedgeDetector<N> {
  const option = (name: 'maxGapMs' | 'maxStallMs' | 'maxStalls' | 'minLength' | 'maxLength') =>
    nonNegative(options[name] ?? DEFAULT_WEDGE_OPTIONS[name], name);
  const maxGapMs = option('maxGapMs');
  const maxStallMs = Math.max(maxGapMs, option('maxStallMs'));
  const maxStalls = option('maxStalls');
  const minLength = Math.max(1, option('minLength'));
  const maxLength = option('maxLength');
  const terminators = new Set<string>(options.terminators ?? DEFAULT_WEDGE_OPTIONS.terminators);
  const ignored = new Set<string>(options.ignoredKeys ?? DEFAULT_WEDGE_OPTIONS.ignoredKeys);

  /** The characters of the burst, with their notes. */
  let burst: { key: string; note: N }[] = [];
  /** Time of the burst's last character. */
  let lastTime = 0;
  /** Gaps of the burst longer than a scanner's stride (each at most maxStallMs). */
  let stalls = 0;

  /** A gap the burst goes on across: a scanner's stride, or a stall once the scan has begun. */
  const gapKind = (time: number): 'fast' | 'stall' | 'break' => {
    const gap = time - lastTime;
    // A clock going backwards is not trusted to be a scanner.
    if (gap < 0 || gap > maxStallMs) return 'break';
    if (gap <= maxGapMs) return 'fast';
    // A pause after a single key is a person's key followed by a scan, not a stalled scan.
    return burst.length >= 2 ? 'stall' : 'break';
  };

  const reset = () => {
    burst = [];
    stalls = 0;
  };

  return {
    push(event, note) {
      const { key, time } = event;
      if (ignored.has(key)) return PASS;
      if (terminators.has(key)) {
        // An empty burst is no scan whatever the gap: minLength is at least 1.
        const kind = gapKind(time);
        const slow = stalls + (kind === 'stall' ? 1 : 0);
        const gaps = burst.length; // between the characters, and to the terminator
        const code = burst.map((typed) => typed.key).join('');
        const scan =
          kind !== 'break' &&
          burst.length >= minLength &&
          burst.length <= maxLength &&
          slow <= maxStalls &&
          gaps - slow >= slow * 3 &&
          looksLikeBarcode(code);
        const notes = burst.map((typed) => typed.note);
        reset();
        return scan ? { kind: 'scan', code, notes } : PASS;
      }
      if (!isCharacterKey(key)) {
        // Backspace, Tab, arrows…: a person at the keyboard.
        reset();
        return PASS;
      }
      const kind = gapKind(time);
      if (kind === 'break') reset();
      else if (kind === 'stall') stalls++;
      burst.push({ key, note });
      lastTime = time;
      return KEY;
    },

    reset,
  };
}
