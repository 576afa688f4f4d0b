/**
 * A throwaway Samba Active Directory domain controller for the AD DNS tests: `samba-tool domain provision
 * --dns-backend=SAMBA_INTERNAL` into a temp dir, then `samba` in the foreground running only its KDC and its
 * internal DNS server. The internal DNS server enforces secure-only dynamic updates like a Windows DC's
 * AD-integrated zone (unsigned updates REFUSED, GSS-TSIG updates checked against the record's ACL).
 *
 * Collisions: every file lives in the temp dir (smb.conf, sam.ldb, caches, logs), and the DNS, Kerberos and
 * kpasswd listeners are on 127.0.0.1 at ports picked free at start (Samba binds only addresses that an
 * interface holds, so a private 127.0.0.x would need `ip addr add`; the ports keep runs apart instead). LDAP,
 * SMB, NBT and RPC are not started, so nothing takes the well-known ports. stop() ends samba and deletes it all.
 */
import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {connect} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {freePort} from './named-harness.js';

export const SAMBA_TOOLS = ['samba', 'samba-tool', 'kinit', 'klist', 'nsupdate', 'dig'];

export interface SambaDc {
  dir: string;
  realm: string;
  /** The AD DNS domain (also the zone the DC serves). */
  domain: string;
  dcFqdn: string;
  dnsPort: number;
  kdcPort: number;
  /** --server value for winprep. */
  server: string;
  adminPassword: string;
  /** Environment with KRB5_CONFIG pointing at this DC's krb5.conf (add KRB5CCNAME per caller). */
  env: NodeJS.ProcessEnv;
  smbConf: string;
  samLdb: string;
  /** samba-tool with this DC's smb.conf and database; throws with its output on failure. */
  tool(args: string[]): string;
  /** A fresh credential cache file for `principal`, from a password (as `kinit` does interactively). */
  kinit(principal: string, password: string, ccache: string, extraArgs?: string[]): void;
  /** Create a computer account NAME$ with a known password and export its keys to a keytab. */
  addComputer(name: string): Promise<{principal: string; keytab: string; password: string}>;
  stop(): Promise<void>;
}

const REALM = 'AD.WINPREP.TEST';
const DOMAIN = 'ad.winprep.test';
const ADMIN_PASSWORD = 'Wp-Admin.Pass42';

function must(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): string {
  const r = spawnSync(cmd, args, {env, input, encoding: 'utf8'});
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`.slice(-3000));
  return r.stdout;
}

const tcpOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({host: '127.0.0.1', port});
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

export async function startSambaDc(): Promise<SambaDc> {
  const dir = await mkdtemp(path.join(tmpdir(), 'winprep-samba-'));
  const [dnsPort, kdcPort, kpasswdPort] = [await freePort(), await freePort(), await freePort()];
  const smbConf = path.join(dir, 'etc', 'smb.conf');
  const env: NodeJS.ProcessEnv = {...process.env, KRB5_CONFIG: path.join(dir, 'krb5.conf'), KRB5CCNAME: `FILE:${path.join(dir, 'no-ccache')}`};
  let child: ChildProcess | undefined;
  try {
    const options = [
      'interfaces=127.0.0.1',
      'bind interfaces only=yes',
      'server services=kdc, dns',
      `dns port=${dnsPort}`,
      `krb5 port=${kdcPort}`,
      `kpasswd port=${kpasswdPort}`,
      'dns forwarder=127.0.0.1:9',
      `log file=${path.join(dir, 'log.%m')}`,
    ].flatMap((o) => ['--option', o]);
    must('samba-tool', ['domain', 'provision', `--targetdir=${dir}`, `--realm=${REALM}`, '--domain=WPTEST', '--server-role=dc', '--dns-backend=SAMBA_INTERNAL', `--adminpass=${ADMIN_PASSWORD}`, '--host-name=dc1', '--host-ip=127.0.0.1', ...options], env);
    await writeFile(
      env.KRB5_CONFIG!,
      `[libdefaults]\n\tdefault_realm = ${REALM}\n\tdns_lookup_realm = false\n\tdns_lookup_kdc = false\n\trdns = false\n\n[realms]\n${REALM} = {\n\tkdc = 127.0.0.1:${kdcPort}\n}\n\n[domain_realm]\n\t.${DOMAIN} = ${REALM}\n\t${DOMAIN} = ${REALM}\n`,
    );
    const spawned = spawn('samba', ['-s', smbConf, '-i', '-M', 'single', '--debug-stdout', '-d1'], {env, stdio: ['ignore', 'pipe', 'pipe']});
    child = spawned;
    const chunks: Buffer[] = [];
    spawned.stdout!.on('data', (d: Buffer) => chunks.push(d));
    spawned.stderr!.on('data', (d: Buffer) => chunks.push(d));
    const exited = new Promise<void>((resolve) => spawned.once('exit', () => resolve()));
    let ready = false;
    for (let i = 0; i < 300 && spawned.exitCode === null; i++) {
      if ((await tcpOpen(dnsPort)) && (await tcpOpen(kdcPort))) {
        ready = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    if (!ready) throw new Error(`samba did not start:\n${Buffer.concat(chunks).toString().slice(-3000)}`);
    const samLdb = path.join(dir, 'private', 'sam.ldb');
    const tool = (args: string[]): string => must('samba-tool', [...args, '-s', smbConf], env);
    const dc: SambaDc = {
      dir,
      realm: REALM,
      domain: DOMAIN,
      dcFqdn: `dc1.${DOMAIN}`,
      dnsPort,
      kdcPort,
      server: `127.0.0.1:${dnsPort}`,
      adminPassword: ADMIN_PASSWORD,
      env,
      smbConf,
      samLdb,
      tool,
      kinit: (principal, password, ccache, extraArgs = []) => {
        must('kinit', [...extraArgs, principal], {...env, KRB5CCNAME: `FILE:${ccache}`}, `${password}\n`);
      },
      addComputer: async (name) => {
        const password = `Wp-${name}.Host42`;
        tool(['computer', 'create', name, '-H', samLdb]);
        tool(['user', 'setpassword', `${name.toUpperCase()}$`, `--newpassword=${password}`, '-H', samLdb]);
        const keytab = path.join(dir, `${name}.keytab`);
        tool(['domain', 'exportkeytab', keytab, `--principal=${name.toUpperCase()}$`]);
        await readFile(keytab); // exportkeytab reports success even when it wrote nothing
        return {principal: `${name.toUpperCase()}$@${REALM}`, keytab, password};
      },
      stop: async () => {
        if (spawned.exitCode === null) {
          spawned.kill('SIGTERM');
          await exited;
        }
        await rm(dir, {recursive: true, force: true});
      },
    };
    return dc;
  } catch (error) {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, {recursive: true, force: true});
    throw error;
  }
}
