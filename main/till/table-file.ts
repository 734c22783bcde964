import { parse } from 'csv-parse/sync';
import { TillError, errorMessage } from '../../domain/errors';

export interface TableRow {
  /** The file's line number where the row starts (blank lines and multi-line cells counted). */
  line: number;
  /** Header name (lower-cased, trimmed) -> the cell, trimmed. */
  cells: Map<string, string>;
}

export interface Table {
  columns: string[];
  rows: TableRow[];
  encoding: string;
  separator: string;
}

function decode(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    // Excel's "CSV" on a Belgian Windows writes Windows-1252.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The separator the header line uses most: Excel in Belgium writes `;`. */
function detectSeparator(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [';', ',', '\t'].map((sep) => [sep, header.split(sep).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

/** Reads a CSV file as an import sees it: a header line, then rows by header name. */
export function readTable(bytes: Uint8Array): Table {
  const decoded = decode(bytes);
  const encoding = decoded.encoding;
  // One line ending, so that line numbers count the way an editor shows them.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  const separator = detectSeparator(text);
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: separator,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }) as never;
  } catch (error) {
    throw new TillError(
      'import.unreadable',
      `The file is not a readable CSV: ${errorMessage(error)}`,
      {},
    );
  }
  const [header, ...rows] = records;
  if (!header) throw new TillError('import.empty', 'The file is empty', {});
  const columns = header.record.map((name) => name.trim().toLowerCase());
  return {
    columns,
    encoding,
    separator,
    rows: rows
      .filter(({ record }) => record.some((cell) => cell.trim() !== ''))
      .map(({ record, raw, info }) => {
        // raw holds the blank lines skipped before the row, and its own line end.
        const innerBreaks = raw.replace(/^\n+|\n$/g, '').split('\n').length - 1;
        const cells = new Map<string, string>();
        record.forEach((cell, index) => {
          const column = columns[index] ?? `#${index + 1}`;
          cells.set(column, cell.trim());
        });
        return { line: info.lines - innerBreaks, cells };
      }),
  };
}
