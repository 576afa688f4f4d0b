import assert from 'node:assert/strict';

import fc from 'fast-check';

import {applyReg, exportReg, Hive, parseReg, RegType, type RegKey} from '../../src/registry/index.js';
import {regNameProblem, type SkippedEntry} from '../../src/registry/reg-export.js';
import {clock} from './build.js';

const PREFIX = 'HKEY_LOCAL_MACHINE\\SOFTWARE';

/**
 * Characters that stress .reg text: line breaks, NUL and other controls, the brackets, quote, backslash
 * (value names only), `/`, `-`, `;`, `@`, spaces, Latin-1, wider BMP characters and lone surrogates.
 */
const TRICKY = ['\r', '\n', '\0', '\x01', '\x1f', '\x7f', '\x9f', ']', '[', '"', '/', '-', ';', '@', '=', ' ', '\t', 'ß', 'é', 'ÿ', '™', '\u2028', '\ufeff', '\ud800', '\udc00', 'a', 'Z', '0'];
const nameChar = fc.oneof(fc.constantFrom(...TRICKY), fc.integer({min: 1, max: 0xffff}).map((c) => String.fromCharCode(c)));
/** Any key name the engine can store: 1..40 UTF-16 units, no backslash (Windows forbids it in key names). */
const keyName = fc.array(nameChar, {minLength: 1, maxLength: 40}).map((chars) => chars.join('').replace(/\\/g, '_'));
const valueName = fc.array(fc.oneof(nameChar, fc.constant('\\')), {minLength: 0, maxLength: 20}).map((chars) => chars.join(''));

interface TreeSpec {
  name: string;
  values: string[];
  children: TreeSpec[];
}
const tree: fc.Memo<TreeSpec> = fc.memo((depth) =>
  fc.record({
    name: keyName,
    values: fc.array(valueName, {maxLength: 3}),
    children: depth > 1 ? fc.array(tree(depth - 1), {maxLength: 3}) : fc.constant([]),
  }),
);

function build(specs: TreeSpec[]): Hive {
  const hive = Hive.create({clock});
  const add = (parts: string[], spec: TreeSpec): void => {
    const path = [...parts, spec.name];
    hive.createKeyAt(path);
    spec.values.forEach((name, i) => hive.setValueAt(path, {name, type: RegType.DWORD, data: Buffer.from([i, 0, 0, 0])}));
    for (const child of spec.children) add(path, child);
  };
  for (const spec of specs) add([], spec);
  return hive;
}

/** The tree as nested plain data: names exactly as stored, values by name with hex data. */
type Shape = {values: Record<string, string>; children: Record<string, Shape>};
function shape(key: RegKey, keep: (name: string) => boolean): Shape {
  const values: Record<string, string> = {};
  for (const value of key.values()) if (keep(value.name)) values[JSON.stringify(value.name)] = `${value.type}:${value.data.toString('hex')}`;
  const children: Record<string, Shape> = {};
  for (const child of key.subkeys()) if (keep(child.name)) children[JSON.stringify(child.name)] = shape(child, keep);
  return {values, children};
}

describe('registry: every key name round-trips through .reg text', function () {
  it('any name the engine can store: export, import, same tree (names no .reg can carry are left out and reported)', function () {
    fc.assert(
      fc.property(fc.array(tree(3), {minLength: 1, maxLength: 4}), (specs) => {
        const original = build(specs);
        const skipped: SkippedEntry[] = [];
        const text = exportReg(original, {mountPrefix: PREFIX, skipped});
        // Our own import must read every file our export writes.
        const copy = Hive.create({clock});
        applyReg(copy, parseReg(text), {mountPrefix: PREFIX});
        const writable = (name: string): boolean => regNameProblem(name) === undefined;
        assert.deepEqual(shape(copy.root(), () => true), shape(original.root(), writable));
        // Everything left out is reported, by its full path.
        const leftOut = (key: RegKey): number =>
          key.values().filter((v) => !writable(v.name)).length + key.subkeys().reduce((n, child) => n + (writable(child.name) ? leftOut(child) : 1), 0);
        assert.equal(skipped.length, leftOut(original.root()));
      }),
      {numRuns: 300},
    );
  });

  it('keeps NUL, controls, brackets and lone surrogates; leaves out CR/LF names with a reason naming them', function () {
    const hive = Hive.create({clock});
    const names = ['zero\0key', 'ctl\x01\x1f\x7f', 'br]ack[et', '-dash', 'lone\ud800', 'x\x9f'];
    for (const name of names) hive.createKeyAt(['Top', name]);
    hive.createKeyAt(['Top', 'line\nbreak', 'child']);
    hive.setValueAt(['Top'], {name: 'v\r', type: RegType.DWORD, data: Buffer.alloc(4)});
    const skipped: SkippedEntry[] = [];
    const text = exportReg(hive, {mountPrefix: PREFIX, skipped});
    const copy = Hive.create({clock});
    applyReg(copy, parseReg(text), {mountPrefix: PREFIX});
    assert.deepEqual(
      copy.key('Top')!.subkeys().map((k) => k.name).sort(),
      [...names].sort(),
    );
    assert.deepEqual(
      skipped.map((s) => [s.kind, s.path, s.name]),
      [
        ['value', `${PREFIX}\\Top`, 'v\r'],
        ['key', `${PREFIX}\\Top\\line\nbreak`, undefined],
      ],
    );
    assert.match(skipped[1].reason, /line break/);
    // UTF-8 cannot carry a lone surrogate: that key is left out of UTF-8 text instead of being mangled.
    const utf8Skipped: SkippedEntry[] = [];
    exportReg(hive, {mountPrefix: PREFIX, utf8: true, skipped: utf8Skipped});
    assert.ok(utf8Skipped.some((s) => s.path.endsWith('lone\ud800') && /surrogate/.test(s.reason)));
  });

  it('a value name holding "hex:" or a string ending in a backslash is not read as a continued line', function () {
    const hive = Hive.create({clock});
    hive.setValueAt(['K'], {name: 'hex:', type: RegType.SZ, data: Buffer.from('ends\\\0', 'utf16le')});
    hive.setValueAt(['K'], {name: 'next', type: RegType.DWORD, data: Buffer.from([7, 0, 0, 0])});
    const copy = Hive.create({clock});
    applyReg(copy, parseReg(exportReg(hive, {mountPrefix: PREFIX})), {mountPrefix: PREFIX});
    assert.deepEqual(shape(copy.root(), () => true), shape(hive.root(), () => true));
  });
});
