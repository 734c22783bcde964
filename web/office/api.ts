import type { Bucket, DashboardFigures } from '../../domain/dashboard';
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

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin' });
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body as T;
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
