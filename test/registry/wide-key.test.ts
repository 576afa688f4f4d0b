import assert from 'node:assert/strict';

import {compareNames, Hive, HiveKey, verifyHive} from '../../src/registry/index.js';
import {requireTools, run} from '../helpers/tools.js';
import {clock} from './build.js';
import {tempFile} from './oracle.js';

/** A deterministic shuffle (LCG), so the test is repeatable. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const RI = Buffer.from('ri', 'latin1');

describe('registry: keys with thousands of subkeys (ri index)', function () {
  it('random inserts and deletes keep the index sorted, hashed and verified, in 1.5 and 1.3', function () {
    for (const minor of [5, 3]) {
      const hive = Hive.create({clock, minor});
      const names = Array.from({length: 1600}, (_, i) => `Dev_${(i * 7919) % 10007}${i % 3 === 0 ? 'é' : ''}`);
      for (const name of shuffled(names, 1)) hive.createKey(`Wide\\${name}`);
      const gone = new Set(shuffled(names, 2).slice(0, 900));
      for (const name of gone) assert.equal(hive.deleteKey(`Wide\\${name}`), true);
      for (const name of shuffled(names, 3).slice(0, 300)) if (gone.delete(name)) hive.createKey(`Wide\\${name}`);
      const expected = names.filter((name) => !gone.has(name)).sort(compareNames);
      const bytes = hive.serialize();
      const reread = Hive.parse(bytes);
      assert.deepEqual(reread.key('Wide')!.subkeys().map((key) => key.name), expected);
      assert.deepEqual(verifyHive(bytes).issues, [], `minor ${minor}`);
      const list = bytes.readUInt32LE(4096 + (reread.key('Wide') as HiveKey).cell + 4 + 28);
      assert.deepEqual(bytes.subarray(4096 + list + 4, 4096 + list + 6), RI, 'the list is an ri index');
    }
  });

  it('hivexget opens keys in every leaf of an index we wrote', function () {
    requireTools(this, 'hivexget');
    const hive = Hive.create({clock});
    for (let i = 0; i < 1300; i++) hive.createKey(`Wide\\k${String((i * 37) % 1300).padStart(4, '0')}`).subkeys();
    hive.setValue('Wide\\k0000', {name: 'V', type: 4, data: Buffer.from([1, 0, 0, 0])});
    hive.setValue('Wide\\k0650', {name: 'V', type: 4, data: Buffer.from([2, 0, 0, 0])});
    hive.setValue('Wide\\k1299', {name: 'V', type: 4, data: Buffer.from([3, 0, 0, 0])});
    const file = tempFile('TEST', hive.serialize());
    assert.equal(run('hivexget', [file, 'Wide\\k0000', 'V']).stdout, '1\n');
    assert.equal(run('hivexget', [file, 'Wide\\K0650', 'V']).stdout, '2\n');
    assert.equal(run('hivexget', [file, 'wide\\k1299', 'V']).stdout, '3\n');
  });
});
