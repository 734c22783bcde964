/**
 * The device figures (issue 3, section 9), run by bench/run.ts after the till core's. No targets:
 * information, printed in the same table style, each with a baseline measured in the same process
 * (interleaved, A/B then B/A) and given as a ratio to it.
 * 1. Scan to event through a real pty (devices-scan.ts): a serial scanner on a socat pty pair,
 *    against a bare serialport read on another pair. Skipped, saying so, when socat is missing.
 * 2. Receipt bytes of a typical ticket (5 lines, one weighed, a member, cash with change) at 42
 *    and 48 columns, against the same receipt as plain text (renderReceiptText, one byte a
 *    character): the ratio is the ESC/POS overhead.
 * 3. Time to encode a 100-line receipt (encodeReceipt, 42 columns), against renderReceiptText of
 *    the same document; encodeReceipt lays out with renderReceiptText itself, so the ratio is what
 *    the ESC/POS layer costs on top.
 */
import { renderReceiptText, type ReceiptWidth } from '../domain/receipt-text';
import { RECEIPT_LOCALE, encode, makeReceipts, plainText, type Receipts } from './devices-receipt';
import {
  SCAN_BAUD_RATE,
  SCAN_BYTES,
  measureScanLatency,
  serialTransmissionMs,
  socatVersion,
} from './devices-scan';
import { interleaveSync } from './devices-interleave';
import { formatMs, formatRatio, nowMs, summarize, table, timeMs } from './stats';

const SCAN_RUNS = 300;
const SCAN_WARMUP = 20;
/** Quiet after each event before the next write: no scan ever waits behind another. */
const SCAN_PAUSE_MS = 5;
const ENCODE_RUNS = 200;
const ENCODE_WARMUP = 20;
const LONG_WIDTH: ReceiptWidth = 42;

interface Row {
  name: string;
  n: number;
  measured: string;
  baselineName: string;
  baseline: string;
  ratio: number;
}

interface Section {
  rows: Row[];
  notes: string[];
}

const bytes = (count: number) => `${count} B`;
const euros = (cents: number) => `${(cents / 100).toFixed(2)} €`;

async function scanSection(): Promise<Section | string> {
  const version = socatVersion();
  if (version === null) {
    return (
      'socat is not installed (not found on PATH): figure 1, scan-to-event latency through a ' +
      'pty, is skipped. Install socat (apt-get install socat) to measure it.'
    );
  }
  const runs = await measureScanLatency(SCAN_RUNS, SCAN_WARMUP, SCAN_PAUSE_MS);
  const scan = summarize(runs.a);
  const raw = summarize(runs.b);
  const name = `Scan to event (serial ${SCAN_BAUD_RATE} Bd, pty)`;
  return {
    rows: [
      {
        name: `${name}, median`,
        n: scan.n,
        measured: formatMs(scan.median),
        baselineName: 'bare serialport read, median',
        baseline: formatMs(raw.median),
        ratio: scan.median / raw.median,
      },
      {
        name: `${name}, p99`,
        n: scan.n,
        measured: formatMs(scan.p99),
        baselineName: 'bare serialport read, p99',
        baseline: formatMs(raw.p99),
        ratio: scan.p99 / raw.p99,
      },
    ],
    notes: [
      `Scan to event: ${scan.n} scans of ${SCAN_BYTES} bytes (an EAN-13 and CR) written at the ` +
        `far end of a socat ${version} pty pair, one at a time (${SCAN_PAUSE_MS} ms of quiet after ` +
        `each event), timed to the scanner's scan event; scanner max ${formatMs(scan.max)}, ` +
        `bare serialport read (same settings, a second pair) max ${formatMs(raw.max)}. What ` +
        "the scanner's reconnecting link, line decoder and event add, as the difference of " +
        `the medians: ${scan.median < raw.median ? '−' : ''}` +
        `${formatMs(Math.abs(scan.median - raw.median))}.`,
      `socat's ptys do not emulate the baud rate: the bytes cross at memory speed whatever ` +
        `baudRate=${SCAN_BAUD_RATE} says, so this is the software path only. A real scanner at ` +
        `${SCAN_BAUD_RATE} baud (8N1, 10 bits a byte) needs ` +
        `${serialTransmissionMs(SCAN_BYTES, SCAN_BAUD_RATE).toFixed(1)} ms just to send the ` +
        `same ${SCAN_BYTES} bytes, on top of it.`,
    ],
  };
}

