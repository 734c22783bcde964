import { describe, expect, it } from 'vitest';
import { TillError } from '../../domain/errors';
import { formatProblems, readTable } from '../../domain/table-file';

/**
 * The table reader's rules one by one, now that the server reads suppliers' files with it too:
 * which bytes make which encoding, which line makes the separator, where lines end.
 */
const utf8 = (text: string) => new TextEncoder().encode(text);
const bytesOf = (...parts: (string | number)[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...utf8(part)] : [part])));

function refusal(bytes: Uint8Array): TillError {
  try {
    readTable(bytes);
  } catch (error) {
    if (error instanceof TillError) return error;
    throw error;
  }
  throw new Error('the file was read');
}
const cellsOf = (bytes: Uint8Array) =>
  readTable(bytes).rows.map((row) => ({ line: row.line, ...Object.fromEntries(row.cells) }));

describe('readTable: encodings', () => {
  it('names each encoding it read', () => {
    expect(readTable(bytesOf(0xef, 0xbb, 0xbf, 'a;b\n1;2\n')).encoding).toBe('UTF-8 with BOM');
    expect(
      readTable(bytesOf(0xff, 0xfe, 'a', 0, ';', 0, 'b', 0, '\n', 0, '1', 0, ';', 0, '2', 0))
        .encoding,
    ).toBe('UTF-16 LE with BOM');
    expect(
      readTable(bytesOf(0xfe, 0xff, 0, 'a', 0, ';', 0, 'b', 0, '\n', 0, '1', 0, ';', 0, '2'))
        .encoding,
    ).toBe('UTF-16 BE with BOM');
    expect(
      readTable(bytesOf('a', 0, ';', 0, 'b', 0, '\n', 0, '1', 0, ';', 0, '2', 0)).encoding,
    ).toBe('UTF-16 LE without BOM');
    expect(readTable(utf8('a;b\n1;é\n')).encoding).toBe('UTF-8');
    expect(readTable(bytesOf('a;b\n1;', 0xe9, '\n')).encoding).toBe('Windows-1252');
  });

  it('takes a byte order mark only whole: part of one is Windows-1252 text', () => {
    for (const start of [
      [0xef, 0xbb, 0x41],
      [0xef, 0x41, 0xbf],
      [0x41, 0xbb, 0xbf],
      [0xff, 0x41],
      [0x41, 0xfe],
      [0xfe, 0x41],
      [0x41, 0xff],
    ]) {
      const table = readTable(bytesOf(...start, ';b\n1;2\n'));
      expect(table.encoding, start.join(' ')).toBe('Windows-1252');
      expect(table.columns).toHaveLength(2);
    }
  });

  it('reads Windows-1252 up to 0x9F (Ÿ) and keeps the bytes above as Latin-1 (ÿ)', () => {
    expect(cellsOf(bytesOf('a;b\n', 0x9f, ';', 0xff, 0xa0, 'x\n'))).toEqual([
      { line: 2, a: 'Ÿ', b: 'ÿ\u00a0x' },
    ]);
  });

  it('refuses UTF-16 that is not (a lone surrogate), naming it', () => {
    const error = refusal(bytesOf(0xff, 0xfe, 'a', 0, ';', 0, 0x00, 0xd8, 'b', 0));
    expect(error.code).toBe('import.unreadable');
    expect(error.message).toContain(
      'The file cannot be read as a spreadsheet export: it is not valid UTF-16LE (encodings tried',
    );
  });
});

describe('readTable: the separator', () => {
  it('counts the header line only, outside quotes, after blank lines', () => {
    // The body has more semicolons than the header has commas: the header decides.
    expect(cellsOf(utf8('\n\r\nid,name\n1;2;3;4,x\n'))).toEqual([
      { line: 4, id: '1;2;3;4', name: 'x' },
    ]);
    expect(cellsOf(utf8('id,name\r1;2;3;4,x\r'))).toEqual([{ line: 2, id: '1;2;3;4', name: 'x' }]);
    expect(readTable(utf8('"a;b;c",d\n1,2\n')).separator).toBe(',');
    expect(readTable(utf8('a,b,c;d\n1,2,3;4\n')).separator).toBe(',');
  });

  it('says a first line with no separator has no columns', () => {
    expect(refusal(utf8('just words\n1\n')).message).toContain(
      'its first line has none of the separators, so it has no columns',
    );
  });
});

describe('readTable: lines and cells', () => {
  it('ends lines at CRLF, LF or a lone CR, inside quotes too, and counts each once', () => {
    expect(cellsOf(utf8('id;name\r1;a\r2;b\r'))).toEqual([
      { line: 2, id: '1', name: 'a' },
      { line: 3, id: '2', name: 'b' },
    ]);
    expect(cellsOf(utf8('id;name\r\n1;"a\r\nb"\r\n2;"c\rd"\r\n3;e\r\n'))).toEqual([
      { line: 2, id: '1', name: 'a\nb' },
      { line: 4, id: '2', name: 'cd' },
      { line: 6, id: '3', name: 'e' },
    ]);
  });

  it('opens a quote only at a cell’s start (spaces before it allowed)', () => {
    expect(cellsOf(utf8('id;name\n1; "a;b"\n2;say "hi"\n'))).toEqual([
      { line: 2, id: '1', name: 'a;b' },
      { line: 3, id: '2', name: 'say "hi"' },
    ]);
  });

  it('trims cells, fills missing ones, ignores blank extra ones', () => {
    expect(cellsOf(utf8('id;name\n 1 ; a \n2\n3;c;  \n'))).toEqual([
      { line: 2, id: '1', name: 'a' },
      { line: 3, id: '2', name: '' },
      { line: 4, id: '3', name: 'c' },
    ]);
  });

  it('refuses with its code and words: blank lines only, an unnamed column, an open quote', () => {
    expect(refusal(new Uint8Array())).toMatchObject({
      code: 'import.empty',
      message: 'The file is empty',
    });
    expect(refusal(utf8(' \n\t\n'))).toMatchObject({
      code: 'import.empty',
      message: 'The file has only blank lines',
    });
    expect(refusal(utf8('sep=;\n  \n'))).toMatchObject({
      code: 'import.empty',
      message: 'The file has only blank lines',
    });
    const unnamed = refusal(utf8('id;;name\n1;2;3\n'));
    expect(unnamed).toMatchObject({
      code: 'import.unreadable_rows',
      message:
        'The file cannot be read as a table; 1 problem(s):\nline 1: column 2 of the header has no name',
      details: { problems: 1 },
    });
    expect(refusal(utf8('id;name\n1;"a\n'))).toMatchObject({
      code: 'import.unreadable',
      details: { line: 2 },
    });
    expect(refusal(utf8('id;name\n\n'))).toMatchObject({ code: 'import.no_rows', details: {} });
  });
});

describe('formatProblems', () => {
  it('lists up to 50 problems as they are, and adds "and N more" only past 50', () => {
    expect(formatProblems(['a', 'b'])).toBe('a\nb');
    const fifty = Array.from({ length: 50 }, (_, i) => `p${i}`);
    expect(formatProblems(fifty).split('\n')).toEqual(fifty);
    expect(
      formatProblems([...fifty, 'x'])
        .split('\n')
        .at(-1),
    ).toBe('and 1 more');
  });
});
