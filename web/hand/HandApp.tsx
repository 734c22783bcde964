import { useCallback, useEffect, useRef, useState } from 'react';
import type { ParsedBarcode } from '../../domain/barcode';
import type { HandProduct, HandWork } from '../../domain/hand-wire';
import { useWords } from '../../renderer/i18n';
import { productName } from '../../renderer/product-name';
import {
  findByCode,
  loadCatalogue,
  refreshCatalogue,
  searchByName,
  type Catalogue,
} from './catalogue';
import { CountFlow } from './CountFlow';
import { HandDb, type OutboxRow } from './db';
import { signalRead } from './feedback';
import type { FlowProps, FlowScan } from './flow-kit';
import { LossFlow } from './LossFlow';
import { acknowledge, outboxStatus, record, sendWaiting, type OutboxStatus } from './outbox';
import { ProductCard } from './ProductCard';
import { ReceiveFlow } from './ReceiveFlow';
import { ScanBar, type ScanSource } from './ScanBar';
import { StatusLine } from './StatusLine';
import { loadWork, refreshWork } from './work';

/** One IndexedDB per origin and browser profile: the device's outbox and catalogue. */
const db = new HandDb();

/** While events wait, the outbox tries again this often (and at once when the network returns). */
const RETRY_MS = 10_000;

/**
 * The tasks. Each is a scan turned into what the volunteer needs: Look up shows the product;
 * Labels queues its shelf label through the outbox; Receive, Count and Loss are flows of their
 * own (ReceiveFlow, CountFlow, LossFlow) that write stock events through the outbox too: a task
 * only names its kind and payload (see outbox.ts).
 */
const TASKS = ['lookUp', 'receive', 'count', 'loss', 'labels'] as const;
type Task = (typeof TASKS)[number];
const FLOWS = {
  receive: ReceiveFlow,
  count: CountFlow,
  loss: LossFlow,
} as const satisfies Record<string, (props: FlowProps) => unknown>;
const isFlow = (task: Task): task is keyof typeof FLOWS => Object.hasOwn(FLOWS, task);

type Shown =
  | { kind: 'product'; product: HandProduct; queued: boolean }
  | { kind: 'notFound'; code: string }
  | { kind: 'noMatch'; text: string }
  | { kind: 'matches'; products: HandProduct[] };

