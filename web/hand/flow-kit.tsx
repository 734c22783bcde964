import { useEffect, useState, type RefObject } from 'react';
import type { ParsedBarcode } from '../../domain/barcode';
import { parseTypedQuantity } from '../../domain/hand-flows';
import type { HandProduct, HandWork } from '../../domain/hand-wire';
import { KeyButton } from '../../renderer/components/KeyButton';
import { useWords, type ScreenKey } from '../../renderer/i18n';
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
}

/**
 * The outbox rows of these kinds, oldest first, leaving out those the server refused; `settled`
 * once they are read for the outbox as it is now (a button that writes waits for it, so a
 * double tap is one act).
 */
export function useFlowRows(
  db: HandDb,
  kinds: readonly string[],
  version: number,
): { rows: OutboxRow[]; settled: boolean } {
  const [read, setRead] = useState<{ rows: OutboxRow[]; version: number }>({
    rows: [],
    version: -1,
  });
  const key = kinds.join(',');
  useEffect(() => {
    let live = true;
    const wanted = new Set(key.split(','));
    void db.outbox
      .orderBy('seq')
      .filter((row) => wanted.has(row.kind) && (row.state === 'waiting' || row.state === 'sent'))
      .toArray()
      .then((rows) => {
        if (live) setRead({ rows, version });
      });
    return () => {
      live = false;
    };
  }, [db, key, version]);
  return { rows: read.rows, settled: read.version === version };
}

/**
 * Runs one act at a time: a tap while one is being written, or before the flow has read it
 * back, does nothing (a double tap is one act).
 */
export function useOneAtATime(settled: boolean) {
  const [busy, setBusy] = useState(false);
  const idle = settled && !busy;
  const run = (act: () => Promise<unknown>) => {
    if (!idle) return;
    setBusy(true);
    void act().finally(() => setBusy(false));
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
