/**
 * Disk images through libguestfs. The disks are built here by guestfish itself (one appliance for all of
 * them), not by winprep, and every result is read back with independent tools: guestfish + hivexget and
 * `qemu-img check`. Few, broad tests: each winprep run starts an appliance (~20 s under TCG).
 */
import {strict as assert} from 'node:assert';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {runCli} from '../../helpers/cli.js';
import {downloadHives, hiveValue, sha256, windowsLayout} from '../../helpers/disk.js';
import {requireTools, run} from '../../helpers/tools.js';

process.env.LIBGUESTFS_BACKEND_SETTINGS ??= 'force_tcg';
const TIMEOUT = {timeoutMs: 600_000};

describe('disk images (libguestfs)', function () {
  this.timeout(1_800_000);
  let dir: string;
  const disks = {qcow2: '', vhdx: '', nowin: '', bitlocker: '', hibernated: ''};

  before(async function () {
    requireTools(this, 'guestfish', 'qemu-img', 'hivexget');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-disk-test-'));
    const sample = path.join(dir, 'sample');
    assert.equal(runCli(['sample', 'create', sample, '--os', 'win10-pro', '--state', 'captured-without-sysprep', '--format', 'folder']).status, 0);
    const tarball = path.join(dir, 'sample.tar');
    assert.equal(run('tar', ['-C', sample, '-cf', tarball, '.']).status, 0);
    for (const name of Object.keys(disks) as (keyof typeof disks)[]) {
      disks[name] = path.join(dir, `${name}.qcow2`);
      assert.equal(run('qemu-img', ['create', '-q', '-f', 'qcow2', disks[name], name === 'bitlocker' ? '64M' : '1G']).status, 0);
    }
    const hiber = path.join(dir, 'hiberfil.sys');
    await fs.writeFile(hiber, Buffer.concat([Buffer.from('HIBR'), Buffer.alloc(4092)]));
    // One appliance builds every disk: sda Windows, sdb NTFS without Windows, sdc BitLocker-looking, sdd hibernated Windows.
    const script = [
      'run',
      ...windowsLayout('/dev/sda', tarball),
      'part-disk /dev/sdb gpt',
      'mkfs ntfs /dev/sdb1',
      'part-disk /dev/sdc mbr',
      'pwrite-device /dev/sdc1 "-FVE-FS-" 3',
      ...windowsLayout('/dev/sdd', tarball, [`upload ${hiber} /hiberfil.sys`]),
    ];
    const args = [disks.qcow2, disks.nowin, disks.bitlocker, disks.hibernated].flatMap((d) => ['--format=qcow2', '-a', d]);
    const built = run('guestfish', args, `${script.join('\n')}\n`);
    assert.equal(built.status, 0, `guestfish could not build the disks: ${built.stderr}`);
    disks.vhdx = path.join(dir, 'disk.vhdx');
    assert.equal(run('qemu-img', ['convert', '-O', 'vhdx', disks.qcow2, disks.vhdx]).status, 0);
  });

  after(async () => {
    if (dir) await fs.rm(dir, {recursive: true, force: true});
  });

  it('generalize resets the identities on a qcow2 and a VHDX; guestfish + hivexget read the result; qemu-img check is clean; nothing is left beside the disk', async () => {
    const sampleSoftware = path.join(dir, 'sample', 'Windows', 'System32', 'config', 'SOFTWARE');
    assert.ok(hiveValue(sampleSoftware, 'Microsoft\\Cryptography', 'MachineGuid').found, 'the disks were built holding a MachineGuid');
    for (const disk of [disks.qcow2, disks.vhdx]) {
      // The starter profile's operations: the sample was never generalized, so machine-guid and reseal (opt-in) apply.
      const result = runCli(['image', 'generalize', disk, '--operations', 'defaults,+reseal,+machine-guid,+dhcpv6-duid'], TIMEOUT);
      assert.equal(result.status, 0, `generalize ${disk}: ${result.stderr}`);
      assert.equal(run('qemu-img', ['check', disk]).status, 0, `qemu-img check ${disk}`);
      const {software, system} = downloadHives(disk, dir);
      assert.equal(hiveValue(software, 'Microsoft\\Cryptography', 'MachineGuid').found, false, 'MachineGuid is gone');
      assert.equal(hiveValue(software, 'Microsoft\\Windows\\CurrentVersion\\WindowsUpdate', 'SusClientId').found, false, 'SusClientId is gone');
      assert.match(hiveValue(system, 'Setup', 'CmdLine').text, /windeploy/i, 'setup is armed to run OOBE');
      const leftovers = (await fs.readdir(dir)).filter((name) => name.startsWith(`.${path.basename(disk)}.`) || name === `${path.basename(disk)}.winprep.lock`);
      assert.deepEqual(leftovers, [], 'no overlay, marker or lock beside the disk');
    }
  });

  it('bad input: one line, the documented exit code, nothing written', async () => {
    const truncated = path.join(dir, 'truncated.qcow2');
    await fs.copyFile(disks.nowin, truncated);
    await fs.truncate(truncated, Math.floor((await fs.stat(truncated)).size / 2));
    const cases: {disk: string; pattern: RegExp}[] = [
      {disk: disks.nowin, pattern: /no Windows volume/},
      {disk: disks.bitlocker, pattern: /BitLocker/},
      {disk: disks.hibernated, pattern: /hibernated|Fast Startup/},
      {disk: truncated, pattern: /damaged|cannot be read|qemu-img/},
    ];
    for (const {disk, pattern} of cases) {
      const hash = await sha256(disk);
      // The starter profile's operations: the sample was never generalized, so machine-guid and reseal (opt-in) apply.
      const result = runCli(['image', 'generalize', disk, '--operations', 'defaults,+reseal,+machine-guid,+dhcpv6-duid'], TIMEOUT);
      assert.equal(result.status, 3, `${disk}: exit ${result.status}: ${result.stderr}`);
      // One `winprep: <disk>: …` line and an optional `hint:` line; listr progress lines aside.
      const lines = result.stderr.split('\n').filter((line) => line.trim() !== '' && !/^\s*[❯✔✖↓→›◼]/u.test(line));
      assert.ok(lines.length >= 1 && lines.length <= 2 && lines[0]!.startsWith('winprep: '), `${disk}: one line, got:\n${result.stderr}`);
      if (lines[1] !== undefined) assert.match(lines[1], /^hint: /);
      assert.match(result.stderr, pattern);
      assert.ok(result.stderr.includes(disk), 'the message names the disk');
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(await sha256(disk), hash, `${disk} is unchanged`);
      assert.deepEqual((await fs.readdir(dir)).filter((n) => n.includes('winprep')), [], 'nothing left beside the disk');
    }
  });
});
