import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import {type Server, createServer} from 'node:net';
import os from 'node:os';
import path from 'node:path';

import {parseJsonOutput, runCli, runCliAsync} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';
import {type NamedInstance, keyFileText, randomSecret, startNamed} from '../dns/named-harness.js';

interface DiscoverJson {
  source: string;
  domain?: string;
  client: string;
  hosts: {order: number; target: string; port: number; probe?: {reachable: boolean}}[];
  findings: {severity: string; code?: string; message: string}[];
  ok: boolean;
}

describe('winprep dns records', () => {
  it('prints zone lines by default and the records under --json', () => {
    const text = runCli(['dns', 'records', '--domain', 'corp.example', '--host', 'kms1.corp.example', '--host', 'kms2.corp.example:1700,10,50']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^_vlmcs\._tcp\.corp\.example\. 3600 IN SRV 10 50 1700 kms2\.corp\.example\.$/m);
    const json = parseJsonOutput<{records: {target: string; ttl: number}[]; text: string}>(runCli(['dns', 'records', '--domain', 'corp.example', '--host', 'kms1.corp.example', '--ttl', '60', '--format', 'nsupdate', '--json']));
    assert.equal(json.status, 0);
    assert.deepEqual(json.result?.records.map((r) => [r.target, r.ttl]), [['kms1.corp.example', 60]]);
    assert.match(json.result?.text ?? '', /^update add _vlmcs\._tcp\.corp\.example\. 60 IN SRV 0 0 1688 kms1\.corp\.example\.$/m);
  });

  it('bad values are one line with exit 3; a bad --format is a usage error (exit 2)', () => {
    const ip = runCli(['dns', 'records', '--domain', 'corp.example', '--host', '192.0.2.1']);
    assert.equal(ip.status, 3);
    assert.equal(ip.stderr.split('\n')[0], 'winprep: --host "192.0.2.1": "192.0.2.1" is not a fully qualified host name');
    const format = runCli(['dns', 'records', '--domain', 'corp.example', '--host', 'k.corp.example', '--format', 'yaml']);
    assert.equal(format.status, 2);
    assert.match(format.stderr, /--format must be one of zone, nsupdate, powershell, json/);
  });
});

