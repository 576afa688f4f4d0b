import assert from 'node:assert/strict';

import fc from 'fast-check';

import {type CsvRow, parseCsv, sniffDelimiter} from '../../src/fleet/csv.js';

async function rows(chunks: Iterable<string>, delimiter = ','): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const row of parseCsv(chunks, {delimiter})) out.push(row);
  return out;
}

/** RFC 4180 writer: quote a field when it holds the delimiter, a quote, CR or LF (or always). */
const writeField = (field: string, always: boolean): string => (always || /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

/** Cut a string into pieces at the given fractions, to feed the parser chunk boundaries everywhere. */
function cut(text: string, points: number[]): string[] {
  const at = [...new Set(points.map((p) => Math.floor(p * text.length)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let last = 0;
  for (const p of at) {
    pieces.push(text.slice(last, p));
    last = p;
  }
  pieces.push(text.slice(last));
  return pieces;
}

describe('fleet/csv parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and CRLF inside', async () => {
    const text = '"a","b,c","say ""hi"""\r\n"multi\r\nline",x,\r\n';
    const result = await rows([text]);
    assert.deepEqual(result, [
      {line: 1, fields: ['a', 'b,c', 'say "hi"']},
      {line: 2, fields: ['multi\r\nline', 'x', '']},
    ]);
  });

  it('numbers rows by the line they start on, counting line breaks inside quotes', async () => {
    const text = 'h1,h2\n"1\n2\n3",x\ny,z\n';
    const result = await rows([text]);
    assert.deepEqual(result.map((r) => r.line), [1, 2, 5]);
  });

  it('skips blank lines but keeps a quoted empty field', async () => {
    const result = await rows(['a\r\n\r\n""\r\nb']);
    assert.deepEqual(result.map((r) => r.fields), [['a'], [''], ['b']]);
    assert.deepEqual(result.map((r) => r.line), [1, 3, 4]);
  });

  it('reports text after a closing quote and goes on with the next row', async () => {
    const result = await rows(['"ok","bad"x,1\nnext,row\n']);
    assert.match(result[0].error ?? '', /after a closing quote in field 2/);
    assert.deepEqual(result[1], {line: 2, fields: ['next', 'row']});
  });

  it('reports an unterminated quote at the end of the file', async () => {
    const result = await rows(['a,b\n"open,c\n']);
    assert.equal(result.length, 2);
    assert.equal(result[1].line, 2);
    assert.match(result[1].error ?? '', /unterminated/);
  });

  it('bounds an oversized quoted field and resynchronizes on the next line', async () => {
    const out: CsvRow[] = [];
    for await (const row of parseCsv(['"', 'x'.repeat(50), '\nnext,1\n'], {maxFieldLength: 20})) out.push(row);
    assert.match(out[0].error ?? '', /longer than 20/);
    assert.deepEqual(out[1], {line: 2, fields: ['next', '1']});
  });

  it('bounds the number of fields in a row', async () => {
    const out: CsvRow[] = [];
    for await (const row of parseCsv([',,,,,,,,,,\nok\n'], {maxFields: 4})) out.push(row);
    assert.match(out[0].error ?? '', /more than 4 fields/);
    assert.deepEqual(out[1], {line: 2, fields: ['ok']});
  });

  it('reads a semicolon-delimited export', async () => {
    assert.equal(sniffDelimiter('"TimeCreated";"Id";"Message"'), ';');
    assert.equal(sniffDelimiter('a,b;c,d'), ',');
    const result = await rows(['"a;b";c\r\n'], ';');
    assert.deepEqual(result[0].fields, ['a;b', 'c']);
  });

  it('property: any table written per RFC 4180 reads back identically, however it is chunked', async () => {
    const field = fc.string({unit: fc.constantFrom('a', 'b', ',', '"', '\r', '\n', ' ', 'é', '😀'), maxLength: 8});
    const table = fc.array(fc.array(field, {minLength: 1, maxLength: 5}), {minLength: 1, maxLength: 8});
    await fc.assert(
      fc.asyncProperty(table, fc.boolean(), fc.array(fc.double({min: 0, max: 1, noNaN: true}), {maxLength: 6}), fc.constantFrom('\r\n', '\n'), async (t, always, points, eol) => {
        // A row of one empty unquoted field would be a blank line: quote it, as Export-Csv does.
        const text = t.map((row) => row.map((f) => writeField(f, always || (row.length === 1 && f === ''))).join(',')).join(eol) + eol;
        const result = await rows(cut(text, points));
        assert.deepEqual(result.map((r) => r.fields), t);
        assert.ok(result.every((r) => r.error === undefined));
        // Each row starts on 1 + the number of LFs before it.
        let line = 1;
        t.forEach((row, i) => {
          assert.equal(result[i].line, line);
          const written = row.map((f) => writeField(f, always || (row.length === 1 && f === ''))).join(',') + eol;
          line += written.split('\n').length - 1;
        });
      }),
      {numRuns: 300},
    );
  });

  it('property: arbitrary text never throws and every row has a line within the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({unit: fc.constantFrom('a', ',', '"', '\r', '\n'), maxLength: 60}), async (text) => {
        const lines = text.split('\n').length;
        for (const row of await rows([text])) assert.ok(row.line >= 1 && row.line <= lines);
      }),
      {numRuns: 300},
    );
  });
});
