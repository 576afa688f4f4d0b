/**
 * One or more real `--json` runs of every command, on sample images built by `sample create`: what
 * test/schemas/json-output.test.ts validates against schemas/commands/<command>.schema.json.
 */
import {execFileSync} from 'node:child_process';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {runCli} from '../helpers/cli.js';

export interface JsonCase {
  /** oclif command id, e.g. `kms:client:set` */
  id: string;
  argv: string[];
}

/** Where the cases' inputs live; `dnsServer` is a named the DNS cases may talk to. */
export interface CaseInputs {
  dir: string;
  dnsServer: string;
  tsigKeyFile: string;
}

export const schemaFileOf = (id: string): string => `schemas/commands/${id.replaceAll(':', '-')}.schema.json`;

/** A fresh folder sample image, so each command that changes an image starts from the same one. */
function sample(dir: string, name: string, os: string, state: string): string {
  const out = path.join(dir, name);
  const made = runCli(['sample', 'create', out, '--os', os, '--state', state, '--format', 'folder', '--force']);
  if (made.status !== 0) throw new Error(`sample create ${name} failed: ${made.stderr}`);
  return out;
}

export async function buildCases(inputs: CaseInputs): Promise<JsonCase[]> {
  const {dir} = inputs;
  const raw = sample(dir, 'raw', 'win10-pro', 'captured-without-sysprep');
  const vista = sample(dir, 'vista', 'vista-business', 'captured-without-sysprep');
  const sealed = sample(dir, 'sealed', 'win11-enterprise', 'sysprepped');
  const fresh = (name: string): string => sample(dir, name, 'win10-pro', 'captured-without-sysprep');
  const system = path.join(raw, 'Windows/System32/config/SYSTEM');
  const software = path.join(raw, 'Windows/System32/config/SOFTWARE');
  const regFile = path.join(dir, 'edit.reg');
  await fs.writeFile(regFile, 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"Current"=dword:00000001\r\n');
  const hostKey = path.join(dir, 'csvlk.txt');
  await fs.writeFile(hostKey, 'BCDFG-HJKMP-QRTVW-XY234-6789B\n');
  const fingerprints: string[] = [];
  for (const [name, image] of [['raw', raw], ['sealed', sealed]] as const) {
    const file = path.join(dir, `${name}.fingerprint.json`);
    await fs.writeFile(file, runCli(['image', 'fingerprint', image, '--json']).stdout);
    fingerprints.push(file);
  }
  // A WIM with two images, as install.wim files hold one per edition: inspect without --index lists them.
  const multiWim = path.join(dir, 'two.wim');
  execFileSync('wimlib-imagex', ['capture', raw, multiWim, 'Windows 10 Pro', '--compress=none'], {stdio: 'ignore'});
  execFileSync('wimlib-imagex', ['append', sealed, multiWim, 'Windows 11 Enterprise'], {stdio: 'ignore'});
  const profile = path.join(dir, 'client.json');
  const dns = ['--server', inputs.dnsServer];
  return [
    {id: 'dns:records', argv: ['dns', 'records', '--domain', 'corp.example.com', '--host', 'kms1.corp.example.com', '--host', 'kms2.corp.example.com:1700,10,50']},
    {id: 'dns:permissions', argv: ['dns', 'permissions', '--domain', 'corp.example.com', '--host', 'kms1.corp.example.com', '--format', 'samba-tool']},
    {id: 'dns:publish', argv: ['dns', 'publish', ...dns, '--domain', 'corp.example.com', '--host', 'kms1.corp.example.com', '--tsig-key', inputs.tsigKeyFile, '--replace']},
    {id: 'dns:discover', argv: ['dns', 'discover', ...dns, '--domain', 'corp.example.com']},
    {id: 'dns:discover', argv: ['dns', 'discover', ...dns, '--image', raw]},
    {id: 'fleet:audit', argv: ['fleet', 'audit', ...fingerprints]},
    {id: 'image:fingerprint', argv: ['image', 'fingerprint', raw]},
    {id: 'image:inspect', argv: ['image', 'inspect', raw]},
    {id: 'image:inspect', argv: ['image', 'inspect', vista]},
    {id: 'image:inspect', argv: ['image', 'inspect', multiWim]},
    {id: 'image:inspect', argv: ['image', 'inspect', multiWim, '--index', 'windows 11 enterprise']},
    {id: 'image:generalize', argv: ['image', 'generalize', fresh('generalize'), '--backup']},
    {id: 'image:generalize', argv: ['image', 'generalize', raw, '--dry-run']},
    {id: 'image:generalize', argv: ['image', 'generalize', '--list-operations']},
    {id: 'image:prepare', argv: ['image', 'prepare', fresh('prepare'), '--profile', 'fixtures/profiles/kms-client.json']},
    {id: 'image:prepare', argv: ['image', 'prepare', raw, '--profile', 'fixtures/profiles/kms-client.json', '--dry-run']},
    {id: 'image:validate', argv: ['image', 'validate', raw]},
    {id: 'image:validate', argv: ['image', 'validate', sealed]},
    {id: 'image:validate', argv: ['image', 'validate', '--list-rules']},
    {id: 'kms:client:set', argv: ['kms', 'client', 'set', fresh('client-set'), '--host', 'kms1.corp.example.com:1700', '--key', 'auto']},
    {id: 'kms:client:set', argv: ['kms', 'client', 'set', vista, '--auto', '--dry-run']},
    {id: 'kms:client:clear', argv: ['kms', 'client', 'clear', fresh('client-clear')]},
    {id: 'kms:client:show', argv: ['kms', 'client', 'show', raw]},
    {id: 'kms:host:configure', argv: ['kms', 'host', 'configure', sample(dir, 'host', 'server2022-datacenter', 'sysprepped'), '--port', '1700', '--publish-domain', 'corp.example.com', '--host-key-file', hostKey]},
    {id: 'kms:host:script', argv: ['kms', 'host', 'script', '--generation', 'spp', '--host-key-file', hostKey, '--out-dir', path.join(dir, 'host-scripts')]},
    {id: 'kms:explain', argv: ['kms', 'explain', '0xC004F074']},
    {id: 'kms:explain', argv: ['kms', 'explain', '--list']},
    {id: 'kms:keys', argv: ['kms', 'keys', '--edition', 'Professional']},
    {id: 'profile:init', argv: ['profile', 'init', profile]},
    {id: 'profile:check', argv: ['profile', 'check', 'fixtures/profiles/kms-client.json']},
    {id: 'reg:get', argv: ['reg', 'get', system, 'Select']},
    {id: 'reg:get', argv: ['reg', 'get', system, 'Select', 'Current']},
    {id: 'reg:export', argv: ['reg', 'export', software, 'Microsoft\\Windows NT\\CurrentVersion']},
    {id: 'reg:diff', argv: ['reg', 'diff', system, path.join(sealed, 'Windows/System32/config/SYSTEM')]},
    {id: 'reg:import', argv: ['reg', 'import', path.join(fresh('reg-import'), 'Windows/System32/config/SYSTEM'), regFile]},
    {id: 'reg:verify', argv: ['reg', 'verify', system]},
    {id: 'sample:create', argv: ['sample', 'create', path.join(dir, 'made'), '--os', 'server2022-datacenter', '--state', 'sysprepped']},
  ].map((c) => ({...c, argv: [...c.argv, '--json']}));
}
