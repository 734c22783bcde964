import { describe, expect, it } from 'vitest';
import { TillError } from '../../domain/errors';
import { formatProblems, readTable } from '../../main/till/table-file';

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const bytes: number[] = bom ? (endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (endian === 'le') bytes.push(unit & 0xff, unit >> 8);
    else bytes.push(unit >> 8, unit & 0xff);
  }
  return new Uint8Array(bytes);
}

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

describe('readTable', () => {
  it('reads a Belgian Excel export: BOM, semicolons, CRLF, decimal commas untouched', () => {
    const table = readTable(
      withBom('ID ; Name ;Price\r\n7;Œufs bio;3,99\r\n8;"Pain; gris";2,10\r\n'),
    );
    expect(table).toMatchObject({
      columns: ['id', 'name', 'price'],
      encoding: 'UTF-8 with BOM',
      separator: ';',
    });
    expect(
      cellsOf(withBom('ID ; Name ;Price\r\n7;Œufs bio;3,99\r\n8;"Pain; gris";2,10\r\n')),
    ).toEqual([
      { line: 2, id: '7', name: 'Œufs bio', price: '3,99' },
      { line: 3, id: '8', name: 'Pain; gris', price: '2,10' },
    ]);
  });

  it('reads UTF-16 in either byte order, with or without a byte order mark, and tabs', () => {
    const text = 'id\tname\r\n1\tCafé\r\n';
    for (const [endian, bom] of [
      ['le', true],
      ['le', false],
      ['be', true],
      ['be', false],
    ] as const) {
      const table = readTable(utf16(text, endian, bom));
      expect(table.separator).toBe('\t');
      expect(table.encoding).toContain(`UTF-16 ${endian.toUpperCase()}`);
      expect(table.rows[0]?.cells.get('name')).toBe('Café');
    }
  });

  it("reads Windows-1252 (Excel's plain CSV) and commas", () => {
    const bytes = new Uint8Array([...utf8('id,name\n1,Caf'), 0xe9, 0x0a]);
    expect(readTable(bytes)).toMatchObject({ encoding: 'Windows-1252', separator: ',' });
    expect(readTable(bytes).rows[0]?.cells.get('name')).toBe('Café');
  });

  it('reads the letters Windows-1252 keeps at 0x80-0x9F (€, Œ, œ, quotes), not as controls', () => {
    // "Œufs;3,20 €" and "Bœuf ‘bio’ – 1 kg" as Excel on Windows writes them.
    const bytes = new Uint8Array([
      ...utf8('name;price\n'),
      0x8c,
      ...utf8('ufs;3,20 '),
      0x80,
      0x0a,
      ...utf8('B'),
      0x9c,
      ...utf8('uf '),
      0x91,
      ...utf8('bio'),
      0x92,
      ...utf8(' '),
      0x96,
      ...utf8(' 1 kg;9'),
      0x0a,
    ]);
    expect(cellsOf(bytes)).toEqual([
      { line: 2, name: 'Œufs', price: '3,20 €' },
      { line: 3, name: 'Bœuf ‘bio’ – 1 kg', price: '9' },
    ]);
    // A byte Windows-1252 leaves undefined is still no text.
    expect(() => readTable(new Uint8Array([...utf8('a;b\n1;'), 0x81, 0x0a]))).toThrow(
      /control characters/,
    );
  });

  it("numbers rows by the file's lines: blank lines and multi-line quoted cells count", () => {
    const text = 'id,name\n\n1,"Pâte\nà tartiner"\n\n   \n2,Lait\n,,\n3,"dit ""bio"""\n';
    expect(cellsOf(utf8(text))).toEqual([
      { line: 3, id: '1', name: 'Pâte\nà tartiner' },
      { line: 7, id: '2', name: 'Lait' },
      { line: 9, id: '3', name: 'dit "bio"' },
    ]);
  });

  it('takes the separator a "sep=" first line names, counting that line', () => {
    expect(readTable(utf8('sep=,\r\nid;x,name\r\n1;2,a\r\n')).separator).toBe(',');
    expect(cellsOf(utf8('sep=,\r\nid;x,name\r\n1;2,a\r\n'))).toEqual([
      { line: 3, 'id;x': '1;2', name: 'a' },
    ]);
  });

  it('fills short rows with empty cells and ignores an unnamed trailing column', () => {
    expect(cellsOf(utf8('id;name;\n1;\n2;x;\n'))).toEqual([
      { line: 2, id: '1', name: '' },
      { line: 3, id: '2', name: 'x' },
    ]);
  });

  it('refuses, in words: empty, header only, duplicated column, too many values, open quote', () => {
    expect(refusal(new Uint8Array()).message).toBe('The file is empty');
    expect(refusal(utf8('\r\n\r\n')).code).toBe('import.empty');
    expect(refusal(utf8('id;name\r\n\r\n'))).toMatchObject({
      code: 'import.no_rows',
      message: 'The file has a header (id, name) but no rows below it',
    });
    expect(refusal(utf8('id,Name,name \n1,a,b\n')).message).toContain(
      'line 1: the column "name" appears twice (columns 2 and 3)',
    );
    expect(refusal(utf8('id,name\n1,a\n2,b,c,d\n')).message).toContain(
      'line 3: 4 values for 2 columns',
    );
    expect(refusal(utf8('id,name\n1,"a\n2,b\n')).message).toBe(
      'The quote opened on line 2 is never closed',
    );
  });

  it('refuses binary junk and a file with no separator, saying what it tried', () => {
    const junk = new Uint8Array(5000).map((_, i) => (i * 7919) % 256);
    for (const bytes of [junk, utf8('just some words\nand more\n')]) {
      const error = refusal(bytes);
      expect(error.code).toBe('import.unreadable');
      expect(error.message).toContain('encodings tried: UTF-8, UTF-16');
      expect(error.message).toContain('separators tried: comma, semicolon, tab');
    }
  });

  it('lists at most 50 problems, then counts the rest', () => {
    const lines = Array.from({ length: 53 }, (_, i) => `problem ${i + 1}`);
    const text = formatProblems(lines).split('\n');
    expect(text).toHaveLength(51);
    expect(text.at(-2)).toBe('problem 50');
    expect(text.at(-1)).toBe('and 3 more');
  });
});
