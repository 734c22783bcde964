import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect } from 'vitest';
import { setListenerErrorReporter, type Timers } from '../../drivers/reconnect';
import type { PtyPair } from './pty';

/**
 * Checks, after each test of the calling file, that no error escaped to the event loop, and
 * gathers what the drivers' listeners threw (reset before each test) into `listenerErrors`.
 */
export function guardEscapes(): { listenerErrors: unknown[] } {
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => escaped.push(error);
  const listenerErrors: unknown[] = [];

  beforeEach(() => {
    escaped.length = 0;
    listenerErrors.length = 0;
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    setListenerErrorReporter((error) => listenerErrors.push(error));
  });

  afterEach(async () => {
    // Let late callbacks run before looking.
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
    setListenerErrorReporter((error) => console.error(error));
    expect(escaped).toEqual([]);
  });

  return { listenerErrors };
}

/**
 * The device vanishes: its node first (as udev removes /dev/ttyACM0), then the line. Removing
 * the link first keeps a reconnect from opening a pty number another test's socat reuses.
 */
export async function unplug(pair: PtyPair): Promise<void> {
  rmSync(pair.device, { force: true });
  await pair.kill();
}

/** Timers run by hand: `advance` moves the clock and runs, in order, the timers that fall due. */
export class ManualTimers implements Timers {
  now = 0;
  private nextId = 1;
  private timers: { id: number; at: number; callback: () => void }[] = [];

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Delays of the timers waiting, from now. */
  pending(): number[] {
    return this.timers.map((t) => t.at - this.now).sort((a, b) => a - b);
  }

  advance(ms: number): void {
    const end = this.now + ms;
    while (this.runNextDue(end));
    this.now = end;
  }

  /** Runs the first timer due by `end` (the clock moved to it); false when there is none. */
  protected runNextDue(end: number): boolean {
    const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
    if (!due) return false;
    this.timers = this.timers.filter((t) => t !== due);
    this.now = due.at;
    due.callback();
    return true;
  }
}
