import assert from 'node:assert/strict';

import {explainCode} from '../../src/licensing/explain.js';
import {listGvlks} from '../../src/licensing/keys.js';
import {formatBuilds, formatTable, renderExplanation, renderKeys} from '../../src/licensing/render.js';

describe('licensing/render', () => {
  it('formatTable pads every column to its widest cell and trims line ends', () => {
    const text = formatTable(['A', 'LONG HEADER', 'C'], [['xxxx', 'y', ''], ['z', 'yy', 'last']]);
    assert.equal(text, ['A     LONG HEADER  C', '----  -----------  ----', 'xxxx  y', 'z     yy           last'].join('\n'));
  });

  it('formatBuilds shows single builds, ranges and open ranges', () => {
    assert.equal(formatBuilds({min: 20348, max: 20348}), '20348');
    assert.equal(formatBuilds({min: 7600, max: 7601}), '7600-7601');
    assert.equal(formatBuilds({min: 22000}), '22000+');
  });

  it('renderKeys lists every row with its threshold, and explains the thresholds', () => {
    const text = renderKeys(listGvlks({edition: 'ServerSolution'}));
    const rows = text.split('\n').filter((line) => /^[A-Z0-9]{5}-/.test(line));
    assert.equal(rows.length, 4);
    assert.ok(rows.every((row) => row.endsWith('5 (server)')));
    assert.match(text, /4 key\(s\)\./);
  });

  it('renderExplanation of a code without a symbol says so', () => {
    assert.match(renderExplanation(explainCode('0xC004C008')), /^0xC004C008 {2}\(no symbolic name known\)$/m);
  });
});
