/** The behaviour every command inherits: exit codes, the --json envelope, one-line errors, --verbose. */
import assert from 'node:assert/strict';

import {parseJsonOutput, runCli} from '../helpers/cli.js';

describe('base command', () => {
  it('an unknown command is a usage error (exit 2) in human and --json mode', () => {
    const human = runCli(['no', 'such']);
    assert.equal(human.status, 2);
    assert.match(human.stderr, /^winprep: unknown command "no such"\nhint: /);
    const json = runCli(['no', 'such', '--json']);
    assert.equal(json.status, 2);
    assert.deepEqual(parseJsonOutput(json).error?.code, 'USAGE');
  });

  for (const [what, args] of [
    ['a flag value outside its options', ['image', 'validate', '/tmp', '--for', 'nowhere']],
    ['an unknown flag', ['image', 'validate', '/tmp', '--frobnicate']],
    ['a missing required argument', ['image', 'prepare', '--profile', 'p.json']],
    ['an integer flag out of range', ['image', 'validate', '/tmp', '--index', '0']],
  ] as const) {
    it(`${what} exits 2 with one line and a hint, also under --json`, () => {
      const human = runCli([...args]);
      assert.equal(human.status, 2, human.stderr);
      const lines = human.stderr.trim().split('\n');
      assert.equal(lines.length, 2, human.stderr);
      assert.match(lines[0], /^winprep: /);
      assert.match(lines[1], /^hint: /);
      const json = runCli([...args, '--json']);
      assert.equal(json.status, 2);
      const doc = parseJsonOutput(json);
      assert.equal(doc.status, 2);
      assert.equal(doc.error?.code, 'USAGE');
      assert.equal(json.stderr, '');
    });
  }

  it('bad input exits 3 with a one-line message naming the file; no stack trace unless --verbose', () => {
    const human = runCli(['image', 'validate', '/nonexistent/ref']);
    assert.equal(human.status, 3);
    assert.match(human.stderr, /^winprep: \/nonexistent\/ref: /);
    assert.doesNotMatch(human.stderr, /\n\s+at /);
    const verbose = runCli(['image', 'validate', '/nonexistent/ref', '--verbose']);
    assert.equal(verbose.status, 3);
    assert.match(verbose.stderr, /\n\s+at /);
  });

  it('--json prints exactly one document with status, result and warnings on success', () => {
    const run = runCli(['image', 'validate', '--list-rules', '--json']);
    assert.equal(run.status, 0);
    const doc = parseJsonOutput(run);
    assert.deepEqual(Object.keys(doc).sort(), ['result', 'status', 'warnings']);
    assert.equal(doc.status, 0);
    assert.ok(Array.isArray(doc.result));
    assert.equal(run.stdout.trim().split('\n').at(-1), '}');
  });

  it('--json output stays plain JSON even when FORCE_COLOR is set', () => {
    const run = runCli(['image', 'validate', '--list-rules', '--json'], {env: {FORCE_COLOR: '3'}});
    assert.ok(!run.stdout.includes(String.fromCharCode(27)));
    parseJsonOutput(run);
  });
});
