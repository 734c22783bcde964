import { useEffect, useState, type RefObject } from 'react';
import type { ParsedBarcode } from '../../domain/barcode';
import { parseTypedQuantity } from '../../domain/hand-flows';
import type { HandProduct, HandWork } from '../../domain/hand-wire';
import { KeyButton } from '../../renderer/components/KeyButton';
import { useWords, type ScreenKey } from '../../renderer/i18n';
import { productName } from '../../renderer/product-name';
import type { Catalogue } from './catalogue';
import type { HandDb, OutboxRow } from './db';

/**
 * What the Receive, Count and Loss flows share: the scan handed to the flow on screen, the
 * outbox rows a flow is made of (its state is the events it wrote, so a reload or a closed tab
 * finds it as it was), and the quantity a scan or a typed figure stands for.
 */

export interface Found {
  product: HandProduct;
  parsed: ParsedBarcode | null;
}

/** The flow on screen takes each product scanned, typed or picked. */
export type FlowScan = (found: Found) => void;

export interface FlowProps {
  db: HandDb;
  catalogue: Catalogue;
  work: HandWork | null;
  /** Changes whenever the outbox does (an event written, an answer from the server). */
  version: number;
  /** Writes an event to the outbox (IndexedDB first), then sends it when the server answers. */
  record: (kind: string, payload: Record<string, unknown>) => Promise<OutboxRow>;
  scanRef: RefObject<FlowScan | null>;
  /** A code no product carries, for a flow that can use one (Receive keeps it for a manager). */
  unknownRef: RefObject<((code: string) => void) | null>;
  /** Events the server refused and the volunteer has not read yet (any flow's). */
  refusals: readonly OutboxRow[];
  /** The volunteer has read a refusal. */
  onUnderstood: (uuid: string) => void;
}

/**
 * The outbox rows of these kinds, oldest first, leaving out those the server refused, and
 * `upTo`: the highest sequence number in the outbox when they were read (a write is on screen
 * once `upTo` reaches its number).
 */
export function useFlowRows(
  db: HandDb,
  kinds: readonly string[],
  version: number,
): { rows: OutboxRow[]; upTo: number } {
  const [read, setRead] = useState<{ rows: OutboxRow[]; upTo: number }>({ rows: [], upTo: 0 });
  const key = kinds.join(',');
  useEffect(() => {
    let live = true;
    const wanted = new Set(key.split(','));
    void db
      .transaction('r', db.outbox, async () => {
        const last = await db.outbox.orderBy('seq').last();
        const rows = await db.outbox
          .orderBy('seq')
          .filter(
            (row) => wanted.has(row.kind) && (row.state === 'waiting' || row.state === 'sent'),
          )
          .toArray();
        return { rows, upTo: last?.seq ?? 0 };
      })
      .then((found) => {
        if (live) setRead(found);
      });
    return () => {
      live = false;
    };
  }, [db, key, version]);
  return read;
}

/**
 * Runs one act at a time: a tap while the last act is being written, or before the flow has
 * read it back, does nothing (a double tap is one act). Reading the outbox for other reasons
 * (an answer from the server) holds nothing back.
 */
export function useOneAtATime(upTo: number) {
  const [busy, setBusy] = useState(false);
  const [awaited, setAwaited] = useState(0);
  const idle = !busy && upTo >= awaited;
  const run = (act: () => Promise<OutboxRow | undefined>) => {
    if (!idle) return;
    setBusy(true);
    void act()
      .then((row) => {
        if (row) setAwaited(row.seq);
      })
      .finally(() => setBusy(false));
  };
  return { idle, run };
}

/** What a scan or a typed figure adds, or why nothing, as a key of the screen's words. */
export type Quantity =
  | { kind: 'ok'; quantity: number }
  | { kind: 'error'; key: ScreenKey; values?: Record<string, string> };

/**
 * The quantity a product scanned stands for: the figure typed before the scan when there is
 * one, else the weight a weight label carries, else one piece. A product sold by weight
 * scanned without a weight needs one typed.
 */
export function quantityOf(found: Found, typed: string, name: string): Quantity {
  const { product, parsed } = found;
  if (typed.trim() !== '') {
    const read = parseTypedQuantity(typed, product.unit);
    return read.kind === 'ok' ? read : { kind: 'error', key: `web.hand.flow.error.${read.reason}` };
  }
  if (parsed?.type === 'weight' && parsed.decimals <= 3 && product.unit === 'kg') {
    return { kind: 'ok', quantity: parsed.value * 10 ** (3 - parsed.decimals) };
  }
  if (product.unit === 'piece') return { kind: 'ok', quantity: 1000 };
  return { kind: 'error', key: 'web.hand.flow.needsWeight', values: { name } };
}

