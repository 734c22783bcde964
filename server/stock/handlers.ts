import type { StockEventHandler } from './events';
import { countScanEvent, countUndoEvent } from './inventories';
import { printLabelsEvent } from './labels';
import { queueLabelEvent } from './labels-queue';
import { lossRecordEvent } from './losses';
import { receptionCancel } from './reception-cancel';
import { receptionLine, receptionOpen, receptionValidate } from './receptions';

/**
 * Every kind of stock event the server applies, by name (`count.scan`, `loss.record`, ...): each
 * stock module adds its own handlers here.
 */
export const STOCK_EVENT_HANDLERS: Readonly<Record<string, StockEventHandler>> = {
  'label.queue': queueLabelEvent,
  'count.scan': countScanEvent,
  'count.undo': countUndoEvent,
  'loss.record': lossRecordEvent,
  'label.print': printLabelsEvent,
  'reception.open': receptionOpen,
  'reception.line': receptionLine,
  'reception.validate': receptionValidate,
  'reception.cancel': receptionCancel,
};
