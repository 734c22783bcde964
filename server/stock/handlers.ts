import type { StockEventHandler } from './events';
import { printLabelsEvent } from './labels';
import { queueLabelEvent } from './labels-queue';

/**
 * Every kind of stock event the server applies, by name (`count.scan`, `loss.record`, ...): each
 * stock module adds its own handlers here.
 */
export const STOCK_EVENT_HANDLERS: Readonly<Record<string, StockEventHandler>> = {
  'label.queue': queueLabelEvent,
  'label.print': printLabelsEvent,
};
