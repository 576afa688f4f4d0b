import assert from 'node:assert/strict';
import fc from 'fast-check';

import {Hive, upcaseName, verifyHive, type RegKey, type RegValue} from '../../src/registry/index.js';
import {requireTools} from '../helpers/tools.js';
import {clock} from './build.js';
import {hivexView, ourView, plain, tempFile} from './oracle.js';

/** The model: what a tree of keys and values should read back as. */
interface ModelKey {
  name: string;
  children: Map<string, ModelKey>;
  values: Map<string, RegValue>;
}

type Op = {kind: 'set'; path: string[]; value: RegValue} | {kind: 'deleteKey'; path: string[]} | {kind: 'deleteValue'; path: string[]; name: string};

const newKey = (name: string): ModelKey => ({name, children: new Map(), values: new Map()});

function applyModel(root: ModelKey, op: Op): void {
  if (op.kind === 'deleteKey') {
    let key = root;
    for (const part of op.path.slice(0, -1)) {
      const next = key.children.get(upcaseName(part));
      if (!next) return;
      key = next;
    }
    key.children.delete(upcaseName(op.path[op.path.length - 1]));
    return;
  }
  let key = root;
  for (const part of op.path) {
    const id = upcaseName(part);
    let next = key.children.get(id);
    if (!next) {
      if (op.kind === 'deleteValue') return;
      next = newKey(part);
      key.children.set(id, next);
    }
    key = next;
  }
  if (op.kind === 'deleteValue') key.values.delete(upcaseName(op.name));
  else {
    // A replaced value keeps its stored name spelling (Windows and our writer do).
    const old = key.values.get(upcaseName(op.value.name));
    key.values.set(upcaseName(op.value.name), {...op.value, name: old?.name ?? op.value.name, type: op.value.type >>> 0});
  }
}

function applyHive(hive: Hive, op: Op): void {
  if (op.kind === 'set') hive.setValueAt(op.path, op.value);
  else if (op.kind === 'deleteKey') hive.deleteKeyAt(op.path);
  else hive.deleteValueAt(op.path, op.name);
}

/** Compare the hive's tree with the model, names exact, values byte-exact, in any order. */
function compare(key: RegKey, model: ModelKey): void {
  const values = new Map(key.values().map((value) => [upcaseName(value.name), value]));
  assert.deepEqual([...values.keys()].sort(), [...model.values.keys()].sort(), `values of ${key.path}`);
  for (const [id, expected] of model.values) assert.deepEqual(values.get(id), expected, `${key.path}\\${expected.name}`);
  const children = key.subkeys();
  assert.deepEqual(children.map((child) => child.name).sort(), [...model.children.values()].map((child) => child.name).sort(), `subkeys of ${key.path}`);
  for (const child of children) compare(child, model.children.get(upcaseName(child.name))!);
}

function opsArbitrary(unicode: boolean): fc.Arbitrary<Op[]> {
  // Few distinct names so that paths collide (replace, delete, re-create); non-ASCII and odd characters too.
  const chars = unicode ? ['a', 'B', 'é', 'É', 'ß', '™', '_', ' ', '[', '0', '\u0000', '\ud800'] : ['a', 'B', 'c', '_', '0', ' '];
  const name = fc.array(fc.constantFrom(...chars), {minLength: 1, maxLength: 3}).map((parts) => parts.join(''));
  const path = fc.array(name, {minLength: 1, maxLength: 3});
  const valueName = fc.oneof(fc.constant(''), name);
  const sizes = fc.oneof({weight: 8, arbitrary: fc.integer({min: 0, max: 40})}, {weight: 1, arbitrary: fc.constantFrom(16_344, 16_345, 40_000)});
  // Bytes from a size and a seed: cheap to generate and to shrink, even for big-data sizes.
  const data = fc.tuple(sizes, fc.integer({min: 0, max: 255})).map(([size, seed]) => Buffer.from(Array.from({length: size}, (_, i) => (seed + i * 31) & 0xff)));
  const type = fc.oneof(fc.integer({min: 0, max: 11}), fc.constantFrom(0xffff0012, 0x20001));
  const value = fc.record({name: valueName, type, data});
  const op: fc.Arbitrary<Op> = fc.oneof(
    {weight: 6, arbitrary: fc.record({kind: fc.constant('set' as const), path, value})},
    {weight: 1, arbitrary: fc.record({kind: fc.constant('deleteKey' as const), path})},
    {weight: 1, arbitrary: fc.record({kind: fc.constant('deleteValue' as const), path, name: valueName})},
  );
  return fc.array(op, {minLength: 1, maxLength: 40});
}

function build(ops: Op[], minor: number): {hive: Hive; model: ModelKey} {
  const hive = Hive.create({clock, minor});
  const model = newKey('');
  for (const op of ops) {
    applyHive(hive, op);
    applyModel(model, op);
  }
  return {hive, model};
}

describe('registry: round-trip properties', function () {
  it('random trees of every type and size read back exactly, and verify clean (1.5 and 1.3)', function () {
    fc.assert(
      fc.property(opsArbitrary(true), fc.constantFrom(3, 5), (ops, minor) => {
        const {hive, model} = build(ops, minor);
        const bytes = hive.serialize();
        compare(Hive.parse(bytes).root(), model);
        const report = verifyHive(bytes);
        assert.deepEqual(report.issues.filter((issue) => issue.severity === 'error'), []);
      }),
      {numRuns: 150},
    );
  });

  it('hivex reads the same tree as our reader from random hives we write', function () {
    requireTools(this, 'hivexregedit');
    fc.assert(
      fc.property(opsArbitrary(false), (ops) => {
        const {hive} = build(ops, 5);
        const bytes = hive.serialize();
        assert.deepEqual(plain(hivexView(tempFile('TEST', bytes))), plain(ourView(Hive.parse(bytes))));
      }),
      {numRuns: 15},
    );
  });
});
