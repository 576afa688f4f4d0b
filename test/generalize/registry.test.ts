import assert from 'node:assert/strict';

import fc from 'fast-check';

import {isWinprepError} from '../../src/errors.js';
import {OPERATIONS, bake, resolveOperations} from '../../src/generalize/registry.js';
import type {Operation} from '../../src/generalize/types.js';

const names = (ops: Operation[]): string[] => ops.map((op) => op.name);
const defaults = OPERATIONS.filter((op) => op.defaultOn).map((op) => op.name);

const usageErrorWith = (text: RegExp) => (error: unknown) => isWinprepError(error) && error.exitCode === 2 && text.test(error.message);

const fake = (overrides: Partial<Operation>): Operation => ({
  name: 'x-op',
  heading: 'Do x',
  defaultOn: true,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'documented', source: 'https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication'},
  evidence: 'https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication',
  order: 1,
  stage: async () => ({status: 'unchanged', changes: [], notes: []}),
  ...overrides,
});

describe('generalize operation registry', () => {
  it('holds every operation the issue asks for: documented ones on by default, inferred and risky ones off with a reason', () => {
    for (const name of ['computer-name', 'wsus-identity', 'kms-cache', 'skip-rearm', 'panther']) {
      assert.ok(defaults.includes(name), `${name} on by default`);
    }
    for (const op of OPERATIONS) {
      if (op.basis.kind === 'inferred') assert.equal(op.defaultOn, false, `${op.name} is inferred, so off by default`);
    }
    for (const name of ['machine-sid', 'licensing-store', 'msdtc', 'machine-guid', 'dhcpv6-duid', 'reseal']) {
      const op = OPERATIONS.find((o) => o.name === name);
      assert.ok(op, name);
      assert.equal(op.defaultOn, false);
      assert.ok(op.riskNote && op.riskNote.length > 10);
    }
  });

  it('runs panther before the answer-file operations and reseal after skip-rearm', () => {
    const order = names([...OPERATIONS]);
    assert.ok(order.indexOf('panther') < order.indexOf('computer-name'));
    assert.ok(order.indexOf('panther') < order.indexOf('skip-rearm'));
    assert.ok(order.indexOf('skip-rearm') < order.indexOf('reseal'));
  });

  it('refuses malformed records', () => {
    assert.throws(() => bake([fake({name: 'Bad_Name'})]), /kebab-case/);
    assert.throws(() => bake([fake({}), fake({})]), /registered twice/);
    assert.throws(() => bake([fake({heading: 'Ends with a period.'})]), /heading/);
    assert.throws(() => bake([fake({evidence: 'trust me'})]), /evidence/);
    assert.throws(() => bake([fake({defaultOn: false})]), /riskNote/);
    assert.throws(() => bake([fake({basis: {kind: 'inferred', why: 'believed'}})]), /inferred operation must .* be off by default/);
    assert.throws(() => bake([fake({basis: {kind: 'documented', source: 'private-notes.md §1.3'}})]), /public https URL/);
  });

  it('resolves --operations set algebra', () => {
    assert.deepEqual(names(resolveOperations(undefined)), defaults);
    assert.deepEqual(names(resolveOperations(['defaults,-computer-name'])), defaults.filter((n) => n !== 'computer-name'));
    assert.deepEqual(names(resolveOperations(['machine-guid'])), ['machine-guid']);
    assert.deepEqual(names(resolveOperations(['defaults', '+msdtc'])).sort(), [...defaults, 'msdtc'].sort());
    assert.deepEqual(names(resolveOperations(['all,-defaults'])).sort(), ['dhcpv6-duid', 'licensing-store', 'machine-guid', 'machine-sid', 'msdtc', 'reseal']);
    assert.deepEqual(names(resolveOperations(['reseal,panther'])), ['panther', 'reseal'], 'registry order, not argument order');
  });

  it('rejects unknown operations and empty items as usage errors (exit 2)', () => {
    assert.throws(() => resolveOperations(['defaults,-no-such-op']), usageErrorWith(/unknown operation "no-such-op"/));
    assert.throws(() => resolveOperations(['nope']), usageErrorWith(/unknown operation/));
    assert.throws(() => resolveOperations(['defaults,,panther']), usageErrorWith(/empty item/));
  });

  it('agrees with a set model for any sequence of additions and removals (property)', () => {
    const all = OPERATIONS.map((op) => op.name);
    const token = fc.oneof(
      fc.constantFrom(...all).map((n) => n),
      fc.constantFrom(...all).map((n) => `+${n}`),
      fc.constantFrom(...all).map((n) => `-${n}`),
      fc.constantFrom('defaults', '-defaults', 'all', '-all'),
    );
    fc.assert(
      fc.property(fc.array(token, {minLength: 1, maxLength: 12}), (tokens) => {
        const model = new Set<string>();
        for (const t of tokens) {
          const remove = t.startsWith('-');
          const n = t.replace(/^[+-]/, '');
          const group = n === 'defaults' ? defaults : n === 'all' ? all : [n];
          for (const g of group) {
            if (remove) model.delete(g);
            else model.add(g);
          }
        }
        const got = names(resolveOperations([tokens.join(',')]));
        assert.deepEqual(got, all.filter((n) => model.has(n)));
      }),
    );
  });
});
