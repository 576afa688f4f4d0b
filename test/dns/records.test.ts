import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {generateRecords, relativeName, timeSpan} from '../../src/dns/records.js';
import {renderTemplate} from '../../src/dns/template.js';
import {isWinprepError} from '../../src/errors.js';
import {requireTools, run} from '../helpers/tools.js';
import {type NamedInstance, startNamed} from './named-harness.js';

const HOSTS = ['kms1.corp.example', 'kms2.corp.example:1700,10,50'];
const SOA = '$TTL 3600\n@ IN SOA ns1.corp.example. h.corp.example. 1 3600 600 86400 300\n@ IN NS ns1.corp.example.\nns1 IN A 127.0.0.1\n';

describe('dns records', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'winprep-records-'));
  });
  after(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('zone lines are absolute, one per host', async () => {
    const result = await generateRecords({domain: 'Corp.Example', hosts: HOSTS});
    const lines = result.text.split('\n').filter((l) => l && !l.startsWith(';'));
    assert.deepEqual(lines, ['_vlmcs._tcp.corp.example. 3600 IN SRV 0 0 1688 kms1.corp.example.', '_vlmcs._tcp.corp.example. 3600 IN SRV 10 50 1700 kms2.corp.example.']);
  });

  it('zone output loads in named-checkzone, which reads back the same records', async function () {
    requireTools(this, 'named-checkzone');
    const result = await generateRecords({domain: 'corp.example', hosts: HOSTS, ttl: 600});
    const file = path.join(dir, 'corp.example.db');
    await writeFile(file, SOA + result.text);
    const check = run('named-checkzone', ['-D', 'corp.example', file]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const srv = check.stdout.split('\n').filter((l) => /\sSRV\s/.test(l)).map((l) => l.replace(/\s+/g, ' ').trim()).sort();
    assert.deepEqual(srv, ['_vlmcs._tcp.corp.example. 600 IN SRV 0 0 1688 kms1.corp.example.', '_vlmcs._tcp.corp.example. 600 IN SRV 10 50 1700 kms2.corp.example.']);
  });

  it('powershell output uses the zone-relative name and a TimeSpan TTL', async () => {
    const result = await generateRecords({domain: 'branch.corp.example', zone: 'corp.example', hosts: ['kms1.corp.example,0,100'], format: 'powershell', ttl: 90061, replace: true});
    assert.match(result.text, /^Get-DnsServerResourceRecord -ZoneName "corp.example" -Name "_vlmcs._tcp.branch" -RRType Srv .*\| Remove-DnsServerResourceRecord -ZoneName "corp.example" -Force$/m);
    assert.match(result.text, /^Add-DnsServerResourceRecord -Srv -ZoneName "corp.example" -Name "_vlmcs._tcp.branch" -DomainName "kms1.corp.example" -Priority 0 -Weight 100 -Port 1688 -TimeToLive 1\.01:01:01$/m);
    assert.equal(timeSpan(3600), '01:00:00');
    assert.equal(relativeName('corp.example', 'corp.example'), '@');
  });

  it('json output is the records', async () => {
    const result = await generateRecords({domain: 'corp.example', hosts: HOSTS, format: 'json'});
    assert.deepEqual(JSON.parse(result.text), result.records);
  });

  it('refuses a domain outside the zone and bad hosts as bad input', async () => {
    await assert.rejects(generateRecords({domain: 'other.example', zone: 'corp.example', hosts: HOSTS}), (e: unknown) => isWinprepError(e) && e.exitCode === 3 && /not inside zone/.test(e.message));
    await assert.rejects(generateRecords({domain: 'corp.example', hosts: []}), (e: unknown) => isWinprepError(e) && e.exitCode === 3);
    await assert.rejects(generateRecords({domain: 'not a domain', hosts: HOSTS}), (e: unknown) => isWinprepError(e) && e.exitCode === 3 && /--domain/.test(e.message));
  });

  it('templates: lists repeat, flags gate, missing values are caught', () => {
    assert.equal(renderTemplate('{{#xs}}[{{v}}{{p}}]{{/xs}}{{#on}}!{{/on}}{{#off}}?{{/off}}', {p: '.', on: true, off: false, xs: [{v: 1}, {v: 2}]}), '[1.][2.]!');
    assert.throws(() => renderTemplate('{{nope}}', {}), /nope/);
  });

  describe('nsupdate output against a real named', function () {
    let named: NamedInstance;
    before(async function () {
      requireTools(this, 'named', 'nsupdate', 'dig');
      named = await startNamed();
    });
    after(async () => {
      await named?.stop();
    });

    it('nsupdate -k applies the script; dig sees exactly the records', async () => {
      const first = await generateRecords({domain: 'corp.example', hosts: ['old.corp.example'], format: 'nsupdate', server: `127.0.0.1:${named.port}`});
      const second = await generateRecords({domain: 'corp.example', hosts: HOSTS, format: 'nsupdate', server: `127.0.0.1:${named.port}`, replace: true});
      for (const script of [first.text, second.text]) {
        const file = path.join(dir, 'update.txt');
        await writeFile(file, script);
        const r = run('nsupdate', ['-k', named.keyFile, file]);
        assert.equal(r.status, 0, r.stdout + r.stderr);
      }
      const dig = run('dig', ['@127.0.0.1', '-p', String(named.port), '+short', 'SRV', '_vlmcs._tcp.corp.example']);
      assert.deepEqual(dig.stdout.trim().split('\n').sort(), ['0 0 1688 kms1.corp.example.', '10 50 1700 kms2.corp.example.']);
    });
  });
});
