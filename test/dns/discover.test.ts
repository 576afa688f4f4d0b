import assert from 'node:assert/strict';
import {createSocket} from 'node:dgram';
import {type Server, createServer} from 'node:net';

import {chooseLookup, discoverKms} from '../../src/dns/discover.js';
import {isWinprepError} from '../../src/errors.js';
import {requireTools} from '../helpers/tools.js';
import {type NamedInstance, startNamed} from './named-harness.js';

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (s: Server): number => (s.address() as {port: number}).port;

/** A port nothing listens on: bind, note, close. */
async function closedPort(): Promise<number> {
  const s = await listen();
  const port = portOf(s);
  await new Promise((r) => s.close(r));
  return port;
}

describe('dns discover: choosing the lookup domain', () => {
  it('direct registration wins over lookup domain and suffix', () => {
    const c = chooseLookup({directHost: 'kms.corp.example', directPort: '1700', lookupDomain: 'a.example', primaryDnsSuffix: 'b.example'});
    assert.equal(c.source, 'direct');
    assert.deepEqual(c.direct, {host: 'kms.corp.example', port: 1700});
  });

  it('then the lookup domain (Windows 8+), then the primary DNS suffix', () => {
    assert.deepEqual(chooseLookup({lookupDomain: 'A.example.', primaryDnsSuffix: 'b.example', build: 9200}).domain, 'a.example');
    const win7 = chooseLookup({lookupDomain: 'a.example', primaryDnsSuffix: 'b.example', build: 7601});
    assert.equal(win7.source, 'primary-dns-suffix');
    assert.equal(win7.domain, 'b.example');
    assert.match(win7.findings[0].message, /ignored before Windows 8/);
  });

  it('nothing to search is an error finding 0x8007007B; --domain overrides the image', () => {
    const none = chooseLookup({});
    assert.equal(none.source, 'none');
    assert.equal(none.findings[0].code, '0x8007007B');
    assert.equal(none.findings[0].severity, 'error');
    assert.equal(chooseLookup({directHost: 'x'}, 'corp.example').source, 'domain-flag');
  });

  it('a bad KeyManagementServicePort falls back to 1688 with a warning', () => {
    const c = chooseLookup({directHost: 'kms.corp.example', directPort: 'abc'});
    assert.equal(c.direct?.port, 1688);
    assert.ok(c.findings.some((f) => f.severity === 'warning' && /not a port/.test(f.message)));
  });
});

