import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

import fc from 'fast-check';

import {parseKeyFile, readKeyFile} from '../../src/dns/tsig/key-file.js';
import {isWinprepError} from '../../src/errors.js';
import {requireTools, run} from '../helpers/tools.js';

const SECRET = 'qT73Y1nX1HUwBEXPyCquLFO1VddC0KS/01/SkFC4Zm4=';

function badInputMatching(pattern: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(isWinprepError(error));
    assert.equal(error.exitCode, 3);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes(SECRET) && !(error.hint ?? '').includes(SECRET), 'secret leaked');
    return true;
  };
}

describe('dns tsig key files', () => {
  it('reads tsig-keygen output', () => {
    const key = parseKeyFile(`key "ddns-key" {\n\talgorithm hmac-sha256;\n\tsecret "${SECRET}";\n};\n`, 'k');
    assert.equal(key.name, 'ddns-key');
    assert.equal(key.algorithm, 'hmac-sha256');
    assert.equal(key.secret.toString('base64'), SECRET);
  });

  it('reads what the real tsig-keygen writes, for several algorithms', function () {
    requireTools(this, 'tsig-keygen');
    for (const algorithm of ['hmac-sha256', 'hmac-sha1', 'hmac-sha512', 'hmac-md5']) {
      const out = run('tsig-keygen', ['-a', algorithm, 'Key.Name.']);
      assert.equal(out.status, 0, out.stderr);
      const key = parseKeyFile(out.stdout, 'generated');
      assert.equal(key.name, 'Key.Name');
      assert.ok(key.secret.length >= 16);
      assert.equal(key.algorithm, algorithm === 'hmac-md5' ? 'hmac-md5.sig-alg.reg.int' : algorithm);
    }
  });

  it('skips comments and other statements, and picks a key by name', () => {
    const text = `// comment\n# another\n/* block\n comment */ options { directory "/x"; };\ninclude "/etc/x";\n` +
      `key a { algorithm hmac-sha1; secret "${SECRET}"; };\nkey "b." { algorithm HMAC-SHA512; secret "${SECRET}"; };`;
    assert.equal(parseKeyFile(text, 'k', 'b').algorithm, 'hmac-sha512');
    assert.equal(parseKeyFile(text, 'k', 'A').name, 'a');
    assert.throws(() => parseKeyFile(text, 'k'), badInputMatching(/2 keys; choose one with --key-name/));
    assert.throws(() => parseKeyFile(text, 'k', 'c'), badInputMatching(/no key named "c"/));
  });

  it('rejects broken files with one line naming the file, never the secret', () => {
    assert.throws(() => parseKeyFile('', 'f.key'), badInputMatching(/^f\.key: no key statement/));
    assert.throws(() => parseKeyFile(`key "k" { algorithm hmac-sha256; secret "${SECRET}"; }`, 'f.key'), badInputMatching(/expected ";"/));
    assert.throws(() => parseKeyFile(`key "k" { secret "${SECRET}"; };`, 'f.key'), badInputMatching(/no algorithm/));
    assert.throws(() => parseKeyFile(`key "k" { algorithm gost; secret "${SECRET}"; };`, 'f.key'), badInputMatching(/unsupported algorithm "gost"/));
    assert.throws(() => parseKeyFile('key "k" { algorithm hmac-sha256; secret "not base64!"; };', 'f.key'), badInputMatching(/not valid base64/));
    assert.throws(() => parseKeyFile(`key "k" { algorithm hmac-sha256; secret "${SECRET};`, 'f.key'), badInputMatching(/unterminated string/));
  });

  it('a missing key file is bad input naming the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'winprep-key-'));
    try {
      await assert.rejects(readKeyFile(path.join(dir, 'none.key')), badInputMatching(/none\.key: no such file/));
      await writeFile(path.join(dir, 'ok.key'), `key k { algorithm hmac-sha256; secret "${SECRET}"; };`);
      assert.equal((await readKeyFile(path.join(dir, 'ok.key'))).name, 'k');
    } finally {
      await rm(dir, {recursive: true, force: true});
    }
  });

  it('property: any text either parses or fails with bad input, never anything else', () => {
    const pieces = fc.constantFrom('key', '"k"', '{', '}', ';', 'algorithm', 'hmac-sha256', 'secret', `"${SECRET}"`, '/*', '*/', '//', '#', '\n', ' ', '"');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(pieces, {maxLength: 30}).map((p) => p.join(' '))), (text) => {
        try {
          parseKeyFile(text, 'f');
        } catch (error) {
          assert.ok(isWinprepError(error) && error.exitCode === 3, String(error));
        }
      }),
      {numRuns: 300},
    );
  });
});
