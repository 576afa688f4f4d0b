import assert from 'node:assert/strict';

import fc from 'fast-check';

import {type JsonChunk, splitJsonObjects} from '../../src/fleet/json-objects.js';

async function split(text: string, size: number): Promise<JsonChunk[]> {
  async function* chunks(): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  const out: JsonChunk[] = [];
  for await (const item of splitJsonObjects(chunks())) out.push(item);
  return out;
}

describe('fleet/json-objects splitJsonObjects', () => {
  it('property: objects written as JSON Lines, pretty documents or an array come back one by one', async () => {
    const object = fc.dictionary(fc.string({maxLength: 6}), fc.jsonValue({maxDepth: 2}), {maxKeys: 4});
    await fc.assert(
      fc.asyncProperty(fc.array(object, {minLength: 1, maxLength: 6}), fc.constantFrom('lines', 'pretty', 'array'), fc.integer({min: 1, max: 40}), async (objects, layout, size) => {
        const text =
          layout === 'lines'
            ? objects.map((o) => JSON.stringify(o)).join('\n')
            : layout === 'pretty'
              ? objects.map((o) => JSON.stringify(o, null, 2)).join('\n')
              : JSON.stringify(objects, null, 1);
        const items = await split(text, size);
        assert.ok(items.every((i) => 'text' in i));
        assert.deepEqual(items.map((i) => ('text' in i ? JSON.parse(i.text) : undefined)), JSON.parse(JSON.stringify(objects)));
        // Each object starts on the line where its "{" is.
        for (const item of items) {
          if (!('text' in item)) continue;
          const before = text.split('\n').slice(0, item.line - 1).join('\n').length;
          assert.ok(text.indexOf(item.text, before) >= before);
        }
      }),
      {numRuns: 200},
    );
  });

  it('reports stray text and an unclosed object with their lines', async () => {
    const items = await split('{"a":1}\nnull\n{"b":', 4);
    assert.deepEqual(items, [
      {line: 1, text: '{"a":1}'},
      {line: 2, error: 'expected a JSON object, found "n"'},
      {line: 3, error: 'JSON object not closed at end of file'},
    ]);
  });
});
