// PostgreSQL's COPY text format as the pull reads it: escapes, NULL, and a stream cut into whole rows
// at any byte, even inside a multi-byte character.
import { describe, expect, it } from 'vitest';
import { parseCopyText, wholeRows } from '../../src/main/central/copy-text';

async function* chunksOf(data: Buffer, sizes: number[]) {
  let at = 0;
  for (const size of sizes) {
    yield data.subarray(at, at + size);
    at += size;
  }
  if (at < data.length) yield data.subarray(at);
}

describe('COPY text', () => {
  it('reads values, NULL, empty strings and every escape PostgreSQL writes', () => {
    const text = 'a\t\\N\t\tx\\ty\n' + 'line\\none\\r\\b\\f\\v\t\\\\N\tC:\\\\dir\\\\\t{"q":"\\\\""}\n';
    expect(parseCopyText(text)).toEqual([
      ['a', null, '', 'x\ty'],
      ['line\none\r\b\f\v', '\\N', 'C:\\dir\\', '{"q":"\\""}'],
    ]);
  });

  it('reads a one-column row of an empty string, and nothing from no rows', () => {
    expect(parseCopyText('\n')).toEqual([['']]);
    expect(parseCopyText('')).toEqual([]);
  });

  it('cuts a stream into whole rows wherever its chunks end, and counts them', async () => {
    const rows = ['Überprüfung\tzwölf\n', '日本語のテスト\t🙂\n', 'plain\t\\N\n'];
    const data = Buffer.from(rows.join(''), 'utf8');
    for (let cut = 1; cut < data.length; cut++) {
      const pieces: { data: Buffer; rows: number }[] = [];
      for await (const piece of wholeRows(chunksOf(data, [cut, 3]))) pieces.push(piece);
      expect(pieces.every((p) => p.data.at(-1) === 10)).toBe(true);
      expect(pieces.reduce((n, p) => n + p.rows, 0)).toBe(3);
      expect(pieces.flatMap((p) => parseCopyText(p.data.toString('utf8')))).toEqual([
        ['Überprüfung', 'zwölf'], ['日本語のテスト', '🙂'], ['plain', null],
      ]);
    }
  });

  it('refuses a stream that ends in the middle of a row', async () => {
    const read = async () => {
      for await (const piece of wholeRows(chunksOf(Buffer.from('a\tb\nc\t'), []))) void piece;
    };
    await expect(read()).rejects.toThrow('ended in the middle of a row');
  });
});
