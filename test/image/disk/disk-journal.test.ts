/**
 * The disk commit is all-or-nothing under SIGKILL. Design (affordable: no appliance): what the appliance does
 * before the commit point only writes the overlay, never the disk, so the risky window is the merge. Here the
 * overlay is created by our createOverlay and filled by qemu-io (qemu's own tool) with 48 MiB of "after"
 * bytes over a disk of "before" bytes; a child process runs commitOverlay (marker, qemu-img commit, fsync,
 * cleanup) and is killed with SIGKILL at a random moment of it, 10 trials spread over the whole phase. Then
 * recoverDisk (what the next open runs) must leave the region entirely before (killed before the marker)
 * or entirely after (killed after it), `qemu-img check` clean and nothing beside the disk.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {createOverlay, recoverDisk} from '../../../src/image/disk/overlay-journal.js';
import {projectRoot} from '../../helpers/cli.js';
import {requireTools, run} from '../../helpers/tools.js';

const REGION = 48 * 1024 * 1024;
const journalJs = path.join(projectRoot, 'dist', 'src', 'image', 'disk', 'overlay-journal.js');

/** qemu-io reads the whole region and compares it with one byte pattern. */
function holds(disk: string, pattern: number): boolean {
  const read = run('qemu-io', ['-f', 'qcow2', '-r', '-c', `read -P ${pattern} 0 ${REGION}`, disk]);
  return read.status === 0 && /^read \d+\/\d+ bytes/m.test(read.stdout) && !/Pattern verification failed/.test(read.stdout + read.stderr);
}

function commitInChild(disk: string, killAfterMs?: number): Promise<{ms: number; killed: boolean}> {
  return new Promise((resolve) => {
    const script = `import(${JSON.stringify(journalJs)}).then((m) => { process.stdout.write('ready\\n'); return m.commitOverlay(${JSON.stringify(disk)}, 'qcow2'); })`;
    const child = spawn(process.execPath, ['-e', script], {stdio: ['ignore', 'pipe', 'inherit']});
    let started = 0;
    child.stdout.on('data', () => {
      if (started) return;
      started = Date.now();
      if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('close', (_code, signal) => resolve({ms: Date.now() - started, killed: signal === 'SIGKILL'}));
  });
}

describe('disk commit journal (SIGKILL during the merge)', function () {
  this.timeout(600_000);
  let dir: string;

  before(async function () {
    requireTools(this, 'qemu-img', 'qemu-io');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-disk-journal-'));
  });
  after(async () => {
    if (dir) await fs.rm(dir, {recursive: true, force: true});
  });

  async function freshPair(name: string): Promise<string> {
    const disk = path.join(dir, name);
    assert.equal(run('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '128M']).status, 0);
    assert.equal(run('qemu-io', ['-f', 'qcow2', '-c', `write -P 0x11 0 ${REGION}`, disk]).status, 0);
    const overlay = await createOverlay(disk, 'qcow2');
    assert.equal(run('qemu-io', ['-f', 'qcow2', '-c', `write -P 0x22 0 ${REGION}`, overlay]).status, 0);
    return disk;
  }

  it('10 random kills: after recovery the disk is entirely before or after, qemu-img check clean, nothing left beside it', async () => {
    const reference = await freshPair('reference.qcow2');
    const {ms} = await commitInChild(reference);
    assert.ok(holds(reference, 0x22), 'an uninterrupted commit gives the after state');
    const outcomes = {before: 0, after: 0};
    for (let trial = 0; trial < 10; trial++) {
      const disk = await freshPair(`trial-${trial}.qcow2`);
      // Spread over the whole phase, a little past its usual end (a slower run).
      await commitInChild(disk, Math.floor(Math.random() * ms * 1.2));
      await recoverDisk(disk);
      const before = holds(disk, 0x11);
      const after = holds(disk, 0x22);
      assert.ok(before !== after, `trial ${trial}: the region is entirely before or entirely after`);
      outcomes[before ? 'before' : 'after']++;
      assert.equal(run('qemu-img', ['check', '-q', disk]).status, 0, `trial ${trial}: qemu-img check`);
      assert.deepEqual((await fs.readdir(dir)).filter((n) => n.startsWith(`.${path.basename(disk)}.`)), [], `trial ${trial}: no overlay or marker left`);
      await fs.rm(disk);
    }
    assert.equal(outcomes.before + outcomes.after, 10);
  });
});
