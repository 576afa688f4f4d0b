import assert from 'node:assert/strict';

import fc from 'fast-check';

import {isWinprepError} from '../../src/errors.js';
import {buildSrvRecords, parseSrvHost, parseTtl, sameSrv, srvOwner} from '../../src/licensing/srv.js';

const rejects = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (error: unknown) => isWinprepError(error) && error.exitCode === 3 && pattern.test(error.message));

describe('licensing srv model', () => {
  it('parses <fqdn>[:port][,priority,weight] with 1688 / 0 / 0 defaults', () => {
    assert.deepEqual(parseSrvHost('kms1.corp.example'), {target: 'kms1.corp.example', port: 1688, priority: 0, weight: 0});
    assert.deepEqual(parseSrvHost('KMS2.Corp.Example.:1700,10,50'), {target: 'kms2.corp.example', port: 1700, priority: 10, weight: 50});
    assert.deepEqual(parseSrvHost('kms3.corp.example,5,0'), {target: 'kms3.corp.example', port: 1688, priority: 5, weight: 0});
  });

  it('rejects IPs, NetBIOS names, half priority/weight and out-of-range numbers', () => {
    rejects(() => parseSrvHost('192.0.2.1'), /not a fully qualified host name/);
    rejects(() => parseSrvHost('kms1'), /not a fully qualified/);
    rejects(() => parseSrvHost('kms1.corp.example,10'), /both priority and weight/);
    rejects(() => parseSrvHost('kms1.corp.example:0'), /port/);
    rejects(() => parseSrvHost('kms1.corp.example:70000'), /port/);
    rejects(() => parseSrvHost('kms1.corp.example,65536,0'), /priority/);
    rejects(() => parseSrvHost('kms1.corp.example,1,-1'), /weight/);
    rejects(() => parseTtl('-1'), /--ttl/);
    rejects(() => parseTtl('2147483648'), /--ttl/);
    assert.equal(parseTtl('0'), 0);
  });

  it('builds records at _vlmcs._tcp.<domain> and refuses a host given twice', () => {
    assert.equal(srvOwner('Corp.Example.'), '_vlmcs._tcp.corp.example');
    const records = buildSrvRecords('corp.example', [parseSrvHost('a.corp.example'), parseSrvHost('b.corp.example:1700')]);
    assert.deepEqual(records.map((r) => [r.owner, r.ttl]), [['_vlmcs._tcp.corp.example', 3600], ['_vlmcs._tcp.corp.example', 3600]]);
    rejects(() => buildSrvRecords('corp.example', [parseSrvHost('a.corp.example'), parseSrvHost('A.corp.example.')]), /given twice/);
    assert.ok(sameSrv(parseSrvHost('a.corp.example'), {target: 'A.CORP.EXAMPLE.', port: 1688, priority: 0, weight: 0}));
  });

  it('property: formatted specs parse back to the same target', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
    const spec = fc.record({
      target: fc.array(label, {minLength: 2, maxLength: 4}).map((l) => l.join('.')),
      port: fc.integer({min: 1, max: 65535}),
      priority: fc.integer({min: 0, max: 65535}),
      weight: fc.integer({min: 0, max: 65535}),
    });
    fc.assert(fc.property(spec, (t) => assert.deepEqual(parseSrvHost(`${t.target}:${t.port},${t.priority},${t.weight}`), {...t})), {numRuns: 200});
  });

  it('property: any text is a host spec or a one-line bad input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseSrvHost(text);
        } catch (error) {
          assert.ok(isWinprepError(error) && error.exitCode === 3 && !error.message.includes('\n'), String(error));
        }
      }),
      {numRuns: 300},
    );
  });
});
