/**
 * Disk images that winprep must refuse to write, or can only write when told which volume: a dirty NTFS
 * (chkdsk scheduled), a streamOptimized VMDK (the read-only disk of an OVA), and a disk with two Windows
 * volumes (`--partition`). The disks are built by guestfish in one appliance, results read back with
 * guestfish + hivexget. Every refusal is one line with the documented exit code, and writes nothing.
 */
import {strict as assert} from 'node:assert';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {runCli} from '../../helpers/cli.js';
import {GPT_TYPES, assertOneLineRefusal, downloadHives, hiveValue, sha256, windowsLayout} from '../../helpers/disk.js';
import {requireTools, run} from '../../helpers/tools.js';

process.env.LIBGUESTFS_BACKEND_SETTINGS ??= 'force_tcg';
const TIMEOUT = {timeoutMs: 600_000};
// The sample was never generalized: the starter profile's opt-in operations make generalize change MachineGuid.
const OPERATIONS = ['--operations', 'defaults,+reseal,+machine-guid,+dhcpv6-duid'];

/** GPT: EFI system partition, MSR, and two NTFS partitions (3 and 4) each holding the Windows tree. */
const twoWindowsLayout = (dev: string, tarball: string): string[] => [
  `part-init ${dev} gpt`,
  `part-add ${dev} p 2048 206847`,
  `part-add ${dev} p 206848 239615`,
  `part-add ${dev} p 239616 1099775`,
  `part-add ${dev} p 1099776 -2048`,
  `part-set-gpt-type ${dev} 1 ${GPT_TYPES.esp}`,
  `part-set-gpt-type ${dev} 2 ${GPT_TYPES.msr}`,
  `part-set-gpt-type ${dev} 3 ${GPT_TYPES.basic}`,
  `part-set-gpt-type ${dev} 4 ${GPT_TYPES.basic}`,
  `mkfs vfat ${dev}1`,
  `mkfs ntfs ${dev}3`,
  `mkfs ntfs ${dev}4`,
  `mount ${dev}3 /`,
  `tar-in ${tarball} /`,
  'umount-all',
  `mount ${dev}4 /`,
  `tar-in ${tarball} /`,
  'umount-all',
];

