/** Broken hives in a folder image: every command that reads them refuses with exit 3 naming the hive. */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {runCli} from '../helpers/cli.js';
import {copyImage, createSample, expectRefusal, scratch} from './helpers.js';

const SYSTEM = 'Windows/System32/config/SYSTEM';
const SECURITY = 'Windows/System32/config/SECURITY';
const NETWORK_SERVICE = 'Windows/ServiceProfiles/NetworkService/NTUSER.DAT';

describe('robustness: hives', function () {
  let dir: string;
  let sample: string;

  before(async function () {
    dir = await scratch('hives');
    sample = createSample(dir, 'sample');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  async function broken(name: string, hive: string, damage: (file: string) => Promise<void>): Promise<string> {
    const image = await copyImage(sample, path.join(dir, name));
    await damage(path.join(image, hive));
    return image;
  }

  it('a SYSTEM hive truncated mid-bin: inspect, validate and generalize say "truncated" (exit 3)', async () => {
    const image = await broken('truncated', SYSTEM, async (file) => fs.truncate(file, 10_000));
    for (const command of [['image', 'inspect'], ['image', 'validate'], ['image', 'generalize', '--dry-run']]) {
      expectRefusal([...command, image], {status: 3, file: SYSTEM, what: /truncated/});
    }
  });

  it('a zero-length SYSTEM hive is exit 3, not a crash', async () => {
    const image = await broken('empty', SYSTEM, async (file) => fs.writeFile(file, ''));
    expectRefusal(['image', 'fingerprint', image], {status: 3, file: SYSTEM, what: /0 bytes/});
  });

  it('random bytes in SECURITY and in the NetworkService hive are exit 3 naming that hive', async () => {
    const security = await broken('security', SECURITY, async (file) => fs.writeFile(file, Buffer.alloc(8192, 0x5a)));
    expectRefusal(['kms', 'client', 'set', security, '--host', 'kms1.corp.example', '--dry-run'], {status: 3, file: SECURITY, what: /regf/});
    const ns = await broken('netsvc', NETWORK_SERVICE, async (file) => fs.writeFile(file, Buffer.alloc(4096, 0xa5)));
    expectRefusal(['image', 'inspect', ns], {status: 3, file: NETWORK_SERVICE, what: /regf/});
  });

  it('SYSTEM as a symlink to /etc/passwd is not followed: not a Windows image (exit 3), /etc/passwd untouched', async () => {
    const before = await fs.readFile('/etc/passwd');
    const image = await broken('symlink', SYSTEM, async (file) => {
      await fs.rm(file);
      await fs.symlink('/etc/passwd', file);
    });
    expectRefusal(['image', 'generalize', image], {status: 3, file: path.basename(image), what: /SYSTEM is missing/});
    assert.deepEqual(await fs.readFile('/etc/passwd'), before);
    assert.equal((await fs.lstat(path.join(image, SYSTEM))).isSymbolicLink(), true, 'the link is left as it was');
  });

  it('Windows/Panther as a symlink to a folder outside the image: generalize does not follow it', async () => {
    const outside = path.join(dir, 'outside');
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, 'unattend.xml'), '<unattend/>');
    const image = await broken('panther-link', 'Windows/Panther', async (panther) => {
      await fs.rm(panther, {recursive: true});
      await fs.symlink(outside, panther);
    });
    const result = runCli(['image', 'generalize', image], {timeoutMs: 20_000});
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(await fs.readdir(outside), ['unattend.xml'], 'nothing outside the image deleted');
    assert.equal(await fs.readFile(path.join(outside, 'unattend.xml'), 'utf8'), '<unattend/>');
  });

  it('a folder where SYSTEM should be is exit 3', async () => {
    const image = await broken('folder', SYSTEM, async (file) => {
      await fs.rm(file);
      await fs.mkdir(file);
    });
    expectRefusal(['image', 'validate', image], {status: 3, file: path.basename(image), what: /SYSTEM is missing/});
  });

  it('a missing SAM or NetworkService hive is not an error: inspect still reports (exit 0)', async () => {
    const image = await broken('nosam', 'Windows/System32/config/SAM', async (file) => fs.rm(file));
    await fs.rm(path.join(image, NETWORK_SERVICE));
    const result = runCli(['image', 'inspect', image, '--json'], {timeoutMs: 20_000});
    assert.equal(result.status, 0, result.stderr);
  });
});
