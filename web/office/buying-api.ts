import { ApiError, send } from './api';

/**
 * The buyer's calls: suppliers and their price lists (server/routes/suppliers.ts), purchase
 * orders, receptions and unknown barcodes (server/routes/purchasing.ts).
 */

export interface Supplier {
  id: number;
  name: string;
  email: string | null;
  active: boolean;
  leadDays: number;
  reviewDays: number;
  safetyDays: number;
  minimumOrder: number;
  freeDelivery: number | null;
  mapping: PriceListMapping | null;
  listVersion: number;
  updatedAt: string;
}

export type SupplierInput = Omit<Supplier, 'id' | 'mapping' | 'listVersion' | 'updatedAt'>;

export interface PriceListMapping {
  code: string;
  cost: string;
  barcode?: string;
  name?: string;
  packSize?: string;
  minimumPacks?: string;
  costPer: 'unit' | 'pack';
}

export interface SupplierProduct {
  productId: number;
  productName: string;
  supplierCode: string;
  packSize: number;
  cost: number;
  minimumPacks: number;
  active: boolean;
}

export interface LinkTerms {
  code: string;
  cost: number;
  packSize: number;
  minimumPacks: number;
}

interface PriceEffect {
  productName: string;
  currentPrice: number;
  currentCost: number | null;
  suggestedPrice: number;
}

export interface PriceListPreview {
  id: string;
  fileName: string | null;
  lines: number;
  added: (LinkTerms & PriceEffect & { line: number; productId: number })[];
  changed: (PriceEffect & {
    line: number;
    productId: number;
    before: LinkTerms & { active: boolean };
    after: LinkTerms;
    costChanged: boolean;
  })[];
  unchanged: number;
  gone: (LinkTerms & { productId: number; productName: string })[];
  unknown: { line: number; code: string; barcode?: string | null; name?: string | null }[];
  priceChanges: number;
  appliedAt?: string | null;
  effectiveFrom?: string | null;
}

export interface ApplyResult {
  effectiveFrom: string;
  linked: number;
  updated: number;
  deactivated: number;
  costsChanged: number;
  priceChangesQueued: number;
}

export const fetchSuppliers = (): Promise<Supplier[]> => send('GET', '/v1/suppliers');
export const fetchSupplier = (id: number): Promise<Supplier> => send('GET', `/v1/suppliers/${id}`);
export const createSupplier = (input: SupplierInput): Promise<Supplier> =>
  send('POST', '/v1/suppliers', input);
export const updateSupplier = (id: number, input: SupplierInput): Promise<Supplier> =>
  send('PUT', `/v1/suppliers/${id}`, input);
export const fetchSupplierProducts = (id: number): Promise<SupplierProduct[]> =>
  send('GET', `/v1/suppliers/${id}/products`);
export const putSupplierProduct = (
  id: number,
  productId: number,
  terms: { supplierCode: string; packSize: number; cost: number; minimumPacks: number },
): Promise<SupplierProduct> => send('PUT', `/v1/suppliers/${id}/products/${productId}`, terms);
export const stopSupplierProduct = (id: number, productId: number): Promise<unknown> =>
  send('DELETE', `/v1/suppliers/${id}/products/${productId}`);
export const saveMapping = (id: number, mapping: PriceListMapping): Promise<PriceListMapping> =>
  send('PUT', `/v1/suppliers/${id}/mapping`, mapping);

/** The supplier's file as its bytes: the server detects the encoding as the till's imports do. */
export async function previewPriceList(id: number, file: File): Promise<PriceListPreview> {
  const xlsx = /\.xlsx$/i.test(file.name);
  const response = await fetch(
    `/v1/suppliers/${id}/price-lists?file=${encodeURIComponent(file.name.slice(0, 200))}`,
    {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': xlsx
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv',
      },
      body: await file.arrayBuffer(),
    },
  );
  const body = (await response.json().catch(() => ({}))) as PriceListPreview & { error?: string };
  if (!response.ok) throw new ApiError(body.error ?? `HTTP ${response.status}`, response.status);
  return body;
}

export const applyPriceList = (
  id: number,
  importId: string,
  effectiveFrom: string,
): Promise<ApplyResult> =>
  send('POST', `/v1/suppliers/${id}/price-lists/${importId}/apply`, { effectiveFrom });

export type OrderStatus = 'draft' | 'sent' | 'partly_received' | 'received' | 'closed';
export const ORDER_STATUSES: readonly OrderStatus[] = [
  'draft',
  'sent',
  'partly_received',
  'received',
  'closed',
];

