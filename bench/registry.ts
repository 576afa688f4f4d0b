/**
 * Registry engine benchmark (`npm run bench`; never run by the tests): build a ≥10 MB hive with our engine,
 * then time a full export by winprep (in process, and as the CLI), `hivexregedit --export` and `reglookup`,
 * side by side from this process, as ratios; and open + set one value + save. Each timing is the best of
 * three runs, to damp the noise of a shared machine.
 */
import {spawnSync} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {writeFileAtomic} from '../src/fs/atomic.js';
import {exportReg, Hive, RegType} from '../src/registry/index.js';

const PREFIX = 'HKEY_LOCAL_MACHINE\\SYSTEM';
const RUNS = 3;
const runJs = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'run.js');

/** A SYSTEM-like hive: services with typical values, a wide Enum key (ri index), some big-data values. */
function buildHive(): Hive {
  const hive = Hive.create({clock: () => new Date('2024-01-01T00:00:00Z')});
  const text = (s: string) => Buffer.from(`${s}\0`, 'utf16le');
  for (let s = 0; s < 190; s++) {
    for (let k = 0; k < 50; k++) {
      const key = `ControlSet001\\Services\\Service${s}\\Instance${k}`;
      hive.setValue(key, {name: 'ImagePath', type: RegType.EXPAND_SZ, data: text(`%SystemRoot%\\System32\\drivers\\svc${s}_${k}.sys`)});
      hive.setValue(key, {name: 'DisplayName', type: RegType.SZ, data: text(`Service ${s} instance ${k}`)});
      hive.setValue(key, {name: 'Start', type: RegType.DWORD, data: Buffer.from([k % 5, 0, 0, 0])});
      hive.setValue(key, {name: 'Type', type: RegType.DWORD, data: Buffer.from([1, 0, 0, 0])});
      hive.setValue(key, {name: 'DependOnService', type: RegType.MULTI_SZ, data: Buffer.from(`RpcSs\0svc${k}\0\0`, 'utf16le')});
      hive.setValue(key, {name: 'Parameters', type: RegType.BINARY, data: Buffer.alloc(100 + ((s * 7 + k) % 400), s & 0xff)});
      hive.setValue(key, {name: 'Tag', type: RegType.QWORD, data: Buffer.alloc(8, k)});
      hive.setValue(key, {name: 'Description', type: RegType.SZ, data: text(`A service used by the benchmark, number ${s}.${k}`)});
    }
  }
  for (let i = 0; i < 2500; i++) hive.createKey(`ControlSet001\\Enum\\Device${String(i).padStart(5, '0')}`);
  for (let i = 0; i < 10; i++) hive.setValue('ControlSet001\\Control\\ProductOptions', {name: `Policy${i}`, type: RegType.BINARY, data: Buffer.alloc(60_000, i)});
  return hive;
}

async function best(run: () => Promise<unknown> | unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

function tool(cmd: string, args: string[]): () => void {
  return () => {
    const result = spawnSync(cmd, args, {stdio: ['ignore', 'ignore', 'ignore']});
    if (result.error || result.status !== 0) throw new Error(`${cmd} failed (${result.error?.message ?? `exit ${result.status}`})`);
  };
}

const hasTool = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const ms = (n: number): string => `${n.toFixed(0)} ms`;

export async function benchRegistry(): Promise<string[]> {
  const lines: string[] = ['registry engine'];
  const dir = await mkdtemp(path.join(tmpdir(), 'winprep-bench-reg-'));
  try {
    const buildStart = performance.now();
    const hive = buildHive();
    const bytes = hive.serialize();
    const buildMs = performance.now() - buildStart;
    const file = path.join(dir, 'SYSTEM');
    await writeFile(file, bytes);
    const keys = 1 + 2 + 1 + 190 * 51 + 2500 + 2;
    lines.push(`  built a ${(bytes.length / 1048576).toFixed(1)} MiB hive (${keys} keys, ${190 * 50 * 8 + 10} values) with winprep in ${ms(buildMs)}`);

    const inProcess = await best(async () => exportReg(Hive.parse(await readFile(file)), {mountPrefix: PREFIX}));
    const cli = await best(tool(process.execPath, [runJs, 'reg', 'export', file]));
    lines.push(`  full export, winprep engine (in process):   ${ms(inProcess)}`);
    lines.push(`  full export, winprep reg export (CLI):      ${ms(cli)}`);
    const others: [string, string, string[]][] = [
      ['hivexregedit --export', 'hivexregedit', ['--export', '--prefix', PREFIX, file, '\\']],
      ['reglookup', 'reglookup', [file]],
    ];
    for (const [label, cmd, args] of others) {
      if (!hasTool(cmd)) {
        lines.push(`  full export, ${label}: skipped (${cmd} not installed)`);
        continue;
      }
      const time = await best(tool(cmd, args));
      lines.push(`  full export, ${label.padEnd(28)} ${ms(time)}  (winprep CLI ${(time / cli).toFixed(2)}× faster, engine ${(time / inProcess).toFixed(2)}× faster)`);
    }

    const target = path.join(dir, 'SYSTEM.edit');
    await writeFile(target, bytes);
    let counter = 0;
    const edit = await best(async () => {
      const opened = Hive.parse(await readFile(target));
      opened.setValue('ControlSet001\\Control\\ComputerName\\ComputerName', {name: 'ComputerName', type: RegType.SZ, data: Buffer.from(`BENCH-${counter++}\0`, 'utf16le')});
      await writeFileAtomic(target, opened.serialize());
    });
    lines.push(`  open + set one value + save (atomic):      ${ms(edit)}`);
    return lines;
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}
