import type { Bucket, DashboardFigures } from '../../domain/dashboard';
import type { TicketDocumentAnyVersion } from '../../domain/journal-documents';
import type { ReceiptHeader } from '../../domain/receipt';
import type { MarginRow, Mover, StockValue } from '../../domain/office-figures';

export type { Bucket };

/** The dashboard's figures as GET /v1/office/dashboard answers (server/office.ts). */
export interface Dashboard extends DashboardFigures {
  today: string;
  from: string;
  to: string;
  tillId: number | null;
  timeZone: string;
  /** A category's Dutch name, by its (French) name. */
  categoryNamesNl: Record<string, string>;
  products: ProductFigures;
}

export interface ProductMover extends Mover {
  name: string;
  nameNl: string | null;
  unit: 'piece' | 'kg';
}

/** Margins at the cost of the day of sale, movers, stock value at today's cost, losses. */
export interface ProductFigures {
  marginByCategory: MarginRow[];
  marginBySupplier: MarginRow[];
  topMovers: ProductMover[];
  slowMovers: ProductMover[];
  stockValue: StockValue;
  losses: {
    total: number;
    byReason: {
      reason: string;
      count: number;
      quantity: number;
      value: number;
      unvalued: number;
    }[];
  };
}

export interface TillState {
  id: number;
  name: string;
  lastSyncAt: string | null;
  revoked: boolean;
  waiting: number;
  quarantined: number;
}

/** A refused or failed call: its status kept, so that a page says a 403 in the person's words. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The server's words for a refusal: its error, or each field's problem. */
function problemOf(body: { error?: string; problems?: { path: string; message: string }[] }) {
  if (body.problems?.length) {
    return body.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
  }
  return body.error;
}

export async function send<T>(method: string, url: string, payload?: object): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: payload ? { 'content-type': 'application/json' } : {},
    ...(payload ? { body: JSON.stringify(payload) } : {}),
  });
  const body = (await response.json().catch(() => ({}))) as {
    error?: string;
    problems?: { path: string; message: string }[];
  };
  if (!response.ok) {
    throw new ApiError(problemOf(body) ?? `HTTP ${response.status}`, response.status);
  }
  return body as T;
}

async function getJson<T>(url: string): Promise<T> {
  return send<T>('GET', url);
}

export function fetchDashboard(period: {
  from?: string;
  to?: string;
  tillId?: number | null;
}): Promise<Dashboard> {
  const query = new URLSearchParams();
  if (period.from) query.set('from', period.from);
  if (period.to) query.set('to', period.to);
  if (period.tillId) query.set('tillId', String(period.tillId));
  return getJson<Dashboard>(`/v1/office/dashboard?${query.toString()}`);
}

/** The tills and the coop's time zone, in which their last sync is shown. */
export function fetchTillsAndZone(): Promise<{ tills: TillState[]; timeZone: string }> {
  return getJson('/v1/office/tills');
}

export async function fetchTills(): Promise<TillState[]> {
  return (await getJson<{ tills: TillState[] }>('/v1/office/tills')).tills;
}

/** The day before a local day ("2026-03-02" -> "2026-03-01"). */
export function dayBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (date ?? 1) - 1))
    .toISOString()
    .slice(0, 10);
}

export interface HeldDocument {
  tillId: number;
  till: string;
  kind: string;
  seq: number;
  type: string;
  reason: string;
  receivedAt: string;
}

export async function fetchQuarantine(): Promise<HeldDocument[]> {
  return (await getJson<{ documents: HeldDocument[] }>('/v1/office/quarantine')).documents;
}

export interface Listing<T> {
  /** The period shown, its local days, and the coop's today and time zone. */
  from: string;
  to: string;
  today: string;
  timeZone: string;
  total: number;
  page: number;
  pageSize: number;
  rows: T[];
}

export interface TicketRow {
  tillId: number;
  till: string;
  id: string;
  kind: 'sale' | 'refund';
  number: number | null;
  closedAt: string;
  total: number;
  lines: number;
}

