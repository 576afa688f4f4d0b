/** One writer per image: a second writer gets exit 5 naming the holder; stale locks are taken over. */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {lockPathFor, openImage, readLockHolder} from '../../src/image/index.js';
import {makeFolderImage, tarFolder, tempDir} from './helpers.js';

const isBusy = (e: unknown): boolean => e instanceof WinprepError && e.exitCode === 5;

describe('image/lock', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('lock');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('a second writer on a folder gets exit 5 with pid, host and time; readers are not blocked', async () => {
    const folder = await makeFolderImage(path.join(dir, 'folder'));
    const first = await openImage(folder);
    const holder = await readLockHolder(path.join(folder, '.winprep.lock'));
    assert.equal(holder?.pid, process.pid);
    await assert.rejects(openImage(folder), (e: unknown) => {
      assert.ok(isBusy(e));
      const message = (e as Error).message;
      assert.ok(message.includes(`pid ${process.pid}`) && message.includes(os.hostname()) && message.includes(holder!.time), message);
      return true;
    });
    const reader = await openImage(folder, {readOnly: true});
    assert.ok(await reader.exists('Windows/System32/config/SYSTEM'));
    assert.equal(await reader.exists('.winprep.lock'), false, 'the lock is not part of the image');
    await reader.discard();
    first.writeFile('Windows/a.txt', Buffer.from('a'));
    await first.commit();
    await assert.rejects(fs.stat(path.join(folder, '.winprep.lock')), 'commit releases the lock');
    await (await openImage(folder)).discard();
  });

  it('an archive is locked by <archive>.winprep.lock beside it', async () => {
    const archive = tarFolder(await makeFolderImage(path.join(dir, 'tar-src')), path.join(dir, 'image.tar'));
    const first = await openImage(archive);
    assert.equal(lockPathFor(archive, 'tar'), `${archive}.winprep.lock`);
    await fs.stat(`${archive}.winprep.lock`);
    await assert.rejects(openImage(archive), isBusy);
    await first.discard();
    await assert.rejects(fs.stat(`${archive}.winprep.lock`));
  });

  it('a lock left by a dead process of this host is taken over', async () => {
    const folder = await makeFolderImage(path.join(dir, 'stale'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'});
    const lock = path.join(folder, '.winprep.lock');
    await fs.writeFile(lock, JSON.stringify({pid: Number(dead.stdout), host: os.hostname(), time: '2020-01-01T00:00:00.000Z'}));
    const image = await openImage(folder);
    assert.equal((await readLockHolder(lock))?.pid, process.pid);
    await image.discard();
  });

  it('of several writers racing for one image exactly one wins; the others get exit 5', async () => {
    const folder = await makeFolderImage(path.join(dir, 'race'));
    const results = await Promise.allSettled(Array.from({length: 6}, () => openImage(folder)));
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    assert.ok(results.every((r) => r.status === 'fulfilled' || isBusy(r.reason)));
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof openImage>>>).value.discard();
  });

  it('a lock held on another host is never taken over', async () => {
    const folder = await makeFolderImage(path.join(dir, 'remote'));
    await fs.writeFile(path.join(folder, '.winprep.lock'), JSON.stringify({pid: 1, host: 'build-07.example', time: '2024-05-01T10:00:00.000Z'}));
    await assert.rejects(openImage(folder), (e: unknown) => isBusy(e) && /pid 1 on build-07\.example since 2024-05-01T10:00:00\.000Z/.test((e as Error).message));
  });
});
