import assert from 'node:assert/strict';

import {publishSrv} from '../../src/dns/publish.js';
import {query} from '../../src/dns/query.js';
import type {TsigKey} from '../../src/dns/tsig/algorithms.js';
import {parseKeyFile} from '../../src/dns/tsig/key-file.js';
import {RRType} from '../../src/dns/wire/constants.js';
import {isWinprepError} from '../../src/errors.js';
import {buildSrvRecords, parseSrvHost} from '../../src/licensing/srv.js';
import {requireTools, run} from '../helpers/tools.js';
import {type NamedInstance, keyFileText, randomSecret, startNamed} from './named-harness.js';

async function rejectsWith(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isWinprepError(error), `not a WinprepError: ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.exitCode, 7);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
}

function digSrv(named: NamedInstance, tcp = false): string[] {
  const r = run('dig', ['@127.0.0.1', '-p', String(named.port), ...(tcp ? ['+tcp'] : []), '+short', 'SRV', `_vlmcs._tcp.${named.zone}`]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).sort();
}

describe('dns publish against a real named', function () {
  let named: NamedInstance;
  let key: TsigKey;
  const server = () => ({host: '127.0.0.1', port: named.port});
  const records = (...specs: string[]) => buildSrvRecords('corp.example', specs.map(parseSrvHost), 3600);

  before(async function () {
    requireTools(this, 'named', 'dig');
    named = await startNamed({records: ['kms1 IN A 127.0.0.1'], extraAlgorithms: ['hmac-sha1', 'hmac-sha512', 'hmac-md5']});
    key = parseKeyFile(keyFileText(named.key), named.keyFile);
  });
  after(async () => {
    await named?.stop();
  });

  it('publishes over UDP with a verified signed answer; dig and our resolver read the records back', async () => {
    const result = await publishSrv({server: server(), zone: 'corp.example', records: records('kms1.corp.example,0,100', 'kms2.corp.example:1700,10,50'), key, replace: true});
    assert.equal(result.transport, 'udp');
    assert.deepEqual(result.tsig, {keyName: 'ddns-key', algorithm: 'hmac-sha256', responseVerified: true});
    assert.equal(result.verified, true);
    assert.deepEqual(result.missing, []);
    assert.deepEqual(result.extra, []);
    assert.deepEqual(result.readBack.map((r) => r.ttl), [3600, 3600]);
    assert.deepEqual(digSrv(named), ['0 100 1688 kms1.corp.example.', '10 50 1700 kms2.corp.example.']);
    const ours = await query(server(), '_vlmcs._tcp.corp.example', RRType.SRV);
    assert.equal(ours.records.length, 2);
    assert.equal(ours.authoritative, true);
  });

  it('--replace over TCP replaces the RRset; without --replace records are added', async () => {
    const replaced = await publishSrv({server: server(), zone: 'corp.example', records: records('kms3.corp.example'), key, replace: true, tcp: true});
    assert.equal(replaced.transport, 'tcp');
    assert.deepEqual(digSrv(named, true), ['0 0 1688 kms3.corp.example.']);
    const added = await publishSrv({server: server(), zone: 'corp.example', records: records('kms4.corp.example:1688,5,5'), key});
    assert.equal(added.verified, true);
    assert.deepEqual(added.extra, [{target: 'kms3.corp.example', port: 1688, priority: 0, weight: 0}]);
    assert.deepEqual(digSrv(named), ['0 0 1688 kms3.corp.example.', '5 5 1688 kms4.corp.example.']);
  });

  it('hmac-sha1, hmac-sha512 and hmac-md5 keys are accepted by BIND and verify its answers', async () => {
    for (const extra of named.extraKeys) {
      const other = parseKeyFile(keyFileText(extra), 'extra.key');
      const result = await publishSrv({server: server(), zone: 'corp.example', records: records(`${extra.algorithm}.corp.example`), key: other});
      assert.equal(result.tsig?.responseVerified, true, extra.algorithm);
      assert.equal(result.verified, true);
    }
  });

  it('a wrong secret fails with BADSIG and changes nothing', async () => {
    const before = digSrv(named);
    await rejectsWith(publishSrv({server: server(), zone: 'corp.example', records: records('evil.corp.example'), key: {...key, secret: Buffer.from(randomSecret(), 'base64')}, replace: true}), 'TSIG_BADSIG', /BADSIG/);
    assert.deepEqual(digSrv(named), before);
  });

  it('a key the server does not know fails with BADKEY', async () => {
    await rejectsWith(publishSrv({server: server(), zone: 'corp.example', records: records('evil.corp.example'), key: {...key, name: 'other-key'}}), 'TSIG_BADKEY', /BADKEY.*other-key|other-key.*BADKEY/);
  });

  it('an unsigned update is REFUSED', async () => {
    await rejectsWith(publishSrv({server: server(), zone: 'corp.example', records: records('evil.corp.example')}), 'DNS_REFUSED', /REFUSED/);
  });

  it('a Time Signed 1000 s off fails with BADTIME and reports the skew from the signed answer', async () => {
    const skewed = Math.floor(Date.now() / 1000) + 1000;
    await rejectsWith(publishSrv({server: server(), zone: 'corp.example', records: records('evil.corp.example'), key, timeSigned: skewed}), 'TSIG_BADTIME', /BADTIME.*clock is (99\d|100\d) s ahead/);
  });

  it('a zone the server does not serve fails with NOTAUTH', async () => {
    const other = buildSrvRecords('other.example', [parseSrvHost('kms1.other.example')]);
    await rejectsWith(publishSrv({server: server(), zone: 'other.example', records: other, key}), 'DNS_NOTAUTH', /NOTAUTH/);
  });

  it('no secret ever appears in an error message', async () => {
    const wrong = {...key, secret: Buffer.from(randomSecret(), 'base64')};
    await assert.rejects(publishSrv({server: server(), zone: 'corp.example', records: records('x.corp.example'), key: wrong}), (error: Error) => {
      assert.ok(!error.message.includes(named.key.secret) && !error.message.includes(wrong.secret.toString('base64')));
      return true;
    });
  });

  it('a port where nothing listens is a one-line network error, not a hang', async () => {
    await assert.rejects(publishSrv({server: {host: '127.0.0.1', port: 9}, zone: 'corp.example', records: records('x.corp.example'), key, timeoutMs: 2000}), (error: unknown) => {
      assert.ok(isWinprepError(error));
      assert.equal(error.exitCode, 7);
      assert.match(error.code, /^DNS_(CONNECTION_REFUSED|TIMEOUT)$/);
      return true;
    });
  });
});
