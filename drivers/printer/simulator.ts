import type { Unsubscribe } from '../types';

/** The state a simulated printer answers DLE EOT with. */
export interface SimulatedPrinterState {
  coverOpen?: boolean;
  paperOut?: boolean;
  paperNearEnd?: boolean;
  error?: boolean;
  drawerPin3High?: boolean;
  /** Not answering at all (switched off behind its line). */
  silent?: boolean;
}

/** The bytes a printer in `state` answers to DLE EOT n. */
export function statusAnswer(n: number, state: SimulatedPrinterState): number {
  const offline = Boolean(state.coverOpen || state.paperOut || state.error);
  switch (n) {
    case 1:
      return 0x12 | (state.drawerPin3High ? 0x04 : 0) | (offline ? 0x08 : 0);
    case 2:
      return (
        0x12 | (state.coverOpen ? 0x04 : 0) | (state.paperOut ? 0x20 : 0) | (state.error ? 0x40 : 0)
      );
    case 3:
      return 0x12;
    case 4:
      return 0x12 | (state.paperNearEnd ? 0x0c : 0) | (state.paperOut ? 0x60 : 0);
    default:
      return 0x12;
  }
}

/**
 * Makes a simulated line (drivers/transports/sim.ts's SimLine) behave as an ESC/POS printer that
 * answers DLE EOT from `state()`; everything else it is sent is only recorded by the line.
 */
export function answerStatusRequests(
  line: {
    onWrite(listener: (bytes: Uint8Array) => void): Unsubscribe;
    inject(bytes: Uint8Array): boolean;
  },
  state: () => SimulatedPrinterState,
): Unsubscribe {
  let tail: number[] = [];
  return line.onWrite((bytes) => {
    const seen = [...tail, ...bytes];
    const answers: number[] = [];
    let i = 0;
    for (; i + 2 < seen.length; i++) {
      const n = seen[i + 2] ?? 0;
      if (seen[i] === 0x10 && seen[i + 1] === 0x04 && n >= 1 && n <= 4) {
        answers.push(statusAnswer(n, state()));
        i += 2;
      }
    }
    tail = seen.slice(Math.max(i, seen.length - 2));
    if (answers.length > 0 && !state().silent) {
      // Answer after the write returns, as a device on a line would.
      setTimeout(() => line.inject(Uint8Array.from(answers)), 1);
    }
  });
}
