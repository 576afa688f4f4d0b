/** Progress of long commits: bytes done, percent, rate and time left; updates thinned out; phases always shown. */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {commitProgressReporter, formatBytes, formatCommitProgress} from '../../src/image/commit-progress.js';
import {openImage} from '../../src/image/index.js';
import type {CommitProgress} from '../../src/image/types.js';
import {requireTools} from '../helpers/tools.js';
import {makeFolderImage, sh, tempDir} from './helpers.js';

describe('commit progress text', () => {
  it('shows bytes done of the total, percent, rate and time left', () => {
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(419_430_400), '419.4 MB');
    assert.equal(formatCommitProgress({phase: 'write', done: 100_000_000, total: 400_000_000}, 2000), 'write 100.0 MB of 400.0 MB (25%), 50.0 MB/s, 0:06 left');
    // No rate from the first instants of a phase (it would be noise).
    assert.equal(formatCommitProgress({phase: 'verify', done: 4_000_000, total: 400_000_000}, 10), 'verify 4.0 MB of 400.0 MB (1%)');
    assert.equal(formatCommitProgress({phase: 'write', done: 8_000_000_000, total: 8_000_000_000}, 3_700_000), 'write 8.0 GB of 8.0 GB (100%), 2.2 MB/s');
  });

  it('reports each phase start and end, and otherwise at most once per interval', () => {
    let time = 0;
    const lines: string[] = [];
    const onProgress = commitProgressReporter((line) => lines.push(line), 200, () => time);
    const step = (phase: CommitProgress['phase'], done: number, at: number) => {
      time = at;
      onProgress({phase, done, total: 1000});
    };
    step('write', 10, 0);
    step('write', 20, 50);
    step('write', 30, 100);
    step('write', 500, 250);
    step('write', 1000, 260);
    step('verify', 10, 300);
    step('verify', 1000, 310);
    assert.deepEqual(
      lines.map((line) => line.split(' (')[0]),
      ['write 10 B of 1.0 KB', 'write 500 B of 1.0 KB', 'write 1.0 KB of 1.0 KB', 'verify 10 B of 1.0 KB', 'verify 1.0 KB of 1.0 KB'],
    );
  });

  it('an archive commit reports its write and verify phases up to the whole archive', async function () {
    requireTools(this, 'tar');
    const dir = await tempDir('progress');
    try {
      await makeFolderImage(path.join(dir, 'ref'));
      const archive = path.join(dir, 'ref.tar');
      sh('tar', ['-cf', archive, '-C', path.join(dir, 'ref'), '.']);
      const {size} = await fs.stat(archive);
      const seen: CommitProgress[] = [];
      const image = await openImage(archive);
      image.writeFile('Windows/Setup/note.txt', Buffer.from('x'));
      await image.commit({onProgress: (progress) => seen.push(progress)});
      const last = (phase: string) => seen.filter((p) => p.phase === phase).at(-1);
      assert.equal(last('write')?.done, last('write')?.total);
      assert.equal(last('write')?.total, size);
      const verified = last('verify');
      assert.equal(verified?.done, verified?.total);
      assert.equal(verified?.total, (await fs.stat(archive)).size);
      assert.ok(seen.findIndex((p) => p.phase === 'verify') > seen.findLastIndex((p) => p.phase === 'write'), 'verify follows write');
    } finally {
      await fs.rm(dir, {recursive: true, force: true});
    }
  });
});
