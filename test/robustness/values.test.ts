/** Careless values on the command line, TSIG key files and fleet inputs: exit 3 (2 for usage), one line. */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {expectRefusal, scratch} from './helpers.js';

describe('robustness: values, key files, fleet inputs', function () {
  let dir: string;

  before(async function () {
    dir = await scratch('values');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('KMS hosts with spaces, underscores, IDNs, bad ports are exit 3 naming --host', () => {
    for (const host of ['kms 01.corp.example', 'kms_1.corp.example', 'kmö.corp.example', 'kms1.corp.example:0', 'kms1.corp.example:65536', 'kms1.corp.example:abc', '[::1']) {
      expectRefusal(['dns', 'records', '--domain', 'corp.example', '--host', host], {status: 3, file: '--host'});
    }
  });

  it('intervals 14 and 43201, ports 0 and "abc" are exit 3; 15 and 43200 pass', async () => {
    for (const [flag, value] of [['--activation-interval', '14'], ['--renewal-interval', '43201'], ['--port', '0'], ['--port', 'abc']] as const) {
      expectRefusal(['kms', 'host', 'script', '--out-dir', dir, `${flag}=${value}`], {status: 3, file: flag, what: /must be a whole number/});
    }
    assert.deepEqual(await fs.readdir(dir), [], 'a refused run writes no script');
    const valid = runCli(['kms', 'host', 'script', '--out-dir', dir, '--activation-interval=15', '--renewal-interval=43200', '--json']);
    assert.equal(valid.status, 0, valid.stdout);
  });

  it('product keys with a Cyrillic look-alike or too short are exit 3 and never echoed whole', () => {
    const lookalike = 'W269N-WFGWX-YVC9B-4J6C9-T83G\u0425';
    for (const key of [lookalike, 'ABCDE']) {
      // The value is checked before the image is opened, so no image is needed.
      const result = expectRefusal(['kms', 'client', 'set', path.join(dir, 'no-image'), '--key', key], {status: 3, file: '--key', what: /5 groups of 5/});
      assert.doesNotMatch(result.stderr, /W269N-WFGWX-YVC9B-4J6C9/);
    }
  });

  it('`winprep --json` with no command is one usage envelope (was human text)', () => {
    const result = runCli(['--json']);
    assert.equal(result.status, 2);
    assert.equal(parseJsonOutput(result).error?.code, 'USAGE');
  });

  it('TSIG key files without a secret, with bad base64, an unknown algorithm or garbage are exit 3', async () => {
    const files: [string, string, RegExp][] = [
      ['nosecret.key', 'key "ddns" {\n algorithm hmac-sha256;\n};\n', /no secret/],
      ['badb64.key', 'key "ddns" {\n algorithm hmac-sha256;\n secret "!!!not base64***";\n};\n', /base64/],
      ['alg.key', 'key "ddns" {\n algorithm hmac-md7;\n secret "c2VjcmV0c2VjcmV0c2VjcmV0";\n};\n', /unsupported algorithm/],
      ['garbage.key', '\u0000\u00ff"\u0013{{', /./],
    ];
    for (const [name, content, what] of files) {
      const file = path.join(dir, name);
      await fs.writeFile(file, content);
      const args = ['dns', 'publish', '--server', '127.0.0.1:1', '--zone', 'corp.example', '--domain', 'corp.example', '--host', 'kms1.corp.example', '--timeout', '1'];
      const result = expectRefusal([...args, '--tsig-key', file], {status: 3, file, what});
      assert.doesNotMatch(result.stderr, /c2VjcmV0c2VjcmV0c2VjcmV0/, 'the secret is never printed');
    }
  });

  it('fleet inputs: binary garbage is exit 3; a 1M-column row and XML entities are row errors, not hangs', async () => {
    const garbage = path.join(dir, 'garbage.csv');
    await fs.writeFile(garbage, Buffer.from(Array.from({length: 20_000}, (_, n) => (n * 131 + 7) % 256)));
    expectRefusal(['fleet', 'audit', garbage], {status: 3, file: garbage, what: /not a fingerprint/});
    const wide = path.join(dir, 'wide.csv');
    await fs.writeFile(wide, `ComputerName,CMID\r\n${'x,'.repeat(1_000_000)}x\r\n`);
    const entities = path.join(dir, 'events.xml');
    await fs.writeFile(
      entities,
      '<?xml version="1.0"?><!DOCTYPE Events [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY x SYSTEM "file:///etc/passwd">]>' +
        '<Events><Event><System><EventID>12290</EventID></System><EventData><Data>&b;&x;</Data></EventData></Event></Events>',
    );
    for (const file of [wide, entities]) {
      const result = runCli(['fleet', 'audit', file, '--json'], {timeoutMs: 20_000});
      const envelope = parseJsonOutput<{errors: {count: number; rows: {message: string}[]}}>(result);
      assert.equal(envelope.status, result.status);
      assert.equal(envelope.result?.errors.count, 1, result.stdout);
      assert.doesNotMatch(result.stdout, /root:|aaaaaaaaaaaaaaaaaaaa/, 'nothing expanded or fetched');
    }
  });
});
