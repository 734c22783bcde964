/**
 * Makes the transport a device configuration names. Each call returns a new, unopened transport:
 * a ReconnectingLink calls this once per (re)connection.
 */
import type { DevicePathPolicy } from '../device-path';
import type { Transport } from '../types';
import type { TransportConfig } from '../uri';
import { FileTransport } from './file';
import { HidTransport, type OpenHidDevice } from './hid';
import { SerialTransport } from './serial';
import { SimLine } from './sim';
import { TcpTransport } from './tcp';

export interface TransportDeps {
  /** The simulated device behind a `sim` transport (a fresh, silent one if omitted). */
  simLine?: SimLine;
  /** Opens HID devices (node-hid, loaded lazily, if omitted). */
  openHidDevice?: OpenHidDevice;
  /** TCP: give up connecting after this long (default 5000 ms). */
  connectTimeoutMs?: number;
  /** TCP: idle time before keepalive probes (default 10 000 ms). */
  keepAliveMs?: number;
  /** How long a write may take before the line is deemed stuck (per transport defaults). */
  writeTimeoutMs?: number;
  /** Serial: how often to check that the device node is still there (default 500 ms). */
  presenceCheckMs?: number;
  /** File: which paths may be opened (from the environment unless told). */
  paths?: DevicePathPolicy;
}

export function createTransport(config: TransportConfig, deps: TransportDeps = {}): Transport {
  const write = deps.writeTimeoutMs === undefined ? {} : { writeTimeoutMs: deps.writeTimeoutMs };
  switch (config.transport) {
    case 'serial':
      return new SerialTransport(config.serial, {
        ...write,
        ...(deps.presenceCheckMs === undefined ? {} : { presenceCheckMs: deps.presenceCheckMs }),
      });
    case 'tcp':
      return new TcpTransport(config.host, config.port, {
        ...write,
        ...(deps.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: deps.connectTimeoutMs }),
        ...(deps.keepAliveMs === undefined ? {} : { keepAliveMs: deps.keepAliveMs }),
      });
    case 'file':
      return new FileTransport(config.path, {
        ...write,
        ...(deps.paths === undefined ? {} : { paths: deps.paths }),
      });
    case 'hid':
      return new HidTransport(config.vendorId, config.productId, {
        ...write,
        ...(deps.openHidDevice ? { openHidDevice: deps.openHidDevice } : {}),
      });
    case 'sim':
      return (deps.simLine ?? new SimLine()).createTransport();
  }
}

export { BaseTransport, Listeners, setListenerErrorReporter } from './base';
export { FileTransport, type FileTransportOptions } from './file';
export {
  HID_USAGE_PAGE_BARCODE_SCANNER,
  HidTransport,
  openNodeHidDevice,
  type HidDeviceHandle,
  type HidTransportOptions,
  type OpenHidDevice,
} from './hid';
export { SerialTransport, type SerialTransportOptions } from './serial';
export { SimLine, SimTransport } from './sim';
export { TcpTransport, type TcpTransportOptions } from './tcp';
