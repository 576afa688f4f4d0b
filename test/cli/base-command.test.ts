/** The behaviour every command inherits: exit codes, the --json envelope, one-line errors, --verbose. */
import assert from 'node:assert/strict';

import {parseJsonOutput, runCli} from '../helpers/cli.js';

describe('base command', () => {
  it('an unknown command is a usage error (exit 2) in human and --json mode', () => {
    const human = runCli(['no', 'such']);
    assert.equal(human.status, 2);
    // Only the first unknown word is the command; the words after it are its arguments, not part of the name.
    assert.match(human.stderr, /^winprep: unknown command "no"\nhint: /);
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

describe('base command: the other exit codes', () => {
  it('a plain Error is an internal error (1); oclif parse errors are usage (2)', async () => {
    const {describeError} = await import('../../src/cli/base-command.js');
    const {Errors} = await import('@oclif/core');
    assert.deepEqual(describeError(new Error('boom')), {status: 1, code: 'INTERNAL', message: 'boom'});
    assert.equal(describeError(new Errors.CLIError('Nonexistent flag: --x')).status, 2);
  });

  it('a missing external tool exits 6 naming the Debian package', async function () {
    const {sample} = await import('../fixtures/samples.js');
    const {requireTools} = await import('../helpers/tools.js');
    requireTools(this, 'wimlib-imagex');
    const wim = await sample('win10-pro', 'sysprepped', 'wim');
    const env = {PATH: '/nonexistent'};
    const human = runCli(['image', 'inspect', wim], {env});
    assert.equal(human.status, 6, human.stderr);
    assert.match(human.stderr, /apt-get install wimtools/);
    const json = runCli(['image', 'inspect', wim, '--json'], {env});
    assert.equal(json.status, 6);
    assert.equal(parseJsonOutput(json).error?.code, 'TOOL_MISSING');
  });

  it('Ctrl-C (SIGINT) exits 130 with a one-line message, also under --json', async () => {
    const dgram = await import('node:dgram');
    const {spawn} = await import('node:child_process');
    const path = await import('node:path');
    const {projectRoot} = await import('../helpers/cli.js');
    // A DNS "server" that never answers keeps `dns discover` waiting until it is interrupted.
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const port = silent.address().port;
    try {
      for (const json of [false, true]) {
        const args = [path.join(projectRoot, 'bin', 'run.js'), 'dns', 'discover', '--domain', 'corp.example', '--server', `127.0.0.1:${port}`, '--timeout', '30'];
        if (json) args.push('--json');
        const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'pipe']});
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d));
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        // Interrupt once the query is on the wire (the command is then inside run()).
        const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
        await Promise.race([new Promise<void>((resolve) => silent.once('message', () => resolve())), closed]);
        child.kill('SIGINT');
        const status = await closed;
        assert.equal(status, 130, stderr);
        if (json) assert.equal(JSON.parse(stdout).error.code, 'INTERRUPTED');
        else assert.match(stderr, /^winprep: interrupted/m);
      }
    } finally {
      silent.close();
    }
  });
});