describe('dns discover against a real named', function () {
  let named: NamedInstance;
  let open: Server;
  let closed: number;
  const server = () => ({host: '127.0.0.1', port: named.port});

  before(async function () {
    requireTools(this, 'named');
    open = await listen();
    closed = await closedPort();
    named = await startNamed({
      records: [
        'kms1 IN A 127.0.0.1',
        'kms2 IN A 127.0.0.1',
        `_vlmcs._tcp IN SRV 0 100 ${portOf(open)} kms1.corp.example.`,
        `_vlmcs._tcp IN SRV 0 50 ${closed} kms2.corp.example.`,
        '_vlmcs._tcp IN SRV 10 0 1688 ghost.corp.example.',
        '_vlmcs._tcp.empty IN TXT "no SRV here"',
      ],
    });
  });
  after(async () => {
    await named?.stop();
    await new Promise((r) => open?.close(r));
  });

  it('modern clients: RFC 2782 order with first-pick chances, TTLs from the server', async () => {
    const low = await discoverKms({server: server(), domain: 'corp.example', random: () => 0});
    assert.equal(low.ok, true);
    assert.equal(low.rcode, 'NOERROR');
    assert.deepEqual(low.hosts.map((h) => [h.order, h.target, h.ttl]), [[1, 'kms1.corp.example', 3600], [2, 'kms2.corp.example', 3600], [3, 'ghost.corp.example', 3600]]);
    assert.deepEqual(low.hosts.map((h) => Math.round(h.firstPickChance * 151)), [101, 50, 0]);
    const high = await discoverKms({server: server(), domain: 'corp.example', random: () => 0.99});
    assert.deepEqual(high.hosts.map((h) => h.target), ['kms2.corp.example', 'kms1.corp.example', 'ghost.corp.example']);
  });

  it('Vista clients: random order that may put a priority-10 host first', async () => {
    // Fisher–Yates over [kms1, kms2, ghost]: draw 0 swaps ghost to the front, 0.99 keeps the rest.
    const draws = [0, 0.99];
    const result = await discoverKms({server: server(), domain: 'corp.example', client: 'vista', random: () => draws.shift() ?? 0.5});
    assert.deepEqual(result.hosts.map((h) => h.target), ['ghost.corp.example', 'kms2.corp.example', 'kms1.corp.example']);
    assert.ok(result.findings.some((f) => /ignore priority and weight/.test(f.message)));
  });

  it('--probe: the open port is reachable, the closed one and the unresolvable one are not', async () => {
    const result = await discoverKms({server: server(), domain: 'corp.example', probe: true, timeoutMs: 2000});
    const byTarget = new Map(result.hosts.map((h) => [h.target, h.probe!]));
    assert.equal(byTarget.get('kms1.corp.example')?.reachable, true);
    assert.deepEqual(byTarget.get('kms1.corp.example')?.addresses, ['127.0.0.1']);
    assert.equal(typeof byTarget.get('kms1.corp.example')?.latencyMs, 'number');
    assert.equal(byTarget.get('kms2.corp.example')?.reachable, false);
    assert.equal(byTarget.get('kms2.corp.example')?.connections[0].status, 'refused');
    assert.equal(byTarget.get('ghost.corp.example')?.resolution, 'nxdomain');
    const codes = result.findings.map((f) => `${f.code} ${f.host}`);
    assert.ok(codes.includes(`0x800706BA kms2.corp.example:${closed}`), codes.join('; '));
    assert.ok(codes.includes('0x8007232B ghost.corp.example:1688'), codes.join('; '));
    assert.equal(result.ok, true, 'one reachable host is enough');
  });

  it('no record is 0x8007232B; a name without SRV is 0x8007251D', async () => {
    const missing = await discoverKms({server: server(), domain: 'nowhere.corp.example'});
    assert.equal(missing.ok, false);
    assert.equal(missing.rcode, 'NXDOMAIN');
    assert.deepEqual(missing.findings.map((f) => f.code), ['0x8007232B']);
    assert.equal(missing.findings[0].symbol, 'DNS_ERROR_RCODE_NAME_ERROR');
    const empty = await discoverKms({server: server(), domain: 'empty.corp.example'});
    assert.deepEqual(empty.findings.map((f) => f.code), ['0x8007251D']);
  });

  it('a server outside its zones answers REFUSED: 0x8007232D', async () => {
    const result = await discoverKms({server: server(), domain: 'other.example'});
    assert.equal(result.rcode, 'REFUSED');
    assert.equal(result.findings[0].code, '0x8007232D');
  });

  it('direct registration: no SRV query, the registered host is probed; nothing reachable is 0xC004F074', async () => {
    const result = await discoverKms({server: server(), facts: {directHost: 'kms2.corp.example', directPort: String(closed)}, probe: true});
    assert.equal(result.source, 'direct');
    assert.equal(result.owner, undefined);
    assert.equal(result.hosts[0].probe?.reachable, false);
    assert.ok(result.findings.some((f) => f.code === '0xC004F074' && f.severity === 'error'));
    assert.equal(result.ok, false);
  });

  it('a DNS server that never answers is a one-line timeout error (exit 7)', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    try {
      await assert.rejects(discoverKms({server: {host: '127.0.0.1', port: silent.address().port}, domain: 'corp.example', timeoutMs: 300}), (e: unknown) => {
        assert.ok(isWinprepError(e));
        assert.equal(e.code, 'DNS_TIMEOUT');
        assert.equal(e.exitCode, 7);
        return true;
      });
    } finally {
      silent.close();
    }
  });
});
