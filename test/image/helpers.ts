/** Small Windows-like images for the image-layer tests: a folder, and tar / tar.gz / WIM copies of it. */
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {Hive} from '../../src/registry/index.js';
import {RegType} from '../../src/registry/types.js';

export const sz = (text: string): Buffer => Buffer.from(`${text}\0`, 'utf16le');

export function softwareHive(edition = 'Professional'): Buffer {
  const hive = Hive.create({fileName: 'SOFTWARE', clock: () => new Date('2024-01-01T00:00:00Z')});
  const cv = 'Microsoft\\Windows NT\\CurrentVersion';
  hive.setValue(cv, {name: 'EditionID', type: RegType.SZ, data: sz(edition)});
  hive.setValue(cv, {name: 'ProductName', type: RegType.SZ, data: sz(`Windows 10 ${edition === 'Professional' ? 'Pro' : edition}`)});
  hive.setValue(cv, {name: 'InstallationType', type: RegType.SZ, data: sz('Client')});
  return hive.serialize();
}

export function systemHive(): Buffer {
  const hive = Hive.create({fileName: 'SYSTEM', clock: () => new Date('2024-01-01T00:00:00Z')});
  const dword = Buffer.alloc(4);
  dword.writeUInt32LE(1);
  hive.setValue('Select', {name: 'Current', type: RegType.DWORD, data: dword});
  hive.setValue('ControlSet001\\Control\\ComputerName\\ComputerName', {name: 'ComputerName', type: RegType.SZ, data: sz('REF-PC')});
  return hive.serialize();
}

/** Deterministic pseudo-random bytes (no Math.random in fixtures). */
export function bytes(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const SAMPLE_FILES: Record<string, () => Buffer> = {
  'Windows/System32/config/SYSTEM': systemHive,
  'Windows/System32/config/SOFTWARE': () => softwareHive(),
  'Windows/System32/config/SYSTEM.LOG1': () => Buffer.alloc(0),
  'Windows/System32/kernel32.dll': () => bytes(7, 70_000),
  'Windows/Panther/unattend.xml': () => Buffer.from('<?xml version="1.0"?><unattend xmlns="urn:schemas-microsoft-com:unattend"/>\n'),
  'Windows/Setup/State/State.ini': () => Buffer.from('[State]\r\nImageState=IMAGE_STATE_COMPLETE\r\n'),
  'Program Files/Common Files/readme.txt': () => Buffer.from('hello\n'),
  'Users/Public/Documents/big.bin': () => bytes(11, 300_000),
};

export async function tempDir(tag: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `winprep-test-${tag}-`));
}

export async function makeFolderImage(root: string, files: Record<string, () => Buffer> = SAMPLE_FILES): Promise<string> {
  for (const [inner, make] of Object.entries(files)) {
    const file = path.join(root, ...inner.split('/'));
    await fs.mkdir(path.dirname(file), {recursive: true});
    await fs.writeFile(file, make());
  }
  return root;
}

export function sh(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, {cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** GNU tar of a folder (entries `./…`, folders included), optionally gzipped. */
export function tarFolder(folder: string, archive: string, gzip = false): string {
  sh('tar', [gzip ? '-czf' : '-cf', archive, '--format=pax', '-C', folder, '.']);
  return archive;
}

export function wimFolder(folder: string, wim: string, name = 'Windows 10 Pro'): string {
  sh('wimlib-imagex', ['capture', folder, wim, name, '--compress=none']);
  return wim;
}

/** sha256 of every file below `root` (path → hash), skipping winprep's lock and journal. */
export async function hashTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string, rel: string): Promise<void> {
    for (const dirent of await fs.readdir(dir, {withFileTypes: true})) {
      const inner = rel ? `${rel}/${dirent.name}` : dirent.name;
      if (inner === '.winprep.lock' || inner === '.winprep-journal') continue;
      const full = path.join(dir, dirent.name);
      if (dirent.isDirectory()) await walk(full, inner);
      else out[inner] = createHash('sha256').update(await fs.readFile(full)).digest('hex');
    }
  }
  await walk(root, '');
  return out;
}
