import { createStore, type StoreApi } from 'zustand/vanilla';
import type { TillEvents } from '../../main/api';
import type { DeviceStatusView, PrintQueueView } from '../bridge/types';
import type { Call } from './call';

export type SyncStatusView = TillEvents['sync_status'];

/** What the status bar shows: the devices, receipts waiting to print, the sync. */
export interface StatusState {
  devices: DeviceStatusView[];
  /** null until the till said (not asked yet). */
  sync: SyncStatusView | null;
  /** Receipts waiting for the printer, and those that may not have reached the paper. */
  printQueue: PrintQueueView | null;
  /** The till is in training mode: a banner on every screen. */
  training: boolean;
  refresh(): Promise<void>;
  printQueueChanged(counts: PrintQueueView): void;
  deviceChanged(status: DeviceStatusView): void;
  syncChanged(status: SyncStatusView): void;
  trainingChanged(active: boolean): void;
}

export type StatusStore = StoreApi<StatusState>;

export function createStatusStore(call: Call): StatusStore {
  return createStore<StatusState>()((set) => ({
    devices: [],
    sync: null,
    printQueue: null,
    training: false,
    async refresh() {
      const [devices, printQueue, sync, training] = await Promise.all([
        call('devices', {}, { quiet: true }),
        call('printQueue', {}, { quiet: true }),
        call('syncStatus', {}, { quiet: true }),
        call('training', {}, { quiet: true }),
      ]);
      if (training.ok) set({ training: training.value.active });
      if (devices.ok) set({ devices: devices.value });
      if (printQueue.ok) set({ printQueue: printQueue.value });
      // An event may have come first: it is newer than this answer.
      if (sync.ok) set((state) => ({ sync: state.sync ?? sync.value }));
    },
    printQueueChanged(printQueue) {
      set({ printQueue });
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
    trainingChanged(training) {
      set({ training });
    },
  }));
}
