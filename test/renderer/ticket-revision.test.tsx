// @vitest-environment happy-dom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OperationName, TillBridge, TillHandlers, TillResult } from '../../main/api';
import { readyToSell, renderApp, startRealTill, type RealTill } from './support';

let till: RealTill;
beforeEach(async () => {
  till = await startRealTill();
  await readyToSell(till);
});
afterEach(async () => {
  cleanup();
  await till.close();
});

/**
 * The real till behind a wire that hands back the scans' answers last first, once `held` are in:
 * the events come at once, as the kiosk's socket brings them ahead of the HTTP answers.
 */
function answersOvertaken(bridge: TillBridge, held: number): TillBridge {
  const waiting: (() => void)[] = [];
  return {
    async call<K extends OperationName>(name: K, input: TillHandlers[K]['input']) {
      const result = await bridge.call(name, input);
      if (name !== 'addByBarcode') return result;
      await new Promise<void>((release) => {
        waiting.push(release);
        // Released once the last one waits too, the last first.
        if (waiting.length === held) {
          queueMicrotask(() => {
            for (const next of waiting.reverse()) next();
          });
        }
      });
      return result as TillResult<TillHandlers[K]['result']>;
    },
    subscribe: (listener) => bridge.subscribe(listener),
  };
}

describe('one writer for the ticket on screen', () => {
  it('shows the database draft, in order, after 20 scans fired without waiting', async () => {
    const codes = till.running.db
      .prepare(
        `SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id
         WHERE p.unit = 'piece' AND p.active = 1 AND p.price > 0 AND length(b.code) = 13
         GROUP BY p.id ORDER BY p.id LIMIT 20`,
      )
      .pluck()
      .all() as string[];
    expect(codes).toHaveLength(20);
    const { stores } = await renderApp(answersOvertaken(till.bridge, codes.length));

    await act(async () => {
      const scans = codes.map((code) => stores.ticket.getState().scan(code));
      await Promise.all(scans);
      await till.idle();
    });

    const draft = till.running.till.currentTicket();
    expect(draft?.lines).toHaveLength(20);
    const onScreen = within(screen.getByRole('list', { name: 'Lignes du ticket' }))
      .getAllByRole('listitem')
      .map((item) => item.textContent ?? '');
    expect(onScreen).toHaveLength(20);
    draft?.lines.forEach((line, index) => expect(onScreen[index]).toContain(line.name));
    expect(stores.ticket.getState().ticket?.lines.map((line) => line.id)).toEqual(
      draft?.lines.map((line) => line.id),
    );
  });
});
