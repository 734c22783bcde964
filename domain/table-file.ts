/**
 * Reads a spreadsheet export (CSV as Excel, LibreOffice or Google Sheets write it) into rows, for
 * every import of the till (products, members, nomenclature), with the same rules for all: the
 * encoding and the separator are detected, blank lines are skipped but counted, and each row
 * keeps the file's line number where it starts, so that a problem points at the file.
 */
import { TillError } from './errors';

export interface TableRow {
  /** The file's line number where the row starts (1 is the header's first line). */
  line: number;
  /** Header names lower-cased and trimmed -> the cell, trimmed ('' when the row is short). */
  cells: Map<string, string>;
}

export interface Table {
  columns: string[];
  rows: TableRow[];
  encoding: string;
  separator: string;
}

/** At most this many problems are listed; the rest are counted. */
export const MAX_LISTED_PROBLEMS = 50;

/** Problems one a line, at most MAX_LISTED_PROBLEMS of them, then "and N more". */
export function formatProblems(problems: readonly string[]): string {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const more = problems.length - listed.length;
  return [...listed, ...(more > 0 ? [`and ${more} more`] : [])].join('\n');
}

const ENCODINGS_TRIED = 'UTF-8, UTF-16 LE and BE (with or without a byte order mark), Windows-1252';
const SEPARATORS = [';', ',', '\t'] as const;
const SEPARATORS_TRIED = 'comma, semicolon, tab';

export function readTable(bytes: Uint8Array): Table {
  if (bytes.length === 0) throw new TillError('import.empty', 'The file is empty', {});
  const { text, encoding } = decode(bytes);
  if (text.trim() === '') throw new TillError('import.empty', 'The file has only blank lines', {});
  // "sep=;" on the first line (which Excel reads and some tools write) names the separator.
  const declared = /^sep=([,;\t])(\r\n|\r|\n)/i.exec(text);
  const separator = declared?.[1] ?? detectSeparator(text);
  const records = splitRecords(declared ? `\n${text.slice(declared[0].length)}` : text, separator);
  const [header, ...body] = records;
  if (!header) throw new TillError('import.empty', 'The file has only blank lines', {});
  const columns = header.cells.map((name) => name.trim().toLowerCase());
  const problems: string[] = [];
  columns.forEach((name, index) => {
    if (name === '' && index < columns.length - 1)
      problems.push(`line ${header.line}: column ${index + 1} of the header has no name`);
    const first = columns.indexOf(name);
    if (name !== '' && first !== index)
      problems.push(
        `line ${header.line}: the column "${name}" appears twice (columns ${first + 1} and ${index + 1})`,
      );
  });
  // Excel writes a trailing separator on some exports: an unnamed last column is ignored.
  if (columns.at(-1) === '') columns.pop();
  const rows: TableRow[] = [];
  for (const record of body) {
    const extra = record.cells.slice(columns.length).filter((cell) => cell.trim() !== '');
    if (extra.length > 0) {
      problems.push(
        `line ${record.line}: ${columns.length + extra.length} values for ${columns.length} columns`,
      );
      continue;
    }
    rows.push({
      line: record.line,
      cells: new Map(columns.map((name, index) => [name, (record.cells[index] ?? '').trim()])),
    });
  }
  if (problems.length > 0) {
    throw new TillError(
      'import.unreadable_rows',
      `The file cannot be read as a table; ${problems.length} problem(s):\n${formatProblems(problems)}`,
      { problems: problems.length },
    );
  }
  if (rows.length === 0) {
    throw new TillError(
      'import.no_rows',
      `The file has a header (${columns.join(', ')}) but no rows below it`,
      {},
    );
  }
  return { columns, rows, encoding, separator };
}

function decode(bytes: Uint8Array): { text: string; encoding: string } {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf)
    return { text: strict('utf-8', bytes.subarray(3)), encoding: 'UTF-8 with BOM' };
  if (b0 === 0xff && b1 === 0xfe)
    return { text: strict('utf-16le', bytes.subarray(2)), encoding: 'UTF-16 LE with BOM' };
  if (b0 === 0xfe && b1 === 0xff)
    return { text: strict('utf-16be', bytes.subarray(2)), encoding: 'UTF-16 BE with BOM' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) {
    const name = utf16 === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE';
    return { text: strict(utf16, bytes), encoding: `${name} without BOM` };
  }
  try {
    return {
      text: clean(new TextDecoder('utf-8', { fatal: true }).decode(bytes)),
      encoding: 'UTF-8',
    };
  } catch {
    // Excel's plain "CSV" on Windows is Windows-1252: taken unless it holds control characters,
    // which no spreadsheet writes and every binary file does.
    return { text: strict('windows-1252', bytes), encoding: 'Windows-1252' };
  }
}

/** UTF-16 text of Latin letters has a zero in every other byte: on the odd ones in LE. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const sample = bytes.subarray(0, 4096 - (Math.min(bytes.length, 4096) % 2));
  if (sample.length < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  sample.forEach((byte, index) => {
    if (byte === 0) {
      if (index % 2 === 0) evenZeros += 1;
      else oddZeros += 1;
    }
  });
  const pairs = sample.length / 2;
  if (oddZeros > pairs * 0.3 && evenZeros === 0) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros === 0) return 'utf-16be';
  return null;
}

/**
 * Windows-1252's letters at 0x80-0x9F (€, œ, Œ, ‚ „ … ‘ ’ “ ” – —, Š, Ž, Ÿ, ...): Node 20's
 * TextDecoder reads that label as ISO-8859-1 and gives control characters there, so that "Œufs"
 * or "3,20 €" made a file unreadable. The five bytes Windows-1252 leaves undefined stay controls.
 */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function windows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  }
  return text;
}

function strict(encoding: string, bytes: Uint8Array): string {
  let text: string;
  try {
    text =
      encoding === 'windows-1252'
        ? windows1252(bytes)
        : new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    throw unreadable(`it is not valid ${encoding.toUpperCase()}`);
  }
  return clean(text);
}

function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text))
    throw unreadable('it holds control characters, as a binary file does, not text');
  return text;
}

function unreadable(why: string): TillError {
  return new TillError(
    'import.unreadable',
    `The file cannot be read as a spreadsheet export: ${why} (encodings tried: ${ENCODINGS_TRIED}; separators tried: ${SEPARATORS_TRIED}). Save it from the spreadsheet as "CSV UTF-8".`,
    {},
  );
}

/** The separator the header line uses most, outside quotes. */
function detectSeparator(text: string): string {
  const counts = new Map<string, number>(SEPARATORS.map((separator) => [separator, 0]));
  let quoted = false;
  let seenText = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (seenText) break;
    } else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
    if (char.trim() !== '') seenText = true;
  }
  const [best, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [',', 0];
  if (count === 0)
    throw unreadable('its first line has none of the separators, so it has no columns');
  return best;
}

interface RawRecord {
  line: number;
  cells: string[];
}

/** RFC 4180 with any separator: quoted cells may hold separators, quotes ("") and line breaks. */
function splitRecords(text: string, separator: string): RawRecord[] {
  const records: RawRecord[] = [];
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteOpenedAt = 0;
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((value) => value.trim() !== '')) records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) line += 1;
        cell += char === '\r' ? '' : char;
      }
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      quoteOpenedAt = line;
      cell = '';
    } else if (char === separator) {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      start = line;
    } else cell += char;
  }
  if (quoted)
    throw new TillError(
      'import.unreadable',
      `The quote opened on line ${quoteOpenedAt} is never closed`,
      { line: quoteOpenedAt },
    );
  endRecord();
  return records;
}
