import type { Milli } from '../../domain/money';
import { ReconnectingLink, type LinkOptions } from '../reconnect';
import { SimLine } from '../transports/sim';
import {
  WEIGHT_REQUEST,
  encodeToledo8217Answer,
  statusAnswer,
  type Toledo8217Answer,
} from './codec';
import { Toledo8217Scale, type Toledo8217Options } from './driver';

/** What is on the simulated scale. */
export interface SimScaleState {
  /** The weight on the scale in grams; negative reads as "under zero". */
  grams: Milli;
  /** False while the weight settles: the scale answers "in motion". */
  stable: boolean;
  overload: boolean;
  /** The scale says nothing (switched off at its end of a live cable). */
  silent: boolean;
}

export interface SimScaleOptions extends Toledo8217Options {
  /** The simulated device's line (to unplug it in tests); a new one if omitted. */
  simLine?: SimLine;
  reconnect?: LinkOptions;
}

/**
 * A scale for demos and tests, with a settable weight: a simulated Toledo 8217 on a SimLine,
 * read by the real driver through a ReconnectingLink, so it answers exactly as a real one does
 * (`scale.unstable`, ...). `simLine.unplug()` / `plug()` take it away and bring it back.
 */
export class SimScale extends Toledo8217Scale {
  readonly simLine: SimLine;
  private state: SimScaleState = { grams: 0, stable: true, overload: false, silent: false };

  constructor(initial: Partial<SimScaleState> = {}, options: SimScaleOptions = {}) {
    const simLine = options.simLine ?? new SimLine('sim:scale');
    super(new ReconnectingLink(() => simLine.createTransport(), options.reconnect), {
      name: 'sim:scale',
      ...options,
    });
    this.simLine = simLine;
    this.set(initial);
    simLine.onWrite((bytes) => {
      if (this.state.silent || !bytes.includes(WEIGHT_REQUEST[0] ?? 0)) return;
      const frame = encodeToledo8217Answer(this.answer());
      // Answer on a later turn, as a real line would.
      setTimeout(() => simLine.inject(frame), 1);
    });
  }

  set(state: Partial<SimScaleState>): void {
    if (state.grams !== undefined && !Number.isSafeInteger(state.grams))
      throw new RangeError(`grams must be an integer, got ${state.grams}`);
    this.state = { ...this.state, ...state };
  }

  get(): SimScaleState {
    return { ...this.state };
  }

  private answer(): Toledo8217Answer {
    const { grams, stable, overload } = this.state;
    if (overload) return statusAnswer({ overCapacity: true });
    if (grams < 0) return statusAnswer({ underZero: true });
    if (!stable) return statusAnswer({ motion: true });
    return { kind: 'weight', grams };
  }
}
