/**
 * Disks for the libguestfs tests, built by guestfish itself (not by winprep's sample builder), and the
 * independent read-back: guestfish downloads the hives, hivexget reads them.
 */
import {strict as assert} from 'node:assert';
import {createHash} from 'node:crypto';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import type {CliResult} from './cli.js';
import {run} from './tools.js';

/** GPT partition type GUIDs (UEFI spec; Microsoft Learn "PARTITION_INFORMATION_GPT"). */
export const GPT_TYPES = {esp: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B', msr: 'E3C9E316-0B5C-4DB8-817D-F92DF00215AE', basic: 'EBD0A0A2-B9E5-4433-87C0-68B6B72699C7'};

/** GPT: EFI system partition (FAT32), MSR, NTFS Windows partition 3 (guestfish script lines for one drive). */
export const windowsLayout = (dev: string, tarball: string, extra: string[] = []): string[] => [
  `part-init ${dev} gpt`,
  `part-add ${dev} p 2048 206847`,
  `part-add ${dev} p 206848 239615`,
  `part-add ${dev} p 239616 -2048`,
  `part-set-gpt-type ${dev} 1 ${GPT_TYPES.esp}`,
  `part-set-gpt-type ${dev} 2 ${GPT_TYPES.msr}`,
  `part-set-gpt-type ${dev} 3 ${GPT_TYPES.basic}`,
  `mkfs vfat ${dev}1`,
  `mkfs ntfs ${dev}3`,
  `mount ${dev}3 /`,
  `tar-in ${tarball} /`,
  ...extra,
  'umount-all',
];

export const sha256 = async (file: string): Promise<string> => createHash('sha256').update(await fs.readFile(file)).digest('hex');

/** SOFTWARE and SYSTEM of one partition, downloaded by guestfish in one appliance run. */
export function downloadHives(disk: string, dir: string, device = '/dev/sda3'): {software: string; system: string} {
  const stem = path.join(dir, `${path.basename(disk)}-${path.basename(device)}`);
  const software = `${stem}-SOFTWARE`;
  const system = `${stem}-SYSTEM`;
  const got = run('guestfish', ['--ro', '-a', disk, '-m', device, 'download', '/Windows/System32/config/SOFTWARE', software, ':', 'download', '/Windows/System32/config/SYSTEM', system]);
  assert.equal(got.status, 0, `guestfish cannot read the hives back from ${disk}: ${got.stderr}`);
  return {software, system};
}

export function hiveValue(hive: string, key: string, value: string): {found: boolean; text: string} {
  const read = run('hivexget', [hive, key, value]);
  return {found: read.status === 0, text: read.stdout.trim()};
}

/** A refusal: the exit code, one `winprep: <disk>: …` line (and an optional `hint:` line), listr progress aside, no stack. */
export function assertOneLineRefusal(result: CliResult, disk: string, status: number, pattern: RegExp): void {
  assert.equal(result.status, status, `${disk}: exit ${result.status}: ${result.stderr}`);
  const lines = result.stderr.split('\n').filter((line) => line.trim() !== '' && !/^\s*[❯✔✖↓→›◼]/u.test(line));
  assert.ok(lines.length >= 1 && lines.length <= 2 && lines[0]!.startsWith('winprep: '), `${disk}: one line, got:\n${result.stderr}`);
  if (lines[1] !== undefined) assert.match(lines[1], /^hint: /);
  assert.match(lines[0]!, pattern);
  assert.ok(lines[0]!.includes(disk), 'the message names the disk');
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}
