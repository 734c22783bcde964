/** What the device drivers share about the line they talk over. */
import type { DeviceState, Unsubscribe, WriteOptions } from './types';

/**
 * The line a device talks over, kept up by itself: drivers/reconnect.ts's ReconnectingLink fits (it
 * opens a new transport at each reconnection, with backoff, and refuses writes while offline).
 */
export interface DeviceLine {
  readonly status: { readonly state: string; readonly detail: string };
  onStatus(listener: (status: { state: string; detail: string }) => void): Unsubscribe;
  onData(listener: (chunk: Uint8Array) => void): Unsubscribe;
  write(bytes: Uint8Array, options?: WriteOptions): Promise<void>;
  start(): void;
  close(): Promise<void>;
}

const LINE_STATES: Record<string, DeviceState> = {
  connecting: 'connecting',
  connected: 'connected',
  offline: 'offline',
  closed: 'offline',
};

/** The device's state while its line is in `lineState`: a line that is not up is offline. */
export function deviceStateOfLine(lineState: string): DeviceState {
  return LINE_STATES[lineState] ?? 'offline';
}
