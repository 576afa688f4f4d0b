/** hive(): logs are read beside the hive, edits are staged at changes(), and old logs are emptied. */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {openImage, recoverImage} from '../../src/image/index.js';
import {RegType} from '../../src/registry/types.js';
import {SAMPLE_FILES, makeFolderImage, sz, tarFolder, tempDir} from './helpers.js';

/** A new-format (type 6) log whose sequence number is ahead of the hive: the hive is dirty. */
function newerLog(): Buffer {
  const log = Buffer.alloc(1024);
  log.write('regf', 0, 'latin1');
  log.writeUInt32LE(999, 4);
  log.writeUInt32LE(999, 8);
  log.writeUInt32LE(6, 28);
  log.write('HvLE', 512, 'latin1');
  return log;
}

const COMPUTER_NAME = 'ControlSet001\\Control\\ComputerName\\ComputerName';

describe('image/hive', () => {
  let dir: string;
  before(async () => {
    dir = await tempDir('hive');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('a modified hive is staged serialized, its leftover logs emptied; the cache returns one object', async () => {
    const folder = await makeFolderImage(path.join(dir, 'logs'), {...SAMPLE_FILES, 'Windows/System32/config/SYSTEM.LOG1': () => Buffer.from('stale log bytes')});
    const image = await openImage(folder);
    const system = (await image.hive('windows/system32/config/system'))!;
    assert.equal(system, await image.hive('Windows/System32/config/SYSTEM'));
    assert.equal(system.dirty, false);
    assert.deepEqual(await image.changes(), [], 'reading changes nothing');
    system.setValue(COMPUTER_NAME, {name: 'ComputerName', type: RegType.SZ, data: sz('NEW-PC')});
    const changes = await image.changes();
    assert.deepEqual(
      changes.map((c) => [c.path, c.after?.length]),
      [
        ['Windows/System32/config/SYSTEM', system.serialize().length],
        ['Windows/System32/config/SYSTEM.LOG1', 0],
      ],
    );
    await image.commit();
    const again = await openImage(folder, {readOnly: true});
    const reread = await again.hive('Windows/System32/config/SYSTEM');
    assert.equal(reread?.getValue(COMPUTER_NAME, 'ComputerName')?.data.toString('utf16le'), 'NEW-PC\0');
    await again.discard();
  });

  it('transaction logs reach the engine: a newer log makes the hive dirty, writes need forceDirty', async () => {
    const files = {...SAMPLE_FILES, 'Windows/System32/config/SYSTEM.LOG2': newerLog};
    const archive = tarFolder(await makeFolderImage(path.join(dir, 'dirty'), files), path.join(dir, 'dirty.tar'));
    const image = await openImage(archive);
    const system = (await image.hive('Windows/System32/config/SYSTEM'))!;
    assert.equal(system.dirty, true);
    assert.throws(() => system.setValue(COMPUTER_NAME, {name: 'X', type: RegType.SZ, data: sz('x')}), (e: unknown) => e instanceof WinprepError && e.exitCode === 3 && e.code === 'HIVE_DIRTY');
    await image.discard();
    const forced = await openImage(archive, {forceDirty: true});
    (await forced.hive('Windows/System32/config/SYSTEM'))!.setValue(COMPUTER_NAME, {name: 'X', type: RegType.SZ, data: sz('x')});
    assert.equal((await forced.changes()).length, 2);
    await forced.discard();
  });

  it('recoverImage removes the temp sibling a killed archive commit left', async () => {
    const archive = tarFolder(await makeFolderImage(path.join(dir, 'tmp-src')), path.join(dir, 'left.tar'));
    const leftover = path.join(dir, '.left.tar.0123456789.winprep-new');
    await fs.writeFile(leftover, 'partial');
    assert.equal(await recoverImage(archive), 'rolled-back');
    await assert.rejects(fs.stat(leftover));
    assert.equal(await recoverImage(archive), 'clean');
  });
});