describe('winprep dns publish and discover against a real named', function () {
  let named: NamedInstance;
  let dir: string;
  let listener: Server;
  let wrongKey: string;
  const server = () => `127.0.0.1:${named.port}`;

  before(async function () {
    requireTools(this, 'named', 'dig');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-dns-cli-'));
    wrongKey = path.join(dir, 'wrong.key');
    listener = await new Promise<Server>((resolve) => {
      const s = createServer((socket) => socket.destroy());
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    named = await startNamed({zone: 'corp.example.com', records: ['kms1 IN A 127.0.0.1', 'kms2 IN A 127.0.0.1']});
    await fs.writeFile(wrongKey, keyFileText({...named.key, secret: randomSecret()}));
  });
  after(async () => {
    await named?.stop();
    await new Promise((r) => listener?.close(r));
    if (dir) await fs.rm(dir, {recursive: true, force: true});
  });

  const dig = (): string[] =>
    run('dig', ['@127.0.0.1', '-p', String(named.port), '+short', 'SRV', '_vlmcs._tcp.corp.example.com']).stdout.trim().split('\n').filter(Boolean).sort();

  it('a wrong secret exits 7 with one BADSIG line, changes nothing and prints no secret', () => {
    const r = runCli(['dns', 'publish', '--server', server(), '--domain', 'corp.example.com', '--host', 'kms1.corp.example.com', '--tsig-key', wrongKey]);
    assert.equal(r.status, 7, r.stderr);
    // stderr: the progress line, then exactly one error line (and its hint).
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('winprep:'));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], /BADSIG/);
    assert.equal(r.stdout, '');
    assert.deepEqual(dig(), []);
    assert.ok(!(r.stdout + r.stderr).includes(named.key.secret));
    const json = parseJsonOutput(runCli(['dns', 'publish', '--server', server(), '--domain', 'corp.example.com', '--host', 'kms1.corp.example.com', '--tsig-key', wrongKey, '--json']));
    assert.equal(json.status, 7);
    assert.equal(json.error?.code, 'TSIG_BADSIG');
  });

  it('a missing key file exits 3; no key at all is a usage error', () => {
    const missing = runCli(['dns', 'publish', '--server', server(), '--domain', 'corp.example.com', '--host', 'kms1.corp.example.com', '--tsig-key', path.join(dir, 'none.key')]);
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /none\.key: no such file/);
    assert.equal(runCli(['dns', 'publish', '--server', server(), '--domain', 'corp.example.com', '--host', 'kms1.corp.example.com']).status, 2);
  });

  it('--unsigned is REFUSED by a server that wants TSIG (exit 7)', () => {
    const r = runCli(['dns', 'publish', '--server', server(), '--domain', 'corp.example.com', '--host', 'kms1.corp.example.com', '--unsigned']);
    assert.equal(r.status, 7);
    assert.match(r.stderr, /REFUSED/);
  });

  it('publishes with the right key; dig sees the records; discover --probe orders and probes them', async () => {
    const port = (listener.address() as {port: number}).port;
    const pub = runCli(['dns', 'publish', '--server', server(), '--domain', 'corp.example.com', '--host', `kms1.corp.example.com:${port},0,100`, '--host', 'kms2.corp.example.com:1,0,50', '--tsig-key', named.keyFile, '--replace', '--json']);
    const doc = parseJsonOutput<{verified: boolean; tsig: {responseVerified: boolean}}>(pub);
    assert.equal(doc.status, 0, pub.stderr);
    assert.equal(doc.result?.verified, true);
    assert.equal(doc.result?.tsig.responseVerified, true);
    assert.ok(!pub.stdout.includes(named.key.secret));
    assert.deepEqual(dig(), ['0 100 ' + port + ' kms1.corp.example.com.', '0 50 1 kms2.corp.example.com.'].sort());

    const human = await runCliAsync(['dns', 'discover', '--domain', 'corp.example.com', '--server', server(), '--probe']);
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout, /kms1\.corp\.example\.com:\d+ .*first pick 67%.*reachable in/);
    assert.match(human.stdout, /kms2\.corp\.example\.com:1 .*UNREACHABLE/);
    assert.match(human.stdout, /0x800706BA RPC_S_SERVER_UNAVAILABLE: kms2\.corp\.example\.com:1 is unreachable: connection refused/);

    const json = parseJsonOutput<DiscoverJson>(await runCliAsync(['dns', 'discover', '--domain', 'corp.example.com', '--server', server(), '--probe', '--json']));
    assert.equal(json.status, 0);
    const reach = Object.fromEntries(json.result!.hosts.map((h) => [h.target, h.probe?.reachable]));
    assert.deepEqual(reach, {'kms1.corp.example.com': true, 'kms2.corp.example.com': false});
  });

  it('discover --image reads the primary DNS suffix of a sample image and the client generation', async () => {
    const modern = path.join(dir, 'win10');
    const vista = path.join(dir, 'vista');
    assert.equal(runCli(['sample', 'create', modern, '--os', 'win10-pro', '--state', 'sysprepped']).status, 0);
    assert.equal(runCli(['sample', 'create', vista, '--os', 'vista-business', '--state', 'sysprepped']).status, 0);
    const m = parseJsonOutput<DiscoverJson>(runCli(['dns', 'discover', '--image', modern, '--server', server(), '--json']));
    assert.equal(m.status, 0, JSON.stringify(m));
    assert.equal(m.result?.source, 'primary-dns-suffix');
    assert.equal(m.result?.domain, 'corp.example.com');
    assert.equal(m.result?.client, 'modern');
    assert.equal(m.result?.hosts.length, 2);
    const v = parseJsonOutput<DiscoverJson>(runCli(['dns', 'discover', '--image', vista, '--server', server(), '--json']));
    assert.equal(v.result?.client, 'vista');
  });

  it('a domain without records exits 4 with 0x8007232B; --domain and --image together is a usage error', () => {
    const r = runCli(['dns', 'discover', '--domain', 'none.corp.example.com', '--server', server()]);
    assert.equal(r.status, 4);
    assert.match(r.stdout, /error: 0x8007232B DNS_ERROR_RCODE_NAME_ERROR: no _vlmcs\._tcp record/);
    assert.equal(runCli(['dns', 'discover', '--domain', 'a.example', '--image', dir, '--server', server()]).status, 2);
    assert.equal(runCli(['dns', 'discover', '--server', server()]).status, 2);
  });
});
