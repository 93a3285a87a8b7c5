// PostgreSQL's COPY text format (COPY … TO STDOUT): one row per line, columns separated by tabs, NULL
// as \N, and backslash escapes for backslash, tab, newline, carriage return, backspace, form feed and
// vertical tab. A newline byte only ever ends a row (newlines in values are escaped), and it cannot
// occur inside a multi-byte UTF-8 character, so a stream can be cut into whole rows at byte level.

const ESCAPED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const unescapeValue = (value: string) => value.replace(/\\(.)/gs, (_, c: string) => ESCAPED[c] ?? c);

/** Rows of COPY text (whole lines, each ending with a newline) as arrays of values, NULL as null. */
export function parseCopyText(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  const lines = text.split('\n');
  // The text ends with a newline: the last element is the empty remainder after it.
  for (let l = 0; l < lines.length - 1; l++) {
    const line = lines[l]!;
    const values: (string | null)[] = line.split('\t');
    if (line.includes('\\')) {
      for (let i = 0; i < values.length; i++) {
        const value = values[i]!;
        if (value === '\\N') values[i] = null;
        else if (value.includes('\\')) values[i] = unescapeValue(value);
      }
    }
    rows.push(values);
  }
  return rows;
}

/** Cuts a stream of COPY data into buffers of whole rows, each with the number of rows it holds. */
export async function* wholeRows(chunks: AsyncIterable<Buffer>): AsyncGenerator<{ data: Buffer; rows: number }> {
  // Chunks that hold no row end yet wait here, joined once one does (linear even for a huge row).
  let waiting: Buffer[] = [];
  for await (const chunk of chunks) {
    const last = chunk.lastIndexOf(10);
    if (last === -1) {
      waiting.push(chunk);
      continue;
    }
    const data = waiting.length > 0 ? Buffer.concat([...waiting, chunk.subarray(0, last + 1)]) : chunk.subarray(0, last + 1);
    waiting = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
    let rows = 0;
    for (let at = data.indexOf(10); at !== -1; at = data.indexOf(10, at + 1)) rows++;
    yield { data, rows };
  }
  if (waiting.length > 0) throw new Error('The COPY data ended in the middle of a row.');
}