/** The quantity field and the buttons that add to the line on screen: +1 (pieces) and Add. */
export function AddQuantity({
  product,
  typed,
  onTyped,
  onAdd,
}: {
  product: HandProduct;
  typed: string;
  onTyped: (text: string) => void;
  onAdd: (quantity: Quantity) => void;
}) {
  const { t } = useWords();
  return (
    <div className="hand-flow__add">
      <label className="field hand-flow__quantity">
        <span>{t('web.hand.flow.quantity')}</span>
        <input
          name="quantity"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={typed}
          onChange={(event) => onTyped(event.target.value)}
        />
      </label>
      <div className="hand-flow__buttons">
        {product.unit === 'piece' ? (
          <KeyButton
            tone="primary"
            label={t('web.hand.flow.plusOne')}
            onClick={() => onAdd({ kind: 'ok', quantity: 1000 })}
          />
        ) : null}
        <KeyButton
          label={t('web.hand.flow.add')}
          onClick={() =>
            onAdd(
              quantityOf(
                { product, parsed: null },
                typed.trim() === '' ? 'x' : typed,
                product.name,
              ),
            )
          }
        />
      </div>
    </div>
  );
}

export function FlowError({ error }: { error: Quantity | null }) {
  const { t } = useWords();
  if (error?.kind !== 'error') return null;
  return (
    <p className="banner banner--warning" role="alert">
      {t(error.key, error.values ?? {})}
    </p>
  );
}

/** The words for what a refused event was meant to do, by its kind. */
const ACTS: Readonly<Record<string, ScreenKey>> = {
  'reception.open': 'web.hand.flow.act.receptionOpen',
  'reception.line': 'web.hand.flow.act.receptionLine',
  'reception.validate': 'web.hand.flow.act.receptionValidate',
  'reception.cancel': 'web.hand.flow.act.receptionCancel',
  'count.scan': 'web.hand.flow.act.countScan',
  'count.undo': 'web.hand.flow.act.countUndo',
  'loss.record': 'web.hand.flow.act.lossRecord',
};

/**
 * What the server refused of this flow's acts, in the flow itself: what was not recorded (the
 * product named) and the server's words, until the volunteer taps "Understood". A refused event
 * is left out of the flow's state, so without this the screen would only step back silently.
 */
export function FlowRefusals({
  refusals,
  kinds,
  catalogue,
  onUnderstood,
}: {
  refusals: readonly OutboxRow[];
  kinds: readonly string[];
  catalogue: Catalogue;
  onUnderstood: (uuid: string) => void;
}) {
  const { t, locale } = useWords();
  const mine = refusals.filter((row) => kinds.includes(row.kind));
  if (mine.length === 0) return null;
  const nameOf = (row: OutboxRow) => {
    const product = catalogue.byId.get(Number(row.payload.productId));
    if (product) return productName(product, locale);
    return typeof row.payload.barcode === 'string' ? row.payload.barcode : '?';
  };
  return (
    <div className="hand-flow__refusals">
      {mine.map((row) => (
        <div key={row.uuid} className="banner banner--error hand-flow__refusal" role="alert">
          <p>
            {t('web.hand.flow.refusedAct', {
              act: t(ACTS[row.kind] ?? 'web.hand.flow.act.receptionLine', { name: nameOf(row) }),
              error: row.error ?? '',
            })}
          </p>
          <KeyButton label={t('web.hand.understood')} onClick={() => onUnderstood(row.uuid)} />
        </div>
      ))}
    </div>
  );
}

/**
 * The best-before date of what is being counted or lost, when the volunteer reads one (left
 * empty, none is sent): it goes with the next act, then the field empties. The near-expiry list
 * is made of these dates.
 */
export function BestBeforeField({
  value,
  onChange,
}: {
  value: string;
  onChange: (date: string) => void;
}) {
  const { t } = useWords();
  return (
    <label className="field hand-flow__date">
      <span>{t('web.hand.flow.bestBefore')}</span>
      <input
        name="bestBefore"
        type="date"
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

/** The payload's best-before date: a day as the server takes it (YYYY-MM-DD), or none. */
export const bestBeforeOf = (date: string): { bestBefore?: string } =>
  /^\d{4}-\d{2}-\d{2}$/.test(date) ? { bestBefore: date } : {};
