import { send } from './api';

/** The back office's catalogue calls (server/routes/catalogue.ts, `/v1/catalogue/`). */

export type ContentUnit = 'g' | 'kg' | 'ml' | 'l' | 'piece';
export interface UnitPrice {
  cents: number;
  per: 'kg' | 'l' | 'piece';
}

export interface ChangeRecord {
  field: string;
  oldValue: unknown;
  newValue: unknown;
  at: string;
  by: string | null;
}

export interface ProductDetail {
  id: number;
  name: string;
  nameNl: string | null;
  categoryId: number | null;
  taxRateId: number;
  price: number;
  unit: 'piece' | 'kg';
  active: boolean;
  barcodes: string[];
  netContent: number | null;
  contentUnit: ContentUnit | null;
  costPrice: number | null;
  unitPrice: UnitPrice | null;
  changes: ChangeRecord[];
  scheduled: { newPrice: number; effectiveFrom: string }[];
}

export interface ProductEdit {
  name: string;
  nameNl: string | null;
  categoryId: number | null;
  taxRateId: number;
  unit: 'piece' | 'kg';
  active: boolean;
  netContent: number | null;
  contentUnit: ContentUnit | null;
}

export interface Category {
  id: number;
  name: string;
  nameNl: string | null;
  products: number;
}
export interface TaxRate {
  id: number;
  name: string;
  rateBp: number;
}

const base = '/v1/catalogue';

export const fetchProductDetail = (id: number) =>
  send<ProductDetail>('GET', `${base}/products/${id}`);
export const saveProduct = (id: number, edit: ProductEdit) =>
  send<ProductDetail>('PUT', `${base}/products/${id}`, edit);
export const saveProductPrice = (id: number, price: number, effectiveFrom: string | null) =>
  send<{ status: 'applied' | 'scheduled' | 'unchanged'; product: ProductDetail }>(
    'PUT',
    `${base}/products/${id}/price`,
    { price, effectiveFrom },
  );
export const addBarcode = (id: number, code: string) =>
  send<ProductDetail>('POST', `${base}/products/${id}/barcodes`, { code });
export const removeBarcode = (id: number, code: string) =>
  send<ProductDetail>('DELETE', `${base}/products/${id}/barcodes/${encodeURIComponent(code)}`);

export const fetchCategories = () =>
  send<{ categories: Category[]; taxRates: TaxRate[] }>('GET', `${base}/categories`);
export const createCategory = (name: string, nameNl: string | null) =>
  send<Category>('POST', `${base}/categories`, { name, nameNl });
export const renameCategory = (id: number, name: string, nameNl: string | null) =>
  send<Category>('PUT', `${base}/categories/${id}`, { name, nameNl });

export type Adjustment =
  { kind: 'percent'; basisPoints: number } | { kind: 'cents'; cents: number };
export interface Selection {
  q?: string;
  categoryId?: number;
  productIds?: number[];
}
export interface BulkRow {
  id: number;
  name: string;
  nameNl: string | null;
  unit: 'piece' | 'kg';
  oldPrice: number;
  newPrice: number | null;
  oldUnitPrice: UnitPrice | null;
  newUnitPrice: UnitPrice | null;
  problem: string | null;
}
export interface BulkResult {
  operationId: string;
  applied: number;
  scheduled: number;
  refused: number;
  effectiveFrom: string | null;
  again: boolean;
}

export const previewBulkPrice = (selection: Selection, adjustment: Adjustment) =>
  send<{ rows: BulkRow[] }>('POST', `${base}/bulk-price/preview`, { selection, adjustment });
export const applyBulkPrice = (body: {
  operationId: string;
  selection: Selection;
  adjustment: Adjustment;
  effectiveFrom: string | null;
}) => send<BulkResult>('POST', `${base}/bulk-price/apply`, body);

export interface ImportPreview {
  lines: {
    row: number;
    id: number;
    name: string;
    price: number;
    oldPrice: number | null;
    change: 'new' | 'changed' | 'same';
  }[];
  problems: { row: number; column: string; message: string }[];
}
export const previewImport = (file: string) =>
  send<ImportPreview>('POST', `${base}/import/preview`, { file });
export const applyImport = (file: string) =>
  send<{ products: number }>('POST', `${base}/import/apply`, { file });
