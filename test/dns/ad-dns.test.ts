/**
 * Publishing to Active Directory DNS, against a real AD DC: a Samba DC provisioned once for this file
 * (samba-harness.ts). Its internal DNS server takes only secure updates, like a Windows DC's AD-integrated zone.
 */
import assert from 'node:assert/strict';
import {mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {type CliResult, parseJsonOutput, runCliAsync} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';
import {SAMBA_TOOLS, type SambaDc, startSambaDc} from './samba-harness.js';

interface PublishJson {
  verified: boolean;
  owner: string;
  gssTsig?: {principal: string; credentials: string; responseVerified: boolean};
  readBack: {target: string}[];
}

describe('Active Directory DNS (Samba AD DC): dns publish --gss-tsig, errors, permissions, discover', function () {
  this.timeout(180_000);
  let dc: SambaDc;
  let scratch: string;
  let adminCache: string;
  let kms1: {principal: string; keytab: string; password: string};
  let kms2: {principal: string; keytab: string; password: string};

  const dig = (name: string): string[] => {
    const r = run('dig', ['@127.0.0.1', '-p', String(dc.dnsPort), '+short', 'SRV', name]);
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim().split('\n').filter(Boolean).sort();
  };
  /** winprep with this DC's krb5.conf and the given credential cache (the caller's `kinit` ticket). */
  const winprep = (args: string[], ccache?: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    runCliAsync(args, {env: {...dc.env, KRB5CCNAME: `FILE:${ccache ?? path.join(scratch, 'none')}`, CI: 'true', ...env}});
  const publishArgs = (domain: string, host: string, ...rest: string[]): string[] =>
    ['dns', 'publish', '--server', dc.server, '--zone', dc.domain, '--domain', domain, '--host', host, ...rest];

  function assertOneLineFailure(r: CliResult, code: string, hint: RegExp): {message: string; hint?: string} {
    assert.equal(r.status, 7, `${r.stdout}\n${r.stderr}`);
    const doc = parseJsonOutput(r);
    assert.equal(doc.error?.code, code, JSON.stringify(doc.error));
    assert.doesNotMatch(doc.error!.message, /\n/);
    assert.match(doc.error!.hint ?? '', hint);
    for (const secret of [dc.adminPassword, kms1.password, kms2.password]) assert.ok(!(r.stdout + r.stderr).includes(secret), 'a password was printed');
    return {message: doc.error!.message, hint: doc.error!.hint};
  }

  before(async function () {
    requireTools(this, ...SAMBA_TOOLS);
    dc = await startSambaDc();
    scratch = await mkdtemp(path.join(tmpdir(), 'winprep-ad-test-'));
    adminCache = path.join(scratch, 'admin.ccache');
    dc.kinit(`administrator@${dc.realm}`, dc.adminPassword, adminCache);
    kms1 = await dc.addComputer('kms1');
    kms2 = await dc.addComputer('kms2');
  });
  after(async () => {
    await dc?.stop();
    if (scratch) await rm(scratch, {recursive: true, force: true});
  });

  it('publish --gss-tsig with the administrator\'s kinit ticket: dig shows the record, JSON is one document', async () => {
    const r = await winprep([...publishArgs(dc.domain, `kms0.${dc.domain}:1688,0,100`, '--gss-tsig'), '--json'], adminCache);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
    const doc = parseJsonOutput<PublishJson>(r);
    assert.equal(doc.result?.verified, true);
    assert.equal(doc.result?.gssTsig?.principal, `administrator@${dc.realm}`);
    assert.equal(doc.result?.gssTsig?.credentials, 'ticket-cache');
    assert.deepEqual(dig(`_vlmcs._tcp.${dc.domain}`), [`0 100 1688 kms0.${dc.domain}.`]);
  });

  it('the unsigned publish to the same zone exits 7: REFUSED, secure-only, use --gss-tsig', async () => {
    const r = await winprep([...publishArgs(dc.domain, `evil.${dc.domain}`, '--unsigned'), '--json']);
    const e = assertOneLineFailure(r, 'DNS_REFUSED', /--gss-tsig/);
    assert.match(e.message, /REFUSED/);
    assert.deepEqual(dig(`_vlmcs._tcp.${dc.domain}`), [`0 100 1688 kms0.${dc.domain}.`]);
  });

  it('a second host that did not create the record is refused with the fix; after `dns permissions` (samba-tool) it may update', async () => {
    const domain = `site1.${dc.domain}`;
    const first = await winprep([...publishArgs(domain, `kms1.${dc.domain}`, '--gss-tsig', '--keytab', kms1.keytab, '--principal', kms1.principal), '--json']);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.equal(parseJsonOutput<PublishJson>(first).result?.gssTsig?.credentials, 'keytab');

    const refused = await winprep([...publishArgs(domain, `kms2.${dc.domain}`, '--gss-tsig', '--keytab', kms2.keytab, '--principal', kms2.principal), '--json']);
    const e = assertOneLineFailure(refused, 'DNS_RECORD_OWNED', /winprep dns permissions --domain site1\.ad\.winprep\.test --zone ad\.winprep\.test/);
    assert.match(e.message, /KMS2\$@AD\.WINPREP\.TEST/);
    assert.deepEqual(dig(`_vlmcs._tcp.${domain}`), [`0 0 1688 kms1.${dc.domain}.`]);

    const perms = await winprep(['dns', 'permissions', '--domain', domain, '--zone', dc.domain, '--host', `kms1.${dc.domain}`, '--host', `kms2.${dc.domain}`, '--format', 'samba-tool']);
    assert.equal(perms.status, 0, perms.stderr);
    const script = path.join(scratch, 'kms-permissions.sh');
    await writeFile(script, perms.stdout);
    const applied = run('sh', [script, '-H', dc.samLdb, '-s', dc.smbConf]);
    assert.equal(applied.status, 0, applied.stdout + applied.stderr);

    const second = await winprep(publishArgs(domain, `kms2.${dc.domain}`, '--gss-tsig', '--keytab', kms2.keytab, '--principal', kms2.principal));
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /read-back matches/);
    assert.deepEqual(dig(`_vlmcs._tcp.${domain}`), [`0 0 1688 kms1.${dc.domain}.`, `0 0 1688 kms2.${dc.domain}.`]);
  });

  it('the PowerShell fix names the group, the hosts\' computer accounts and the record, and cites the guide', async () => {
    const r = await winprep(['dns', 'permissions', '--domain', dc.domain, '--host', `kms1.${dc.domain}`, '--host', `kms2.${dc.domain}`]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /New-ADGroup -Name \$group -GroupScope Global -GroupCategory Security/);
    assert.match(r.stdout, /Get-ADComputer -Identity 'KMS1\$'\), \(Get-ADComputer -Identity 'KMS2\$'\)/);
    assert.match(r.stdout, /\$node = '_vlmcs\._tcp'/);
    assert.match(r.stdout, /learn\.microsoft\.com\/en-us\/previous-versions\/tn-archive\/ff793405/);
    const json = parseJsonOutput<{recordDn: string; computers: string[]}>(await winprep(['dns', 'permissions', '--domain', dc.domain, '--host', `kms1.${dc.domain}`, '--json']));
    assert.equal(json.result?.recordDn, 'DC=_vlmcs._tcp,DC=ad.winprep.test,CN=MicrosoftDNS,DC=DomainDnsZones,DC=ad,DC=winprep,DC=test');
  });

  it('no ticket: exit 7, run kinit', async () => {
    const r = await winprep([...publishArgs(dc.domain, `x.${dc.domain}`, '--gss-tsig'), '--json']);
    assertOneLineFailure(r, 'KRB_NO_TICKET', /kinit/);
  });

  it('an expired ticket: exit 7, kinit again', async () => {
    const cache = path.join(scratch, 'short.ccache');
    dc.kinit(kms1.principal, kms1.password, cache, ['-l', '2s']);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const r = await winprep([...publishArgs(dc.domain, `x.${dc.domain}`, '--gss-tsig'), '--json'], cache);
    const e = assertOneLineFailure(r, 'KRB_TICKET_EXPIRED', /kinit/);
    assert.match(e.message, /KMS1\$@AD\.WINPREP\.TEST/);
  });

  it('a principal of a realm no KDC serves: exit 7, wrong realm', async () => {
    const keytab = path.join(scratch, 'other.keytab');
    const made = run('ktutil', [], `addent -password -p kms9@OTHER.TEST -k 1 -e aes256-cts-hmac-sha1-96\nnot-a-real-password\nwkt ${keytab}\nquit\n`);
    assert.equal(made.status, 0, made.stderr);
    const r = await winprep([...publishArgs(dc.domain, `x.${dc.domain}`, '--gss-tsig', '--keytab', keytab, '--principal', 'kms9@OTHER.TEST'), '--json']);
    const e = assertOneLineFailure(r, 'KRB_REALM_UNREACHABLE', /realm/);
    assert.match(e.message, /OTHER\.TEST/);
  });

  it('nsupdate missing: exit 6 naming bind9-dnsutils', async () => {
    const bin = path.join(scratch, 'bin-no-nsupdate');
    await rm(bin, {recursive: true, force: true});
    await import('node:fs/promises').then((fs) => fs.mkdir(bin));
    for (const tool of ['kinit', 'klist']) await symlink(run('sh', ['-c', `command -v ${tool}`]).stdout.trim(), path.join(bin, tool));
    const r = await winprep([...publishArgs(dc.domain, `x.${dc.domain}`, '--gss-tsig'), '--json'], adminCache, {PATH: bin});
    assert.equal(r.status, 6, r.stdout + r.stderr);
    assert.match(parseJsonOutput(r).error?.hint ?? '', /apt-get install bind9-dnsutils/);
  });

  it('dns discover finds the published hosts in the AD DNS domain, as a domain-joined client (primary DNS suffix) would', async () => {
    const image = path.join(scratch, 'client');
    const created = await winprep(['sample', 'create', image, '--os', 'win10-pro', '--state', 'sysprepped']);
    assert.equal(created.status, 0, created.stderr);
    const reg = path.join(scratch, 'domain.reg');
    await writeFile(reg, `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Tcpip\\Parameters]\r\n"Domain"="${dc.domain}"\r\n"NV Domain"="${dc.domain}"\r\n`);
    const imported = await winprep(['reg', 'import', path.join(image, 'Windows/System32/config/SYSTEM'), reg]);
    assert.equal(imported.status, 0, imported.stdout + imported.stderr);
    const r = await winprep(['dns', 'discover', '--image', image, '--server', dc.server, '--json']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const doc = parseJsonOutput<{source: string; domain: string; hosts: {target: string; port: number}[]}>(r);
    assert.equal(doc.result?.source, 'primary-dns-suffix');
    assert.equal(doc.result?.domain, dc.domain);
    assert.deepEqual(doc.result?.hosts.map((h) => `${h.target}:${h.port}`), [`kms0.${dc.domain}:1688`]);
  });
});