export interface SessionRow {
  tillId: number;
  till: string;
  id: string;
  day: string;
  openedAt: string;
  closedAt: string | null;
  sales: number | null;
  refunds: number | null;
  net: number | null;
  difference: number | null;
}

/** A list's query: a period, a till, a search, a sort and a page; empty values left out. */
export type ListQuery = Record<string, string | number | null | undefined>;

export function queryText(query: ListQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  return params.toString();
}

export function fetchTickets(query: ListQuery): Promise<Listing<TicketRow>> {
  return getJson(`/v1/office/tickets?${queryText(query)}`);
}

export function fetchSessions(query: ListQuery): Promise<Listing<SessionRow>> {
  return getJson(`/v1/office/sessions?${queryText(query)}`);
}

export interface TicketDetail {
  tillId: number;
  till: string;
  timeZone: string;
  ticket: TicketDocumentAnyVersion;
  refundOf: { id: string; number: number | null } | null;
  refunds: { id: string; number: number | null }[];
}

export function fetchTicket(tillId: number, id: string): Promise<TicketDetail> {
  return getJson(`/v1/office/tickets/${tillId}/${encodeURIComponent(id)}`);
}

export interface SessionDetail {
  tillId: number;
  id: string;
  till: string;
  day: string;
  sessionNumber: string;
  openedAt: string;
  closedAt: string | null;
  /** The person's name; null when the server does not know the till's user. */
  openedBy: string | null;
  /** The till's user id in the journal: named "till user N" when the name is unknown. */
  openedById: number | null;
  closedBy: string | null;
  closedById: number | null;
  zReport: unknown;
  header: ReceiptHeader;
  methodLabels: Record<string, string>;
  timeZone: string;
  tickets: { id: string; number: number | null; kind: string; closedAt: string; total: number }[];
}

export function fetchSession(tillId: number, id: string): Promise<SessionDetail> {
  return getJson(`/v1/office/sessions/${tillId}/${encodeURIComponent(id)}`);
}

/** The admin API's tills (server/routes/admin.ts): an admin's, refused to others with a 403. */
export interface CreatedTill {
  till: { id: number; name: string };
  enrolmentCode: string;
  expiresAt: string;
}

export function createTill(name: string): Promise<CreatedTill> {
  return send('POST', '/v1/admin/tills', { name });
}

export function revokeTill(id: number): Promise<{ revoked: number }> {
  return send('POST', `/v1/admin/tills/${id}/revoke`, {});
}

export function renewEnrolment(id: number): Promise<{ enrolmentCode: string; expiresAt: string }> {
  return send('POST', `/v1/admin/tills/${id}/enrolment`, {});
}

export interface ProductRow {
  id: number;
  name: string;
  nameNl: string | null;
  category: string | null;
  categoryNl: string | null;
  price: number;
  costPrice: number | null;
  unit: 'piece' | 'kg';
  active: boolean;
  barcodes: string[];
  suggestedPrice: number | null;
}

export function fetchProducts(
  query: ListQuery,
): Promise<Omit<Listing<ProductRow>, 'from' | 'to' | 'today' | 'timeZone'>> {
  return getJson(`/v1/office/products?${queryText(query)}`);
}

/** A sale price waiting for a manager (server/stock/price-changes.ts). */
export interface PriceChange {
  id: number;
  productId: number;
  productName: string;
  oldPrice: number;
  newPrice: number;
  currentPrice: number;
  costPrice: number | null;
  reason: 'cost' | 'import' | 'delivery' | 'manual';
  source: string | null;
  createdAt: string;
}

export function fetchPriceChanges(): Promise<PriceChange[]> {
  return getJson('/v1/price-changes?status=pending');
}

export function decidePriceChange(id: number, approve: boolean): Promise<PriceChange> {
  return send('POST', `/v1/price-changes/${id}/${approve ? 'approve' : 'reject'}`, {});
}

export function fetchPriceHistory(
  productId: number,
): Promise<{ current: number; prices: { price: number; from: string; until: string | null }[] }> {
  return getJson(`/v1/products/${productId}/prices`);
}
