import assert from 'node:assert/strict';

import fc from 'fast-check';

import {clientOrder, firstPickChances, randomOrder, rfc2782Order} from '../../src/dns/order.js';
import type {SrvTarget} from '../../src/licensing/srv.js';
import {seededRandom} from '../helpers/seeded-random.js';

const host = (target: string, priority: number, weight: number): SrvTarget => ({target, port: 1688, priority, weight});

const srvList = fc.array(
  fc.record({target: fc.stringMatching(/^[a-z]{1,8}$/), port: fc.constant(1688), priority: fc.integer({min: 0, max: 3}), weight: fc.integer({min: 0, max: 100})}),
  {maxLength: 8},
);

describe('dns client ordering', () => {
  it('RFC 2782: lower priority always first, whatever the weights', () => {
    const records = [host('b', 10, 1000), host('a', 0, 1), host('c', 5, 0)];
    for (const r of [0, 0.5, 0.999]) assert.deepEqual(rfc2782Order(records, () => r).map((h) => h.target), ['a', 'c', 'b']);
  });

  it('RFC 2782: within a priority the draw picks by running weight sum', () => {
    const records = [host('kms1', 0, 100), host('kms2', 0, 50)];
    // draw = floor(r * 151): 0..100 -> kms1, 101..150 -> kms2
    assert.deepEqual(rfc2782Order(records, () => 0.5).map((h) => h.target), ['kms1', 'kms2']);
    assert.deepEqual(rfc2782Order(records, () => 0.9).map((h) => h.target), ['kms2', 'kms1']);
  });

  it('RFC 2782: first picks follow the weights (100:50 gives about 2:1)', () => {
    const records = [host('kms1', 0, 100), host('kms2', 0, 50)];
    const random = seededRandom(42);
    let first = 0;
    for (let i = 0; i < 3000; i++) if (rfc2782Order(records, random)[0].target === 'kms1') first++;
    const chances = firstPickChances(records, 'modern');
    assert.ok(Math.abs(first / 3000 - chances[0]) < 0.04, `kms1 first ${first}/3000, expected ~${chances[0]}`);
    // draws 0..100 of 0..150 land on kms1 (the draw of 0 takes the first record when none has weight 0)
    assert.ok(Math.abs(chances[0] - 101 / 151) < 1e-9, String(chances[0]));
  });

  it('Vista: uniform random order, priority and weight ignored', () => {
    const records = [host('a', 0, 100), host('b', 10, 0), host('c', 20, 0)];
    const random = seededRandom(7);
    const firsts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const t = clientOrder(records, 'vista', random)[0].target;
      firsts.set(t, (firsts.get(t) ?? 0) + 1);
    }
    for (const t of ['a', 'b', 'c']) assert.ok(Math.abs((firsts.get(t) ?? 0) / 3000 - 1 / 3) < 0.04, `${t}: ${firsts.get(t)}`);
    assert.deepEqual(firstPickChances(records, 'vista'), [1 / 3, 1 / 3, 1 / 3]);
  });

  it('all-zero weights give every host the same first-pick chance', () => {
    const records = [host('a', 0, 0), host('b', 0, 0)];
    assert.deepEqual(firstPickChances(records, 'modern'), [0.5, 0.5]);
    const random = seededRandom(3);
    let a = 0;
    for (let i = 0; i < 2000; i++) if (rfc2782Order(records, random)[0].target === 'a') a++;
    assert.ok(Math.abs(a / 2000 - 0.5) < 0.05, `a first ${a}/2000`);
  });

  it('property: both orders are permutations; RFC 2782 keeps priorities ascending; chances sum to 1', () => {
    fc.assert(
      fc.property(srvList, fc.double({min: 0, max: 1, maxExcluded: true, noNaN: true}), (records, r) => {
        for (const order of [rfc2782Order(records, () => r), randomOrder(records, () => r)]) {
          assert.deepEqual([...order].sort((x, y) => x.target.localeCompare(y.target) || x.priority - y.priority || x.weight - y.weight),
            [...records].sort((x, y) => x.target.localeCompare(y.target) || x.priority - y.priority || x.weight - y.weight));
        }
        const modern = rfc2782Order(records, () => r).map((h) => h.priority);
        assert.deepEqual(modern, [...modern].sort((x, y) => x - y));
        for (const client of ['modern', 'vista'] as const) {
          const sum = firstPickChances(records, client).reduce((s, p) => s + p, 0);
          assert.ok(records.length === 0 ? sum === 0 : Math.abs(sum - 1) < 1e-9, `${client}: ${sum}`);
        }
      }),
      {numRuns: 300},
    );
  });
});
