/** The customer display a configuration names. */
import { ReconnectingLink, type LinkOptions, type TransportFactory } from '../reconnect';
import { createTransport, type TransportDeps } from '../transports';
import type { SimLine } from '../transports/sim';
import type { DisplayConfig } from '../uri';
import { EscPosDisplay, NoDisplay, type CustomerDisplay, type DisplayOptions } from './driver';
import { SimDisplay } from './simulator';

export type { CustomerDisplay };

export interface CreateDisplayOptions extends DisplayOptions {
  /** Backoff, timers and timeouts of the reconnecting line. */
  reconnect?: LinkOptions;
  /** What transports need (timeouts). */
  transport?: TransportDeps;
  /** Replaces the transport the configuration names (tests, benches). */
  createTransport?: TransportFactory;
  /** sim: the simulated display's line. */
  simLine?: SimLine;
}

/** The display a configuration (drivers/uri.ts, `parseDeviceUri('display', ...)`) names. Not started. */
export function createDisplay(
  config: DisplayConfig,
  options: CreateDisplayOptions,
): CustomerDisplay {
  const { reconnect, transport, createTransport: factory, simLine, ...driver } = options;
  switch (config.transport) {
    case 'none':
      return new NoDisplay(driver);
    case 'sim':
      return new SimDisplay({
        ...driver,
        ...(simLine ? { simLine } : {}),
        ...(reconnect ? { reconnect } : {}),
      });
    case 'serial': {
      const link = new ReconnectingLink(
        factory ?? (() => createTransport(config, transport)),
        reconnect,
      );
      return new EscPosDisplay(link, { name: config.uri, ...driver });
    }
  }
}
