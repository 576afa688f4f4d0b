/**
 * A throwaway BIND `named` on 127.0.0.1 for the DNS tests (docs/reference/dns.md#test-server): own temp dir, TSIG key,
 * one primary zone open to updates by that key, no rndc, no recursion. The binary is copied into the
 * temp dir so an AppArmor profile bound to /usr/sbin/named cannot block the /tmp config.
 */
import {type ChildProcess, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {createSocket} from 'node:dgram';
import {copyFile, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';

export interface NamedKey {
  name: string;
  algorithm: string;
  secret: string;
}

export interface NamedInstance {
  port: number;
  dir: string;
  zone: string;
  key: NamedKey;
  /** A BIND key file holding `key` (what --tsig-key takes). */
  keyFile: string;
  /** Further keys the zone grants, one per `extraAlgorithms` entry, named "<algorithm>-key". */
  extraKeys: NamedKey[];
  stop(): Promise<void>;
}

export interface NamedOptions {
  zone?: string;
  /** Extra zone-file lines, e.g. "kms1 IN A 127.0.0.1". */
  records?: string[];
  /** Also grant updates to keys with these algorithms (e.g. hmac-sha512). */
  extraAlgorithms?: string[];
}

export const keyFileText = (key: NamedKey): string => `key "${key.name}" {\n\talgorithm ${key.algorithm};\n\tsecret "${key.secret}";\n};\n`;

export const randomSecret = (): string => randomBytes(32).toString('base64');

/** A port free for both TCP and UDP right now (named needs both; listen(0) cannot give that). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 40000);
    const tcpOk = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (!tcpOk) continue;
    const udpOk = await new Promise<boolean>((resolve) => {
      const s = createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (udpOk) return port;
  }
  throw new Error('no free port for named');
}

async function waitForReady(child: ChildProcess, log: () => string): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) return false;
    const text = log();
    // named also reports "running" when the zone failed to load; insist on the zone being served.
    if (/ running$/m.test(text)) return /zone \S+\/IN: loaded serial/.test(text);
    if (/addresses in use|couldn't add command channel|loading configuration: failure/.test(text)) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

export async function startNamed(options: NamedOptions = {}): Promise<NamedInstance> {
  const zone = options.zone ?? 'corp.example';
  const dir = await mkdtemp(path.join(tmpdir(), 'winprep-named-'));
  const key: NamedKey = {name: 'ddns-key', algorithm: 'hmac-sha256', secret: randomSecret()};
  const keyFile = path.join(dir, 'ddns.key');
  const extraKeys = (options.extraAlgorithms ?? []).map((algorithm) => ({name: `${algorithm}-key`, algorithm, secret: randomSecret()}));
  await writeFile(keyFile, keyFileText(key));
  const allKeys = [key, ...extraKeys];
  const grants = allKeys.map((k) => `grant ${k.name} zonesub ANY;`).join(' ');
  await writeFile(
    path.join(dir, 'zone.db'),
    [`$TTL 3600`, `@ IN SOA ns1.${zone}. hostmaster.${zone}. 1 3600 600 86400 300`, `@ IN NS ns1.${zone}.`, 'ns1 IN A 127.0.0.1', ...(options.records ?? []), ''].join('\n'),
  );
  const binary = path.join(dir, 'named');
  await copyFile('/usr/sbin/named', binary);
  let lastLog = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const conf = path.join(dir, 'named.conf');
    await writeFile(
      conf,
      `${allKeys.map(keyFileText).join('')}
options {
  directory "${dir}"; pid-file none; session-keyfile none; managed-keys-directory "${dir}";
  listen-on port ${port} { 127.0.0.1; }; listen-on-v6 { none; };
  recursion no; allow-recursion { none; }; dnssec-validation no; notify no;
};
controls { };
zone "${zone}" { type primary; file "zone.db"; check-integrity no; update-policy { ${grants} }; };
`,
    );
    const child = spawn(binary, ['-g', '-c', conf], {stdio: ['ignore', 'ignore', 'pipe']});
    const chunks: Buffer[] = [];
    child.stderr!.on('data', (d: Buffer) => chunks.push(d));
    const log = (): string => Buffer.concat(chunks).toString();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (await waitForReady(child, log)) {
      return {
        port,
        dir,
        zone,
        key,
        keyFile,
        extraKeys,
        stop: async () => {
          if (child.exitCode === null) {
            child.kill('SIGTERM');
            await exited;
          }
          await rm(dir, {recursive: true, force: true});
        },
      };
    }
    lastLog = log();
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  await rm(dir, {recursive: true, force: true});
  throw new Error(`named did not start:\n${lastLog.slice(-2000)}`);
}