function receiptBytesSection({ typical }: Receipts): Section {
  const widths: ReceiptWidth[] = [42, 48];
  const rows = widths.map((width): Row => {
    const escpos = encode(typical.document, width).length;
    const text = plainText(typical.document, width).length;
    return {
      name: `Receipt bytes, typical ticket, ${width} columns`,
      n: 1,
      measured: bytes(escpos),
      baselineName: 'plain text, same layout',
      baseline: bytes(text),
      ratio: escpos / text,
    };
  });
  const { document } = typical;
  const [narrow, wide] = widths.map(
    (width) => renderReceiptText(document, { width, locale: RECEIPT_LOCALE }).length,
  );
  const textLines =
    narrow === wide
      ? `${narrow} lines of text at either width`
      : `${narrow} lines of text at 42 columns, ${wide} at 48`;
  return {
    rows,
    notes: [
      `Typical ticket: ${document.lines.length} lines (${document.lines.filter((line) => line.byWeight).length} ` +
        `weighed, 1 from a price label), member ${document.member?.name ?? '(none)'}, total ` +
        `${euros(document.total)}, due ${euros(document.due)}, paid ${euros(document.paid)} ` +
        `in cash, change ${euros(document.change)}; its receipt is ${textLines} ` +
        `(${RECEIPT_LOCALE}). The ESC/POS bytes add the printer's ` +
        `initialisation and code page, the size and bold switches, the ticket's CODE128 ` +
        'barcode, the feed and the cut (no drawer kick).',
    ],
  };
}

function encodeSection({ long }: Receipts): Section {
  const { document } = long;
  let sink = 0;
  const runs = interleaveSync(
    ENCODE_RUNS,
    ENCODE_WARMUP,
    () => timeMs(() => (sink += encode(document, LONG_WIDTH).length)),
    () =>
      timeMs(
        () =>
          (sink += renderReceiptText(document, {
            width: LONG_WIDTH,
            locale: RECEIPT_LOCALE,
          }).length),
      ),
  );
  if (sink === 0) throw new Error('Nothing was encoded');
  const encoded = summarize(runs.a);
  const text = summarize(runs.b);
  const name = `Encode a ${document.lines.length}-line receipt (${LONG_WIDTH} col)`;
  const textLines = renderReceiptText(document, {
    width: LONG_WIDTH,
    locale: RECEIPT_LOCALE,
  }).length;
  return {
    rows: [
      {
        name: `${name}, median`,
        n: encoded.n,
        measured: formatMs(encoded.median),
        baselineName: 'renderReceiptText, median',
        baseline: formatMs(text.median),
        ratio: encoded.median / text.median,
      },
      {
        name: `${name}, p99`,
        n: encoded.n,
        measured: formatMs(encoded.p99),
        baselineName: 'renderReceiptText, p99',
        baseline: formatMs(text.p99),
        ratio: encoded.p99 / text.p99,
      },
    ],
    notes: [
      `Encode a ${document.lines.length}-line receipt: ${bytes(encode(document, LONG_WIDTH).length)} ` +
        `of ESC/POS, ${textLines} lines of text; encode max ${formatMs(encoded.max)}, ` +
        `renderReceiptText max ${formatMs(text.max)}. encodeReceipt calls renderReceiptText ` +
        'itself: the ratio is what the ESC/POS layer (printable text, emphasis, barcode, ' +
        'encoding to cp858) costs on top of the text layout.',
    ],
  };
}

/**
 * Measures and prints the device figures: a heading, the table, the notes. Returns how long each
 * part took, for the run's summary line ("scan 3.4 s").
 */
export async function printDeviceFigures(): Promise<string[]> {
  const seconds: string[] = [];
  const timed = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    const start = nowMs();
    const result = await run();
    seconds.push(`${name} ${((nowMs() - start) / 1000).toFixed(1)} s`);
    return result;
  };

  console.log('Devices (issue 3, section 9; no targets: information):');
  const scan = await timed('scan', scanSection);
  if (typeof scan === 'string') {
    console.log(scan);
    seconds[seconds.length - 1] = 'scan skipped';
  }
  const sections = await timed('receipts', () => {
    const receipts = makeReceipts();
    return [receiptBytesSection(receipts), encodeSection(receipts)];
  });
  if (typeof scan !== 'string') sections.unshift(scan);

  const rows = sections.flatMap((section) => section.rows);
  console.log(
    table(
      [
        'Figure',
        'n',
        'Measured',
        'Baseline (same process)',
        'Baseline',
        'Ratio',
        'Target',
        'Result',
      ],
      rows.map((row) => [
        row.name,
        String(row.n),
        row.measured,
        row.baselineName,
        row.baseline,
        formatRatio(row.ratio),
        '(information)',
        '',
      ]),
    ),
  );
  console.log('');
  for (const note of sections.flatMap((section) => section.notes)) console.log(`- ${note}`);
  return seconds;
}
