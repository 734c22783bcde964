import { Dexie, type DexieOptions, type Table } from 'dexie';
import type { HandProduct } from '../../domain/hand-wire';

/** A stock event as the server's POST /v1/stock/events takes it (server/stock/events.ts). */
export interface StockEventWire {
  uuid: string;
  deviceId: string;
  seq: number;
  kind: string;
  at: string;
  payload: Record<string, unknown>;
}

/**
 * An event in the outbox: `waiting` until the server's answer names it; `sent` once it says
 * applied or duplicate (it holds the event either way); `refused` when it says why not, shown to
 * the volunteer until they have read it (`seen`). Never deleted: the device's own record.
 */
export interface OutboxRow extends StockEventWire {
  state: 'waiting' | 'sent' | 'refused' | 'seen';
  sentAt: string | null;
  error: string | null;
}

/** Small facts kept with the data: the device id, its last sequence number, the last send. */
export interface MetaRow {
  key: 'deviceId' | 'seq' | 'lastSentAt' | 'catalogueAt' | 'nomenclature' | 'work';
  value: unknown;
}

/**
 * The handheld's IndexedDB: its outbox, its copy of the catalogue, and its facts. Whatever is
 * written here before the answer is shown survives a closed tab, a killed browser, a dead battery.
 */
export class HandDb extends Dexie {
  outbox!: Table<OutboxRow, string>;
  products!: Table<HandProduct, number>;
  meta!: Table<MetaRow, MetaRow['key']>;

  constructor(name = 'emm-hand', options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      outbox: 'uuid, seq, [state+seq]',
      products: 'id',
      meta: 'key',
    });
  }
}
