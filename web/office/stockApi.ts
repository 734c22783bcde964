import type { ShelfLabel } from '../../domain/shelf-label';
import { ApiError, queryText } from './api';

/**
 * The stock routes the back office's stock pages call (server/routes/inventories.ts and
 * labels.ts): inventories and their progress, a manager's view of the variances, losses,
 * near-expiry and the label queue. What moves stock or marks labels goes as a stock event whose
 * UUID the page makes once per act, so that a second click or a re-send is applied once.
 */

export type InventoryStatus = 'open' | 'applied' | 'cancelled';

export interface InventoryRow {
  id: number;
  zone: string;
  status: InventoryStatus;
  openedAt: string;
  closedAt: string | null;
  counters: number;
  counted: number;
  zoneProducts: number;
  lastScanAt: string | null;
}

export type LineStatus = 'uncounted' | 'counted' | 'recounted' | 'recount' | 'applied';

export interface InventoryLine {
  productId: number;
  name: string | null;
  unit: 'piece' | 'kg';
  status: LineStatus;
  countedAt: string | null;
  expected: number | null;
  counted: number | null;
  variance: number | null;
  unitCost: number | null;
  varianceValue: number | null;
}

export interface InventoryView {
  id: number;
  zone: string | null;
  status: InventoryStatus;
  lines: InventoryLine[];
}

export interface RecountList {
  inventoryId: number;
  zone: string | null;
  status: InventoryStatus;
  products: { id: number; name: string; barcodes: string[] }[];
}

export interface AppliedInventory {
  id: number;
  status: 'applied';
  lines: number;
  adjusted: number;
  varianceValue: number;
}

export interface Loss {
  id: number;
  productId: number;
  name: string;
  quantity: number;
  reason: string;
  unitCost: number | null;
  value: number | null;
  bestBefore: string | null;
  note: string | null;
  zone: string | null;
  at: string;
}

export interface LossReport {
  losses: Loss[];
  byReason: { reason: string; losses: number; value: number; withoutCost: number }[];
}

export interface NearExpiry {
  productId: number;
  name: string;
  zone: string | null;
  bestBefore: string;
  seenAt: string;
}

async function call<T>(method: string, url: string, payload?: object): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: payload ? { 'content-type': 'application/json' } : {},
    ...(payload ? { body: JSON.stringify(payload) } : {}),
  });
  if (!response.ok) throw await refusal(response);
  return (await response.json()) as T;
}

/** A refused answer in the server's words, its status kept (a 403 is said as such). */
async function refusal(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as {
    error?: string;
    problems?: { path: string; message: string }[];
  };
  const words = body.problems?.length
    ? body.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')
    : body.error;
  return new ApiError(words ?? `HTTP ${response.status}`, response.status);
}

export const fetchInventories = () => call<InventoryRow[]>('GET', '/v1/stock/inventories');

export const fetchInventory = (id: number) =>
  call<InventoryView>('GET', `/v1/stock/inventories/${id}`);

export const fetchRecount = (id: number) =>
  call<RecountList>('GET', `/v1/stock/inventories/${id}/recount`);

export const openInventory = (request: {
  zone: string;
  toleranceUnits?: number;
  toleranceBp?: number;
}) => call<{ id: number; zone: string }>('POST', '/v1/stock/inventories', request);

export const cancelInventory = (id: number) =>
  call<{ id: number }>('POST', `/v1/stock/inventories/${id}/cancel`, {});

/**
 * The page's act as a stock event: its own UUID (the operation id), a device of its own (one per
 * act: the back office keeps no sequence), and the time it was done.
 */
export function pageEvent(kind: string, payload: Record<string, unknown>) {
  const uuid = crypto.randomUUID();
  return {
    uuid,
    deviceId: `office-${uuid.replace(/-/g, '')}`,
    seq: 1,
    kind,
    at: new Date().toISOString(),
    payload,
  };
}
export type PageEvent = ReturnType<typeof pageEvent>;

export const applyInventory = (id: number, event: PageEvent) =>
  call<AppliedInventory>('POST', `/v1/stock/inventories/${id}/apply`, event);

export const fetchLosses = (query: { from: string; to: string; zone?: string }) =>
  call<LossReport>('GET', `/v1/stock/losses?${queryText(query)}`);

export const fetchNearExpiry = (query: { zone?: string; days: number }) =>
  call<NearExpiry[]>('GET', `/v1/stock/near-expiry?${queryText(query)}`);

export async function fetchLabels(): Promise<ShelfLabel[]> {
  return (await call<{ labels: ShelfLabel[] }>('GET', '/v1/labels')).labels;
}

export type LabelFormat = 'pdf' | 'zpl';

/** A sheet as the server made it: the file, its name, and how many labels were marked. */
export interface LabelDocument {
  blob: Blob;
  fileName: string;
  count: number;
  marked: number | null;
}

async function labelDocument(url: string, payload: object): Promise<LabelDocument> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  if (!response.ok) throw await refusal(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const marked = response.headers.get('x-labels-marked');
  return {
    blob: await response.blob(),
    fileName: /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'labels',
    count: Number(response.headers.get('x-label-count') ?? 0),
    marked: marked === null ? null : Number(marked),
  };
}

/** Prints these products' waiting labels: marked printed once per print event. */
export const printLabels = (event: PageEvent, format: LabelFormat, size: string) =>
  labelDocument(`/v1/labels/print?${queryText({ format, size })}`, event);

/** Any products' labels again: the queue is untouched. */
export const reprintLabels = (productIds: number[], format: LabelFormat, size: string) =>
  labelDocument(`/v1/labels/reprint?${queryText({ format, size })}`, { productIds });

/** Hands a document to the browser as a download. */
export function download(document_: LabelDocument | { blob: Blob; fileName: string }) {
  const url = URL.createObjectURL(document_.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = document_.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