/** Why the suggestion said so, in numbers (domain/purchasing.ts Explanation). */
export interface Explanation {
  windowDays: number;
  outOfStockDays: number;
  salesDays: number;
  sold: number;
  perDay: number;
  coverDays: number;
  cover: { leadDays: number; reviewDays: number; safetyDays: number };
  target: number;
  onHand: number;
  onOrder: number;
  shortfall: number;
  packSize: number;
  minimumPacks: number;
  toppedUp: number;
}

export interface SuggestedLine {
  productId: number;
  name: string;
  nameNl: string | null;
  supplierCode: string;
  packSize: number;
  packs: number;
  quantity: number;
  unitCost: number;
  cost: number;
  explanation: Explanation;
}

export interface SupplierSuggestion {
  supplierId: number;
  supplierName: string;
  terms: { minimumOrder: number; freeDelivery: number | null };
  lines: SuggestedLine[];
  total: number;
  reachesMinimum: boolean;
  reachesFreeDelivery: boolean;
}

export async function fetchSuggestion(supplierId: number): Promise<SupplierSuggestion | null> {
  const answer = await send<{ suppliers: SupplierSuggestion[] }>(
    'GET',
    `/v1/purchasing/suggestions?supplierId=${supplierId}`,
  );
  return answer.suppliers[0] ?? null;
}

export interface OrderRow {
  id: number;
  supplierId: number;
  supplierName: string;
  status: OrderStatus;
  createdAt: string;
  sentAt: string | null;
}

export interface OrderLine {
  id: number;
  productId: number;
  name: string;
  nameNl: string | null;
  supplierCode: string | null;
  packSize: number;
  quantity: number;
  unitCost: number;
  cost: number;
  received: number;
  shortClosed: boolean;
  explanation: Explanation | null;
}

export interface Order {
  id: number;
  supplierId: number;
  supplierName: string;
  supplierEmail: string | null;
  status: OrderStatus;
  createdAt: string;
  sentAt: string | null;
  sentTo: string | null;
  closedAt: string | null;
  total: number;
  lines: OrderLine[];
}

export async function fetchOrders(status: OrderStatus | null): Promise<OrderRow[]> {
  const query = status ? `?status=${status}` : '';
  return (await send<{ orders: OrderRow[] }>('GET', `/v1/purchasing/orders${query}`)).orders;
}
export const fetchOrder = (id: number): Promise<Order> =>
  send('GET', `/v1/purchasing/orders/${id}`);
export const draftFromSuggestion = (supplierId: number): Promise<Order> =>
  send('POST', '/v1/purchasing/orders', { supplierId });
export const editOrderLines = (
  id: number,
  lines: { productId: number; quantity: number }[],
): Promise<Order> => send('PUT', `/v1/purchasing/orders/${id}/lines`, { lines });
export const sendOrder = (id: number, to: string | null): Promise<Order> =>
  send(
    'POST',
    `/v1/purchasing/orders/${id}/send`,
    to === null ? { by: 'download' } : { by: 'email', to },
  );
export const closeOrder = (id: number): Promise<Order> =>
  send('POST', `/v1/purchasing/orders/${id}/close`, {});

export type Outcome = 'ok' | 'short' | 'over' | 'missing' | 'substituted' | 'unexpected';

export interface Reception {
  id: string;
  status: 'open' | 'validated';
  openedAt: string;
  validatedAt: string | null;
  shortages: 'backorder' | 'close' | null;
  results: {
    productId: number;
    name: string;
    nameNl: string | null;
    outcome: Outcome;
    ordered: number;
    received: number;
    orderedCost: number | null;
    unitCost: number | null;
  }[];
  unknownBarcodes: { barcode: string; quantity: number }[];
}

export async function fetchReceptions(orderId: number): Promise<Reception[]> {
  return (
    await send<{ receptions: Reception[] }>('GET', `/v1/purchasing/orders/${orderId}/receptions`)
  ).receptions;
}

export interface UnknownBarcode {
  id: number;
  barcode: string;
  quantity: number;
  seenAt: string;
  receptionId: string | null;
  supplierName: string | null;
}

export async function fetchUnknownBarcodes(): Promise<UnknownBarcode[]> {
  return (await send<{ barcodes: UnknownBarcode[] }>('GET', '/v1/purchasing/unknown-barcodes'))
    .barcodes;
}
export const resolveBarcode = (
  id: number,
  productId: number,
): Promise<{ barcode: string; productId: number; received: string | null }> =>
  send('POST', `/v1/purchasing/unknown-barcodes/${id}/resolve`, { productId });
