import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TillEvents } from '../../main/api';
import type { DeviceStatusView } from '../bridge/types';
import type { Call } from './call';

export type SyncStatusView = TillEvents['sync_status'];

/** What the status bar shows: the devices, receipts waiting to print, the sync. */
export interface StatusState {
  devices: DeviceStatusView[];
  /** null until the till said: no sync client, or not asked yet. */
  sync: SyncStatusView | null;
  refresh(): Promise<void>;
  deviceChanged(status: DeviceStatusView): void;
  syncChanged(status: SyncStatusView): void;
}

export type StatusStore = StoreApi<StatusState>;

export function createStatusStore(call: Call): StatusStore {
  return createStore<StatusState>()((set) => ({
    devices: [],
    sync: null,
    async refresh() {
      const devices = await call('devices', {}, { quiet: true });
      if (devices.ok) set({ devices: devices.value });
    },
    deviceChanged(status) {
      set(({ devices }) => ({
        devices: devices.some((known) => known.device === status.device)
          ? devices.map((known) => (known.device === status.device ? status : known))
          : [...devices, status],
      }));
    },
    syncChanged(sync) {
      set({ sync });
    },
  }));
}
