/**
 * Folder commits are all-or-nothing: a crash after any step, or a SIGKILL at a random moment, leaves the
 * folder exactly as before or exactly as after once recovered (hashes of every file).
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {promises as fs} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {type FileChange, openImage, recoverImage} from '../../src/image/index.js';
import {planFolderCommit, recoverFolder} from '../../src/image/folder-journal.js';
import {changeSet} from './fixtures/change-set.js';
import {hashTree, makeFolderImage, tempDir} from './helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The expected "after" state: the same change applied by a commit that completes. */
async function statesFor(dir: string): Promise<{before: string; after: string}> {
  const folder = await makeFolderImage(path.join(dir, 'reference'));
  const before = JSON.stringify(await hashTree(folder));
  const image = await openImage(folder);
  for (const change of changeSet()) {
    if (change.data) image.writeFile(change.path, change.data);
    else image.deleteFile(change.path);
  }
  await image.commit();
  const after = JSON.stringify(await hashTree(folder));
  assert.notEqual(before, after);
  return {before, after};
}

async function stagedChanges(folder: string): Promise<FileChange[]> {
  const image = await openImage(folder);
  for (const change of changeSet()) {
    if (change.data) image.writeFile(change.path, change.data);
    else image.deleteFile(change.path);
  }
  const changes = await image.changes();
  await image.discard();
  return changes;
}

describe('image/folder journal', function () {
  let dir: string;
  let states: {before: string; after: string};
  before(async () => {
    dir = await tempDir('journal');
    states = await statesFor(dir);
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('a crash after any step recovers to exactly before or exactly after', async () => {
    const probe = await makeFolderImage(path.join(dir, 'probe'));
    const total = (await planFolderCommit(probe, await stagedChanges(probe))).steps.length;
    const outcomes: string[] = [];
    for (let done = 0; done <= total; done++) {
      const folder = await makeFolderImage(path.join(dir, `crash-${done}`));
      const plan = await planFolderCommit(folder, await stagedChanges(folder));
      for (const step of plan.steps.slice(0, done)) await step.run();
      const outcome = await recoverFolder(folder);
      const state = JSON.stringify(await hashTree(folder));
      assert.ok(state === states.before || state === states.after, `after ${done} steps (${outcome}) the folder is neither before nor after`);
      outcomes.push(state === states.before ? 'B' : 'A');
      await assert.rejects(fs.stat(path.join(folder, '.winprep-journal')));
    }
    // Before the commit point it rolls back, from it on forward: one switch from B to A.
    assert.match(outcomes.join(''), /^B+A+$/);
  });

  it('opening a folder finishes an interrupted commit first', async () => {
    const folder = await makeFolderImage(path.join(dir, 'reopen'));
    const plan = await planFolderCommit(folder, await stagedChanges(folder));
    const commitPoint = plan.steps.findIndex((step) => step.name === 'write journal (commit)');
    for (const step of plan.steps.slice(0, commitPoint + 2)) await step.run();
    const image = await openImage(folder, {readOnly: true});
    assert.deepEqual(await image.readFile('Windows/New/two.bin'), changeSet().find((c) => c.path === 'Windows/New/two.bin')!.data);
    await image.discard();
    assert.equal(JSON.stringify(await hashTree(folder)), states.after);
  });

  it('SIGKILL at random moments during a commit: always exactly before or after (25 runs)', async function () {
    this.timeout(600_000);
    const command = await childCommand(dir);
    const runChild = (folder: string, killAfterMs?: number) =>
      new Promise<{done: boolean; ms?: number}>((resolve, reject) => {
        const proc = spawn(process.execPath, [...command, folder], {stdio: ['ignore', 'pipe', 'pipe']});
        let out = '';
        let err = '';
        proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
        proc.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (killAfterMs !== undefined && out.startsWith('ready\n') && !proc.killed) {
            setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
            killAfterMs = undefined;
          }
        });
        proc.on('error', reject);
        proc.on('close', (code, signal) => {
          const done = /done (\d+)/.exec(out);
          if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`child failed (${code}): ${err}`));
          else resolve({done: Boolean(done), ms: done ? Number(done[1]) : undefined});
        });
      });
    // Calibrate: how long an uninterrupted commit takes here, so kills spread over it.
    const calibration = await runChild(await makeFolderImage(path.join(dir, 'kill-calibrate')));
    assert.ok(calibration.done);
    const window = Math.max(5, (calibration.ms ?? 5) * 1.3);
    const seen = {before: 0, after: 0};
    for (let run = 0; run < 25; run++) {
      const folder = await makeFolderImage(path.join(dir, `kill-${run}`));
      // Spread the kills evenly over the window (with jitter), so every phase of the commit is hit.
      const delay = Math.floor(((run + Math.random()) / 25) * window);
      await runChild(folder, delay);
      await recoverImage(folder);
      const state = JSON.stringify(await hashTree(folder));
      assert.ok(state === states.before || state === states.after, `run ${run} (killed after ${delay} ms): neither before nor after`);
      seen[state === states.before ? 'before' : 'after']++;
    }
    console.log(`      kill test: ${seen.before} before, ${seen.after} after (commit ~${calibration.ms} ms)`);
  });
});

/**
 * How to start the child: bundled once with esbuild (tsx's own compiler, already installed) so each of
 * the 25 starts is a plain `node` start; through tsx when esbuild cannot be loaded.
 */
async function childCommand(dir: string): Promise<string[]> {
  const source = path.join(here, 'fixtures', 'commit-child.ts');
  try {
    const esbuild = await import('esbuild');
    const outfile = path.join(dir, 'commit-child.mjs');
    await esbuild.build({entryPoints: [source], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'silent',
      banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"}});
    return [outfile];
  } catch {
    return ['--import', 'tsx', source];
  }
}
