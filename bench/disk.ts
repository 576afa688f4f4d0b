/**
 * Disk-image benchmark (`npm run bench -- disk`; never run by the tests). Disks built by guestfish (not by
 * winprep): GPT with an EFI system partition, an MSR and an NTFS Windows partition holding the folder sample,
 * once on a 4 GiB disk (a ≥2 GB NTFS volume, sparse) and once on a 256 MiB one, each as qcow2 and VHDX.
 * On a copy of each disk `winprep image generalize` runs; on another copy of the same disk the nearest
 * peer, `virt-win-reg --merge`, applies the same registry change (the `.reg` winprep reports in its --json
 * result). Both start one libguestfs appliance; winprep also writes the changed files, reads them back, checks
 * the hives twice and merges its overlay. Goal (issue 13): at most 1.5× the peer, and the same time whatever
 * the disk's size (only the changed files are read and written).
 */
import {spawnSync} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {NTFS_END_GAP, NTFS_START, windowsDiskScript} from '../fixtures/disk-pack.js';

const runJs = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'run.js');
const GOAL_RATIO = 1.5;
/** Rounds per disk (best of): the machine is shared, single runs vary by a third. */
const ROUNDS = 2;
const OPERATIONS = 'defaults,+reseal,+machine-guid,+dhcpv6-duid';
const SECTOR = 512;
/** Sizes of the two disks and where partition 3 (NTFS) starts and ends, in sectors (the sample builder's layout). */
const DISKS = [
  {label: 'large', bytes: 4 * 1024 ** 3},
  {label: 'small', bytes: 256 * 1024 ** 2},
];

interface Pair {
  disk: string;
  volumeGb: number;
  winprep: number;
  peer: number;
}

