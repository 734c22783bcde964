import { ReconnectingLink, type LinkOptions } from '../reconnect';
import { Listeners } from '../transports/base';
import { SimLine } from '../transports/sim';
import type { Unsubscribe } from '../types';
import type { Screen } from './codec';
import { EscPosDisplay, type DisplayOptions } from './driver';
import { DisplayEmulator } from './emulator';

export interface SimDisplayOptions extends DisplayOptions {
  /** The simulated display's line (to unplug it in tests); a new one if omitted. */
  simLine?: SimLine;
  reconnect?: LinkOptions;
}

/**
 * A customer display for demos and tests: the real driver, through a ReconnectingLink, writing
 * into an emulator of the display on a SimLine, so `lines()` is what a DM-D would show for the
 * same bytes. `simLine.unplug()` / `plug()` take it away and bring it back.
 */
export class SimDisplay extends EscPosDisplay {
  readonly simLine: SimLine;
  readonly emulator = new DisplayEmulator();
  private readonly changeListeners = new Listeners<[Screen]>();

  constructor(options: SimDisplayOptions) {
    const simLine = options.simLine ?? new SimLine('sim:display');
    super(new ReconnectingLink(() => simLine.createTransport(), options.reconnect), {
      name: 'sim:display',
      ...options,
    });
    this.simLine = simLine;
    simLine.onWrite((bytes) => {
      this.emulator.feed(bytes);
      this.changeListeners.emit(this.emulator.lines());
    });
  }

  /** What the simulated display shows now. */
  lines(): Screen {
    return this.emulator.lines();
  }

  /** Every command received, by name. */
  commands(): readonly string[] {
    return this.emulator.commands;
  }

  /** Hears each change of the simulated screen (a mirror on the till's screen, in a demo). */
  onChange(listener: (screen: Screen) => void): Unsubscribe {
    return this.changeListeners.add(listener);
  }
}
