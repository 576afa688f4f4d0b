/**
 * Image-layer bench: rewrite a ≥1 GB tar image with one changed hive, beside `cp` of the same archive
 * (the floor), in one run; peak memory is the max RSS of the child process doing the rewrite.
 * Goal (issue 4): within 1.5× of cp and under 200 MB. Not run by the tests.
 */
import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {createWriteStream, promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {Header} from 'tar';

import {openImage} from '../src/image/index.js';
import {Hive} from '../src/registry/index.js';
import {RegType} from '../src/registry/types.js';

const CHILD_FLAG = '--winprep-bench-image-child';
const MIB = 1024 * 1024;
const TARGET_BYTES = 1100 * MIB;
const GOAL_RATIO = 1.5;
const GOAL_RSS_MB = 200;

export async function benchImage(): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-bench-image-'));
  try {
    const archive = path.join(dir, 'image.tar');
    const members = await writeBigTar(archive);
    const size = (await fs.stat(archive)).size;
    const cpSeconds = time(() => run('cp', [archive, path.join(dir, 'copy.tar')]));
    await fs.rm(path.join(dir, 'copy.tar'));
    let child: {maxRssKb: number} | undefined;
    const rewriteSeconds = time(() => {
      child = JSON.parse(run(process.execPath, [...selfCommand(), CHILD_FLAG, archive])) as {maxRssKb: number};
    });
    const rssMb = child!.maxRssKb / 1024;
    const ratio = rewriteSeconds / cpSeconds;
    const verdict = ratio <= GOAL_RATIO && rssMb < GOAL_RSS_MB ? 'goal met' : 'goal missed';
    return [
      `image: tar of ${(size / 1e9).toFixed(2)} GB, ${members} members`,
      `image: cp ${cpSeconds.toFixed(2)} s (floor)`,
      `image: rewrite with one changed hive ${rewriteSeconds.toFixed(2)} s = ${ratio.toFixed(2)}× cp; peak RSS ${rssMb.toFixed(0)} MB (${verdict}: ≤ ${GOAL_RATIO}× cp, < ${GOAL_RSS_MB} MB)`,
    ];
  } finally {
    await fs.rm(dir, {recursive: true, force: true});
  }
}

/** The rewrite itself, in a child so its peak RSS is its own: open, edit SOFTWARE, commit. */
async function childMain(archive: string): Promise<void> {
  const image = await openImage(archive);
  const software = await image.hive('Windows/System32/config/SOFTWARE');
  if (!software) throw new Error('bench image has no SOFTWARE hive');
  software.setValue('Microsoft\\Windows NT\\CurrentVersion', {name: 'EditionID', type: RegType.SZ, data: Buffer.from('Enterprise\0', 'utf16le')});
  await image.commit();
  process.stdout.write(JSON.stringify({maxRssKb: process.resourceUsage().maxRSS}));
}

/** How to run this file as the child: compiled JS directly, TypeScript through tsx. */
function selfCommand(): string[] {
  const self = fileURLToPath(import.meta.url);
  return self.endsWith('.ts') ? ['--import', 'tsx', self] : [self];
}

/**
 * A Windows-like tar streamed to disk: folders, ~1 MiB files of half random / half zero data (so neither
 * all-zero nor incompressible), and the registry hives in the middle of the archive as in a real one.
 */
async function writeBigTar(archive: string): Promise<number> {
  const out = createWriteStream(archive);
  const write = (chunk: Buffer) => (out.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  const noise = randomBytes(MIB / 2);
  let written = 0;
  let members = 0;
  const add = async (name: string, data?: Buffer) => {
    const header = new Header({path: name, mode: data ? 0o644 : 0o755, size: data?.length ?? 0, mtime: new Date('2024-01-01T00:00:00Z'), type: data ? 'File' : 'Directory', uname: 'root', gname: 'root'});
    header.encode();
    await write(header.block!);
    written += 512;
    members++;
    if (!data) return;
    await write(data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) await write(Buffer.alloc(pad));
    written += data.length + pad;
  };
  const file = (seq: number) => {
    const data = Buffer.alloc(MIB - (seq % 7) * 4096);
    noise.copy(data, 0, 0, Math.min(noise.length, data.length));
    data.writeUInt32LE(seq, 0);
    return data;
  };
  const half = TARGET_BYTES / 2;
  let seq = 0;
  await add('./');
  for (const top of ['./Program Files/', './Users/', './Windows/', './Windows/WinSxS/']) await add(top);
  while (written < half) await add(`./Windows/WinSxS/component_${seq}.dll`, file(seq++));
  await add('./Windows/System32/');
  await add('./Windows/System32/config/');
  await add('./Windows/System32/config/SOFTWARE', softwareHive());
  await add('./Windows/System32/config/SYSTEM', Hive.create({fileName: 'SYSTEM'}).serialize());
  while (written < TARGET_BYTES) await add(`./Windows/System32/driver_${seq}.sys`, file(seq++));
  await write(Buffer.alloc(10240 - (written % 10240) + (written % 10240 > 9216 ? 10240 : 0)));
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return members;
}

function softwareHive(): Buffer {
  const hive = Hive.create({fileName: 'SOFTWARE'});
  const cv = 'Microsoft\\Windows NT\\CurrentVersion';
  hive.setValue(cv, {name: 'EditionID', type: RegType.SZ, data: Buffer.from('Professional\0', 'utf16le')});
  for (let i = 0; i < 2000; i++) hive.setValue(`Classes\\CLSID\\{${String(i).padStart(8, '0')}}`, {name: '', type: RegType.SZ, data: Buffer.from(`Component ${i}\0`, 'utf16le')});
  return hive.serialize();
}

function run(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, {encoding: 'utf8', maxBuffer: 16 * MIB});
  if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr}`);
  return result.stdout;
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

if (process.argv.includes(CHILD_FLAG) && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await childMain(process.argv[process.argv.indexOf(CHILD_FLAG) + 1]!);
}