export async function benchDisk(): Promise<string[]> {
  process.env.LIBGUESTFS_BACKEND_SETTINGS ??= 'force_tcg';
  const dir = await mkdtemp(path.join(tmpdir(), 'winprep-bench-disk-'));
  try {
    const sources = buildDisks(dir);
    const pairs: Pair[] = [];
    for (const source of sources) pairs.push(await measure(dir, source));
    const lines = pairs.map(
      (p) => `disk: ${p.disk} (NTFS ${p.volumeGb.toFixed(2)} GB): winprep image generalize ${p.winprep.toFixed(1)} s, virt-win-reg --merge ${p.peer.toFixed(1)} s = ${(p.winprep / p.peer).toFixed(2)}×`,
    );
    const worst = Math.max(...pairs.map((p) => p.winprep / p.peer));
    const growth = (format: string, of: (p: Pair) => number): string => {
      const [large, small] = DISKS.map((d) => pairs.find((p) => p.disk === `${d.label}.${format}`)!);
      return `${(of(large!) / of(small!)).toFixed(2)}×`;
    };
    for (const format of ['qcow2', 'vhdx']) lines.push(`disk: ${format}, large / small disk: winprep ${growth(format, (p) => p.winprep)}, virt-win-reg ${growth(format, (p) => p.peer)}`);
    lines.push(`disk: ${worst <= GOAL_RATIO ? 'goal met' : 'goal missed'} (≤ ${GOAL_RATIO}× virt-win-reg; worst ${worst.toFixed(2)}×; best of ${ROUNDS} runs each)`);
    return lines;
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}

interface Source {
  file: string;
  format: 'qcow2' | 'vhdx';
  volumeGb: number;
}

/** The folder sample, then every disk in one guestfish appliance, then VHDX copies by qemu-img. */
function buildDisks(dir: string): Source[] {
  const sample = path.join(dir, 'sample');
  // The sample's SOFTWARE has ProfileList, through which virt-win-reg finds HKEY_USERS\S-1-5-20 (the KMS host
  // cache) for the peer's merge (docs/reference/offline-registry.md#profile-list).
  run(process.execPath, [runJs, 'sample', 'create', sample, '--os', 'win10-pro', '--state', 'captured-without-sysprep', '--format', 'folder']);
  const tarball = path.join(dir, 'sample.tar');
  run('tar', ['-C', sample, '-cf', tarball, '.']);
  const script = ['run'];
  const args: string[] = [];
  DISKS.forEach((d, i) => {
    const file = path.join(dir, `${d.label}.qcow2`);
    run('qemu-img', ['create', '-q', '-f', 'qcow2', file, String(d.bytes)]);
    args.push('--format=qcow2', '-a', file);
    const dev = `/dev/sd${String.fromCharCode(97 + i)}`;
    script.push(...windowsDiskScript(dev, tarball));
  });
  run('guestfish', args, `${script.join('\n')}\n`);
  const sources: Source[] = [];
  for (const d of DISKS) {
    // Partition 3 ends NTFS_END_GAP sectors before the disk's end (part-add's negative end), as the GPT backup needs.
    const volumeGb = ((d.bytes / SECTOR - NTFS_END_GAP - NTFS_START) * SECTOR) / 1e9;
    const qcow2 = path.join(dir, `${d.label}.qcow2`);
    const vhdx = path.join(dir, `${d.label}.vhdx`);
    run('qemu-img', ['convert', '-O', 'vhdx', qcow2, vhdx]);
    sources.push({file: qcow2, format: 'qcow2', volumeGb}, {file: vhdx, format: 'vhdx', volumeGb});
  }
  return sources;
}

/**
 * winprep on one copy, then virt-win-reg on another copy with the registry change winprep reported; best of
 * ROUNDS, the order swapped each round, fresh copies each time (a generalized disk has nothing left to do),
 * flushed to disk before the clock starts so neither side pays for the copy's dirty pages.
 */
async function measure(dir: string, source: Source): Promise<Pair> {
  const name = path.basename(source.file);
  const ours = path.join(dir, `winprep-${name}`);
  const theirs = path.join(dir, `peer-${name}`);
  const regFile = path.join(dir, `${name}.reg`);
  let winprep = Infinity;
  let peer = Infinity;
  const runWinprep = async () => {
    let reg = '';
    winprep = Math.min(
      winprep,
      time(() => {
        const stdout = run(process.execPath, [runJs, 'image', 'generalize', ours, '--operations', OPERATIONS, '--json']);
        reg = (JSON.parse(stdout) as {result: {reg: string}}).result.reg;
      }),
    );
    await writeFile(regFile, withParentKeys(reg));
  };
  const runPeer = () => {
    peer = Math.min(peer, time(() => run('virt-win-reg', ['--merge', `--format=${source.format}`, theirs, regFile])));
  };
  for (let round = 0; round < ROUNDS; round++) {
    run('cp', ['--sparse=always', source.file, ours]);
    run('cp', ['--sparse=always', source.file, theirs]);
    run('sync', []);
    if (round % 2 === 0) {
      await runWinprep();
      runPeer();
    } else {
      // The change is known from the first round: the peer goes first this time.
      runPeer();
      await runWinprep();
    }
    await rm(ours);
    await rm(theirs);
  }
  return {disk: name, volumeGb: source.volumeGb, winprep, peer};
}

/**
 * The same change in the form hivexregedit (which virt-win-reg merges with) accepts: it creates a key only
 * under an existing parent, so every ancestor below the hive root gets an empty section first (a no-op
 * for a key that exists, as in regedit).
 */
export function withParentKeys(reg: string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of reg.split(/\r?\n/)) {
    const key = /^\[([^\]-][^\]]*)\]$/.exec(line)?.[1];
    if (key) {
      const parts = key.split('\\');
      // HKEY_LOCAL_MACHINE\SOFTWARE and HKEY_USERS\<SID> are hive roots: they always exist.
      for (let depth = 3; depth < parts.length; depth++) {
        const parent = parts.slice(0, depth).join('\\');
        if (!seen.has(parent.toLowerCase())) out.push(`[${parent}]`, '');
        seen.add(parent.toLowerCase());
      }
      seen.add(key.toLowerCase());
    }
    out.push(line);
  }
  return out.join('\r\n');
}

function run(cmd: string, args: string[], input?: string): string {
  const result = spawnSync(cmd, args, {encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024});
  if (result.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} failed (exit ${result.status}): ${(result.stderr || result.stdout).trim().split('\n').at(-1) ?? ''}`);
  return result.stdout;
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}
