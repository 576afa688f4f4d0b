/**
 * Stop signals at the worst moments, each caught exactly (src/cli/base-command.ts, src/fs/stop-deferral.ts): the
 * CLI is paused with SIGSTOP the moment a file of interest appears, so the signal lands there without any timing
 * guess. While a tar commit writes its temp copy: the archive byte for byte as before and nothing left beside it
 * (regression: the full-size temp and the lock stayed). As the lock appears: no lock left (regression under load).
 * As a folder commit's journal appears: the commit is finished first, so the folder is complete.
 */
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {spawnSync} from 'node:child_process';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {projectRoot} from '../helpers/cli.js';
import {createSample, scratch, stopWhenAppears} from './helpers.js';

/** A tar of a sample folder with incompressible bulk, so that its rewrite takes long enough to be caught writing. */
async function bulkyTar(dir: string, bulkBytes: number): Promise<string> {
  const folder = createSample(dir, 'folder');
  if (bulkBytes > 0) await fs.writeFile(path.join(folder, 'Windows', 'bulk.bin'), randomBytes(bulkBytes));
  const archive = path.join(dir, 'image.tar');
  assert.equal(spawnSync('tar', ['-cf', archive, '-C', folder, 'Windows']).status, 0);
  await fs.rm(folder, {recursive: true, force: true});
  return archive;
}

const isTemp = (name: string): boolean => name.endsWith('.winprep-new');

describe('robustness: stop signals during a tar commit', function () {
  let dir: string;
  before(async function () {
    dir = await scratch('signals');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  const kmsSet = (archive: string): string[] => ['kms', 'client', 'set', archive, '--host', 'kms9.corp.example'];
  const generalize = (archive: string): string[] => ['image', 'generalize', archive];
  for (const [signal, code, argsFor, line] of [
    ['SIGINT', 130, kmsSet, 'interrupted'],
    ['SIGTERM', 143, generalize, 'stopped by SIGTERM'],
    ['SIGHUP', 129, generalize, 'stopped by SIGHUP'],
  ] as const) {
    it(`${signal} mid-commit: one line, exit ${code}, archive unchanged, no temp or lock left`, async () => {
      const sub = path.join(dir, signal);
      await fs.mkdir(sub);
      const archive = await bulkyTar(sub, 48 * 1024 * 1024);
      const before = await fs.readFile(archive);
      const run = await stopWhenAppears(sub, argsFor(archive), isTemp, signal);
      assert.equal(run.status, code, `exit code\n${run.stderr}`);
      assert.match(run.stderr, new RegExp(`^winprep: ${line}; the image was left as it was$`, 'm'));
      assert.ok((await fs.readFile(archive)).equals(before), 'the archive is byte for byte as before');
      assert.deepEqual((await fs.readdir(sub)).sort(), ['image.tar'], 'no temp copy or lock file beside it');
    });
  }

  it('SIGTERM the moment the lock file appears, 5 times: no lock left, the image unchanged', async () => {
    const sub = path.join(dir, 'lock');
    await fs.mkdir(sub);
    const archive = await bulkyTar(sub, 0);
    const before = await fs.readFile(archive);
    for (let trial = 0; trial < 5; trial++) {
      const run = await stopWhenAppears(sub, ['image', 'generalize', archive], (name) => name.endsWith('.winprep.lock'), 'SIGTERM');
      assert.equal(run.status, 143, `trial ${trial}: exit code\n${run.stderr}`);
      assert.ok((await fs.readFile(archive)).equals(before), `trial ${trial}: the archive is byte for byte as before`);
      assert.deepEqual((await fs.readdir(sub)).sort(), ['image.tar'], `trial ${trial}: no lock file or temp beside it`);
    }
  });
});

describe('robustness: a stop signal during a folder commit waits for the commit', function () {
  let dir: string;
  before(async function () {
    dir = await scratch('sigterm-folder');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  // The commit renames many files under a journal; stopped half way, the folder would stay half changed until the
  // next winprep open recovered it. The stop now waits for the last rename (src/fs/stop-deferral.ts).
  it('SIGTERM as the journal appears: exit 143, the folder complete, the same facts as an uninterrupted run', async () => {
    const stopped = createSample(dir, 'stopped');
    const reference = createSample(dir, 'reference');
    const run = await stopWhenAppears(stopped, ['image', 'generalize', stopped], (name) => name === '.winprep-journal', 'SIGTERM');
    assert.ok(run.caught, 'the run was caught as its journal appeared');
    assert.equal(run.status, 143, `exit code\n${run.stderr}`);
    assert.match(run.stderr, /^winprep: stopped by SIGTERM once the commit under way had finished: the image holds every change of this run$/m);
    const left = await fs.readdir(stopped);
    assert.equal(left.includes('.winprep-journal') || left.includes('.winprep.lock'), false, `no journal or lock left: ${left.join(', ')}`);
    assert.equal(spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'run.js'), 'image', 'generalize', reference]).status, 0);
    const facts = (image: string): unknown => {
      const inspected = spawnSync(process.execPath, [path.join(projectRoot, 'bin', 'run.js'), 'image', 'inspect', image, '--json'], {encoding: 'utf8'});
      const {path: _path, ...rest} = (JSON.parse(inspected.stdout) as {result: {path: string}}).result;
      return rest;
    };
    assert.deepEqual(facts(stopped), facts(reference), 'the stopped run left the image exactly as a finished one');
  });
});