describe('disk images: dirty NTFS, streamOptimized VMDK, two Windows volumes (libguestfs)', function () {
  this.timeout(1_800_000);
  let dir: string;
  const disks = {windows: '', dirty: '', two: '', stream: ''};

  /** Nothing beside the disks but what the test made: no overlay, commit marker, lock or backup. */
  const leftovers = async (): Promise<string[]> => (await fs.readdir(dir)).filter((name) => name.includes('winprep'));

  before(async function () {
    requireTools(this, 'guestfish', 'qemu-img', 'hivexget');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-disk-volumes-'));
    const sample = path.join(dir, 'sample');
    assert.equal(runCli(['sample', 'create', sample, '--os', 'win10-pro', '--state', 'captured-without-sysprep', '--format', 'folder']).status, 0);
    const tarball = path.join(dir, 'sample.tar');
    assert.equal(run('tar', ['-C', sample, '-cf', tarball, '.']).status, 0);
    for (const name of ['windows', 'dirty', 'two'] as const) {
      disks[name] = path.join(dir, `${name}.qcow2`);
      assert.equal(run('qemu-img', ['create', '-q', '-f', 'qcow2', disks[name], '1G']).status, 0);
    }
    // ntfsresize marks the volume it resized dirty so that Windows runs chkdsk at the next boot (ntfsresize(8),
    // "Windows will run chkdsk"): the same VOLUME_IS_DIRTY flag `fsutil dirty set` and an unclean shutdown leave.
    const script = [
      'run',
      ...windowsLayout('/dev/sda', tarball),
      ...windowsLayout('/dev/sdb', tarball),
      'ntfsresize /dev/sdb3 size:600000000',
      ...twoWindowsLayout('/dev/sdc', tarball),
    ];
    const args = [disks.windows, disks.dirty, disks.two].flatMap((d) => ['--format=qcow2', '-a', d]);
    const built = run('guestfish', args, `${script.join('\n')}\n`);
    assert.equal(built.status, 0, `guestfish could not build the disks: ${built.stderr}`);
    disks.stream = path.join(dir, 'ova-disk.vmdk');
    assert.equal(run('qemu-img', ['convert', '-O', 'vmdk', '-o', 'subformat=streamOptimized', disks.windows, disks.stream]).status, 0);
  });

  after(async () => {
    if (dir) await fs.rm(dir, {recursive: true, force: true});
  });

  it('a dirty NTFS volume is refused for writing with the reason: one line, exit 3, nothing written', async () => {
    const hash = await sha256(disks.dirty);
    const result = runCli(['image', 'generalize', disks.dirty, ...OPERATIONS], TIMEOUT);
    assertOneLineRefusal(result, disks.dirty, 3, /partition 3 cannot be written: the NTFS volume is marked dirty \(chkdsk is scheduled/);
    assert.match(result.stderr, /^hint: .*chkdsk/m);
    assert.equal(await sha256(disks.dirty), hash, 'the disk is unchanged');
    assert.deepEqual(await leftovers(), []);
  });

  it('a streamOptimized VMDK is read and validated like the disk it came from; writing it is refused with how to convert', async () => {
    const fromDisk = runCli(['image', 'validate', disks.stream, '--json'], TIMEOUT);
    const fromFolder = runCli(['image', 'validate', path.join(dir, 'sample'), '--json'], TIMEOUT);
    assert.equal(fromDisk.status, 4, `validate ${disks.stream}: ${fromDisk.stderr}`);
    type Validation = {result: {kind: string; os: {editionId: string}; rules: {id: string; status: string}[]}};
    const disk = JSON.parse(fromDisk.stdout) as Validation;
    const folder = JSON.parse(fromFolder.stdout) as Validation;
    assert.equal(disk.result.kind, 'disk');
    assert.equal(disk.result.os.editionId, 'Professional');
    assert.deepEqual(
      disk.result.rules.map((r) => [r.id, r.status]),
      folder.result.rules.map((r) => [r.id, r.status]),
      'the same verdict as the folder sample the disk holds',
    );

    const hash = await sha256(disks.stream);
    const result = runCli(['image', 'generalize', disks.stream, ...OPERATIONS], TIMEOUT);
    assertOneLineRefusal(result, disks.stream, 3, /streamOptimized VMDK .* can be read but not written/);
    assert.match(result.stderr, /^hint: convert it first: qemu-img convert -O qcow2 /m);
    assert.equal(await sha256(disks.stream), hash, 'the VMDK is unchanged');
    assert.deepEqual(await leftovers(), []);
  });

  it('two Windows volumes: without --partition a usage error lists them; with it, only that volume is edited', async () => {
    const hash = await sha256(disks.two);
    const refused = runCli(['image', 'generalize', disks.two, ...OPERATIONS], TIMEOUT);
    assertOneLineRefusal(refused, disks.two, 2, /holds 2 Windows volumes \(partition 3 \(ntfs\), partition 4 \(ntfs\)\); choose one with --partition/);
    assert.equal(await sha256(disks.two), hash, 'the disk is unchanged');
    assert.deepEqual(await leftovers(), []);

    const edited = runCli(['image', 'generalize', disks.two, '--partition', '4', ...OPERATIONS], TIMEOUT);
    assert.equal(edited.status, 0, `generalize --partition 4: ${edited.stderr}`);
    assert.equal(run('qemu-img', ['check', disks.two]).status, 0, 'qemu-img check is clean');
    const four = downloadHives(disks.two, dir, '/dev/sda4');
    const three = downloadHives(disks.two, dir, '/dev/sda3');
    assert.equal(hiveValue(four.software, 'Microsoft\\Cryptography', 'MachineGuid').found, false, 'partition 4: MachineGuid is gone');
    assert.match(hiveValue(four.system, 'Setup', 'CmdLine').text, /windeploy/i, 'partition 4: setup is armed to run OOBE');
    assert.equal(hiveValue(three.software, 'Microsoft\\Cryptography', 'MachineGuid').found, true, 'partition 3 keeps its MachineGuid');
    assert.doesNotMatch(hiveValue(three.system, 'Setup', 'CmdLine').text, /windeploy/i, 'partition 3 is not armed');
    assert.deepEqual(await leftovers(), []);
  });
});
