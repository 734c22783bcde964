import {
  CAN,
  CLR,
  DISPLAY_COLUMNS,
  DISPLAY_ROWS,
  ESC,
  HOM,
  US,
  codepageOf,
  decodeByte,
  type DisplayCodepage,
  type Screen,
} from './codec';

export type DisplayMode = 'overwrite' | 'vertical' | 'horizontal';

/**
 * Plays bytes as an Epson DM-D display in standard mode would: keeps its two lines, its cursor,
 * its page and mode, and the list of commands received (as readable names: "ESC @", "US $ 1 2",
 * "ESC t 19", ...). Unknown commands are listed as "unknown ..." so a test can refuse them.
 */
export class DisplayEmulator {
  readonly commands: string[] = [];
  private screen: string[][] = [];
  private row = 0;
  private column = 0;
  private codepage: DisplayCodepage = 'pc437';
  private mode: DisplayMode = 'overwrite';
  private cursorShown = true;
  private pending: number[] = [];

  constructor() {
    this.clear();
  }

  /** Feeds bytes; a command cut across two chunks waits for the rest. */
  feed(bytes: Uint8Array): void {
    this.pending.push(...bytes);
    let i = 0;
    while (i < this.pending.length) {
      const used = this.step(i);
      if (used === 0) break;
      i += used;
    }
    this.pending = this.pending.slice(i);
  }

  lines(): Screen {
    return [this.screen[0]?.join('') ?? '', this.screen[1]?.join('') ?? ''];
  }

  state(): {
    codepage: DisplayCodepage;
    mode: DisplayMode;
    cursorShown: boolean;
    cursor: [number, number];
  } {
    return {
      codepage: this.codepage,
      mode: this.mode,
      cursorShown: this.cursorShown,
      cursor: [this.column + 1, this.row + 1],
    };
  }

  /** Interprets the command or character at `i`; returns the bytes used, 0 if incomplete. */
  private step(i: number): number {
    const p = this.pending;
    const byte = p[i] ?? 0;
    const need = (count: number) => i + count <= p.length;
    const arg = (k: number) => p[i + k] ?? 0;
    if (byte === ESC) {
      if (!need(2)) return 0;
      const command = arg(1);
      if (command === 0x40) {
        this.commands.push('ESC @');
        this.clear();
        this.codepage = 'pc437';
        this.mode = 'overwrite';
        this.cursorShown = true;
        return 2;
      }
      if (command === 0x74 || command === 0x52 || command === 0x3d) {
        if (!need(3)) return 0;
        const n = arg(2);
        const name = command === 0x74 ? 't' : command === 0x52 ? 'R' : '=';
        this.commands.push(`ESC ${name} ${n}`);
        if (command === 0x74) {
          const page = codepageOf(n);
          if (page) this.codepage = page;
          else this.commands.push(`unknown page ${n}`);
        }
        return 3;
      }
      this.commands.push(`unknown ESC 0x${command.toString(16)}`);
      return 2;
    }
    if (byte === US) {
      if (!need(2)) return 0;
      const command = arg(1);
      if (command >= 0x01 && command <= 0x03) {
        this.commands.push(`US MD${command}`);
        this.mode = command === 1 ? 'overwrite' : command === 2 ? 'vertical' : 'horizontal';
        return 2;
      }
      if (command === 0x24) {
        if (!need(4)) return 0;
        const x = arg(2);
        const y = arg(3);
        this.commands.push(`US $ ${x} ${y}`);
        if (x >= 1 && x <= DISPLAY_COLUMNS && y >= 1 && y <= DISPLAY_ROWS) {
          this.column = x - 1;
          this.row = y - 1;
        }
        return 4;
      }
      if (command === 0x43 || command === 0x58 || command === 0x45 || command === 0x72) {
        if (!need(3)) return 0;
        const n = arg(2);
        this.commands.push(`US ${String.fromCharCode(command)} ${n}`);
        if (command === 0x43) this.cursorShown = n === 1;
        return 3;
      }
      if (command === 0x42) {
        this.commands.push('US B');
        this.row = DISPLAY_ROWS - 1;
        this.column = 0;
        return 2;
      }
      this.commands.push(`unknown US 0x${command.toString(16)}`);
      return 2;
    }
    if (byte === CLR) {
      this.commands.push('CLR');
      this.clear();
      return 1;
    }
    if (byte === HOM) {
      this.commands.push('HOM');
      this.row = 0;
      this.column = 0;
      return 1;
    }
    if (byte === CAN) {
      this.commands.push('CAN');
      this.screen[this.row] = Array<string>(DISPLAY_COLUMNS).fill(' ');
      this.column = 0;
      return 1;
    }
    if (byte === 0x0d) {
      this.commands.push('CR');
      this.column = 0;
      return 1;
    }
    if (byte === 0x0a) {
      this.commands.push('LF');
      this.lineFeed();
      return 1;
    }
    if (byte < 0x20 || byte === 0x7f) {
      this.commands.push(`unknown 0x${byte.toString(16)}`);
      return 1;
    }
    this.put(decodeByte(byte, this.codepage));
    return 1;
  }

  private put(char: string): void {
    const line = this.screen[this.row];
    if (line) line[this.column] = char;
    this.column++;
    if (this.column < DISPLAY_COLUMNS) return;
    this.column = 0;
    if (this.row < DISPLAY_ROWS - 1) this.row++;
    else if (this.mode === 'vertical') this.scroll();
    else this.row = 0;
  }

  private lineFeed(): void {
    if (this.row < DISPLAY_ROWS - 1) this.row++;
    else if (this.mode === 'vertical') this.scroll();
    else this.row = 0;
  }

  private scroll(): void {
    this.screen.shift();
    this.screen.push(Array<string>(DISPLAY_COLUMNS).fill(' '));
  }

  private clear(): void {
    this.screen = Array.from({ length: DISPLAY_ROWS }, () =>
      Array<string>(DISPLAY_COLUMNS).fill(' '),
    );
    this.row = 0;
    this.column = 0;
  }
}
