/** The scale a configuration names. */
import { TillError } from '../../domain/errors';
import { ReconnectingLink, type LinkOptions, type TransportFactory } from '../reconnect';
import { createTransport, type TransportDeps } from '../transports';
import type { SimLine } from '../transports/sim';
import { SCALE_PROTOCOLS, type ScaleConfig, type ScaleProtocol } from '../uri';
import { NoScale, Toledo8217Scale, type Scale, type Toledo8217Options } from './driver';
import { SimScale } from './simulator';

export type { Scale };

export interface ScaleOptions extends Toledo8217Options {
  /** Backoff, timers and timeouts of the reconnecting line. */
  reconnect?: LinkOptions;
  /** What transports need (timeouts). */
  transport?: TransportDeps;
  /** Replaces the transport the configuration names (tests, benches). */
  createTransport?: TransportFactory;
  /** sim: the simulated scale's line. */
  simLine?: SimLine;
}

/** The scale a configuration (drivers/uri.ts, `parseDeviceUri('scale', ...)`) names. Not started. */
export function createScale(config: ScaleConfig, options: ScaleOptions = {}): Scale {
  const { reconnect, transport, createTransport: factory, simLine, ...driver } = options;
  switch (config.transport) {
    case 'none':
      return new NoScale();
    case 'sim':
      return new SimScale(
        {},
        { ...driver, ...(simLine ? { simLine } : {}), ...(reconnect ? { reconnect } : {}) },
      );
    case 'serial': {
      const protocol: ScaleProtocol = config.protocol;
      switch (protocol) {
        case 'toledo8217': {
          const link = new ReconnectingLink(
            factory ?? (() => createTransport(config, transport)),
            reconnect,
          );
          return new Toledo8217Scale(link, { name: config.uri, ...driver });
        }
        default:
          throw new TillError(
            'scale.unknown_protocol',
            `Unknown scale protocol ${JSON.stringify(protocol)} (known: ${SCALE_PROTOCOLS.join(', ')})`,
            { protocol },
          );
      }
    }
  }
}
