import assert from 'node:assert/strict';

import fc from 'fast-check';

import {type NumberedLine, numberedLines, sniffEncoding} from '../../src/fleet/text-stream.js';

async function lines(chunks: string[]): Promise<NumberedLine[]> {
  async function* gen(): AsyncGenerator<string> {
    yield* chunks;
  }
  const out: NumberedLine[] = [];
  for await (const l of numberedLines(gen())) out.push(l);
  return out;
}

describe('fleet/text-stream', () => {
  it('property: lines come back numbered, whatever the chunking, CRLF or LF', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({unit: fc.constantFrom('a', 'b', ' ', ':'), maxLength: 6}), {minLength: 1, maxLength: 8}), fc.constantFrom('\n', '\r\n'), fc.integer({min: 1, max: 9}), async (texts, eol, size) => {
          const text = texts.join(eol);
          const chunks: string[] = [];
          for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
          const got = await lines(chunks);
          const want = texts.map((t, i) => ({line: i + 1, text: t}));
          // A final empty line (text ending in EOL) is not a line.
          if (want.at(-1)?.text === '') want.pop();
          assert.deepEqual(got, want);
        }),
      {numRuns: 200},
    );
  });

  it('keeps at most 1 MiB of an endless line and goes on after it', async () => {
    const got = await lines(['x'.repeat(700 * 1024), 'y'.repeat(700 * 1024), 'z\nnext\n']);
    assert.equal(got.length, 2);
    assert.equal(got[0].line, 1);
    assert.equal(got[0].text.length, 1024 * 1024);
    assert.deepEqual(got[1], {line: 2, text: 'next'});
  });

  it('tells UTF-16 from UTF-8 by BOM or NUL bytes', () => {
    assert.equal(sniffEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0])), 'utf-16le');
    assert.equal(sniffEncoding(new Uint8Array([0xfe, 0xff, 0, 0x41])), 'utf-16be');
    assert.equal(sniffEncoding(new Uint8Array([0x41, 0, 0x42, 0])), 'utf-16le');
    assert.equal(sniffEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), 'utf-8');
  });
});