export function HandApp({ onSessionEnded }: { onSessionEnded: () => void }) {
  const { t, locale } = useWords();
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [status, setStatus] = useState<OutboxStatus>({
    waiting: 0,
    refusals: [],
    lastSentAt: null,
  });
  const [answered, setAnswered] = useState(true);
  const [browserOnline, setBrowserOnline] = useState(navigator.onLine);
  const [task, setTask] = useState<Task>('lookUp');
  const [shown, setShown] = useState<Shown | null>(null);
  const [recent, setRecent] = useState<OutboxRow[]>([]);
  const [work, setWork] = useState<HandWork | null>(null);
  /** Moves on whenever the outbox changes: the flows read their events again. */
  const [version, setVersion] = useState(0);
  const flowScan = useRef<FlowScan | null>(null);
  const unknownCode = useRef<((code: string) => void) | null>(null);
  const sending = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const ended = useRef(onSessionEnded);
  ended.current = onSessionEnded;

  const refreshStatus = useCallback(async () => {
    setStatus(await outboxStatus(db));
    setVersion((n) => n + 1);
    setRecent(
      await db.outbox
        .orderBy('seq')
        .reverse()
        .filter((row) => row.kind === 'label.queue')
        .limit(5)
        .toArray(),
    );
  }, []);

  /** Sends what waits; a call while a round is under way asks for one more round after it. */
  const send = useCallback(async (): Promise<void> => {
    if (sending.current) {
      again.current = true;
      return sending.current;
    }
    const round = (async () => {
      do {
        again.current = false;
        const result = await sendWaiting(db);
        setAnswered(result.kind !== 'offline');
        await refreshStatus();
        // What was sent changes the work (an order received, a recount settled): ask again.
        if (result.sent > 0) {
          const fresh = await refreshWork(db);
          if (fresh.kind === 'fresh') setWork(fresh.work);
        }
        if (result.kind === 'signed-out') {
          ended.current();
          return;
        }
        // A call during a round that found no network (the network back meanwhile) is a round more.
        if (result.kind === 'offline' && !again.current) return;
      } while (again.current);
    })();
    sending.current = round;
    try {
      await round;
    } finally {
      sending.current = null;
    }
  }, [refreshStatus]);

  // Start: what this device holds first (it works offline), then the server's news.
  useEffect(() => {
    let live = true;
    void (async () => {
      const held = await loadCatalogue(db);
      const heldWork = await loadWork(db);
      if (!live) return;
      setWork(heldWork);
      setCatalogue(held);
      // What bench/hand.ts reads: the app usable with what the device holds.
      performance.mark('hand-ready');
      await refreshStatus();
      const fresh = await refreshCatalogue(db);
      if (!live) return;
      if (fresh.kind === 'fresh') setCatalogue(fresh.catalogue);
      if (fresh.kind === 'signed-out') return ended.current();
      setAnswered(fresh.kind === 'fresh');
      const freshWork = await refreshWork(db);
      if (!live) return;
      if (freshWork.kind === 'fresh') setWork(freshWork.work);
      await send();
    })();
    return () => {
      live = false;
    };
  }, [refreshStatus, send]);

  // The network comes and goes: send as soon as it is back, and retry while events wait.
  useEffect(() => {
    const up = () => {
      setBrowserOnline(true);
      void send();
    };
    const down = () => setBrowserOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = setInterval(() => {
      if (navigator.onLine) void send();
    }, RETRY_MS);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      clearInterval(timer);
    };
  }, [send]);

  /** A flow's event: in IndexedDB before the screen moves on, then sent when the server answers. */
  const recordEvent = useCallback(
    async (kind: string, payload: Record<string, unknown>) => {
      const row = await record(db, kind, payload);
      await refreshStatus();
      void send();
      return row;
    },
    [refreshStatus, send],
  );

  const act = async (product: HandProduct, parsed: ParsedBarcode | null = null) => {
    if (isFlow(task)) {
      setShown(null);
      flowScan.current?.({ product, parsed });
      return;
    }
    if (task === 'labels') {
      // Written to IndexedDB before the screen says it is done: a closed tab loses nothing.
      await record(db, 'label.queue', { productId: product.id });
      setShown({ kind: 'product', product, queued: true });
      await refreshStatus();
      void send();
      return;
    }
    setShown({ kind: 'product', product, queued: false });
  };

  const onCode = (text: string, source: ScanSource) => {
    // What bench/hand.ts reads: the code is the app's (the wedge's keys handled).
    performance.mark('hand-scan-read');
    if (!catalogue) return;
    const found = findByCode(catalogue, text);
    if (found) {
      signalRead(true);
      performance.mark('hand-scan-signalled');
      void act(found.product, found.parsed);
      return;
    }
    if (source === 'typed' && !/^\d+$/.test(text)) {
      const products = searchByName(catalogue, text);
      if (products.length === 1 && products[0]) void act(products[0]);
      else setShown(products.length ? { kind: 'matches', products } : { kind: 'noMatch', text });
      return;
    }
    signalRead(false);
    // A delivery may bring a code nobody knows: the Receive flow can keep it for a manager.
    if (isFlow(task) && unknownCode.current) {
      setShown(null);
      unknownCode.current(text);
      return;
    }
    setShown({ kind: 'notFound', code: text });
  };

  return (
    <main className="hand" data-ready={catalogue ? 'yes' : undefined}>
      <StatusLine
        online={browserOnline && answered}
        status={status}
        products={catalogue ? catalogue.byId.size : null}
        onSend={() => void send()}
        onUnderstood={(uuid) => void acknowledge(db, uuid).then(refreshStatus)}
      />
      <div className="hand-tasks" role="group" aria-label={t('web.hand.tasks')}>
        {TASKS.map((name) => (
          <button
            key={name}
            type="button"
            className="hand-tasks__task"
            aria-pressed={task === name}
            onClick={() => {
              setTask(name);
              setShown(null);
              flowScan.current = null;
              unknownCode.current = null;
            }}
          >
            {t(`web.hand.task.${name}`)}
          </button>
        ))}
      </div>
      <ScanBar onCode={onCode} />
      <section className="hand-result" aria-live="polite">
        {shown === null && !isFlow(task) ? (
          <p className="hand-result__hint">
            {t(task === 'labels' ? 'web.hand.labelsHint' : 'web.hand.lookUpHint')}
          </p>
        ) : null}
        {shown?.kind === 'product' ? (
          <>
            {shown.queued ? (
              <p className="banner banner--info hand-result__done">
                {t('web.hand.labelQueued', { name: productName(shown.product, locale) })}
              </p>
            ) : null}
            <ProductCard product={shown.product} stockAt={catalogue?.at ?? null} />
          </>
        ) : null}
        {shown?.kind === 'notFound' ? (
          <p className="banner banner--warning">{t('web.hand.notFound', { code: shown.code })}</p>
        ) : null}
        {shown?.kind === 'noMatch' ? (
          <p className="banner banner--warning">{t('web.hand.noMatch', { text: shown.text })}</p>
        ) : null}
        {shown?.kind === 'matches' ? (
          <>
            <h2 className="hand-result__title">{t('web.hand.matches')}</h2>
            <ul className="hand-matches">
              {shown.products.map((product) => (
                <li key={product.id}>
                  <button
                    type="button"
                    className="hand-matches__pick"
                    onClick={() => void act(product)}
                  >
                    {productName(product, locale)}
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      {catalogue && isFlow(task)
        ? (() => {
            const Flow = FLOWS[task];
            return (
              <Flow
                db={db}
                catalogue={catalogue}
                work={work}
                version={version}
                record={recordEvent}
                scanRef={flowScan}
                unknownRef={unknownCode}
                refusals={status.refusals}
                onUnderstood={(uuid) => void acknowledge(db, uuid).then(refreshStatus)}
              />
            );
          })()
        : null}
      {task === 'labels' && recent.length > 0 ? (
        <section className="hand-recent">
          <h2 className="hand-result__title">{t('web.hand.recentLabels')}</h2>
          <ul>
            {recent.map((row) => {
              const product = catalogue?.byId.get(Number(row.payload.productId));
              const state = row.state === 'seen' ? 'refused' : row.state;
              return (
                <li key={row.uuid}>
                  <span>
                    {product ? productName(product, locale) : `#${String(row.payload.productId)}`}
                  </span>
                  <span className={`hand-recent__state hand-recent__state--${state}`}>
                    {t(`web.hand.state.${state}`)}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
