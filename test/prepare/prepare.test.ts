/**
 * prepareImage (src/prepare/prepare.ts) called as a library on real samples: the sysprepped image with the
 * mistakes build pipelines ship, and fixtures/profiles/kms-client.json. A dry run and a prepare whose validation
 * fails write nothing (every file hashed before and after); a passing one commits; the profile's image.backup
 * and image.index reach the image.
 */
import assert from 'node:assert/strict';
import {existsSync, promises as fs} from 'node:fs';
import path from 'node:path';

import {WinprepError, isWinprepError} from '../../src/errors.js';
import {FOLDER_LOCK_NAME} from '../../src/image/lock.js';
import {prepareImage} from '../../src/prepare/prepare.js';
import {runSequentially, type StepRunner} from '../../src/workflow/steps.js';
import {projectRoot} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';
import {snapshotTree} from '../helpers/tree-snapshot.js';
import {copySample, sample, sampleRoot} from '../fixtures/samples.js';

const CLIENT_PROFILE = path.join(projectRoot, 'fixtures', 'profiles', 'kms-client.json');

async function writeProfile(name: string, profile: object): Promise<string> {
  const file = path.join(await sampleRoot(), `prepare-unit-${name}-${process.pid}.json`);
  await fs.writeFile(file, JSON.stringify(profile));
  return file;
}

/** The kms-client profile with a validation no Windows 11 image passes: WDS does not deploy Windows 11. */
const failingProfile = (): Promise<string> =>
  writeProfile('wds', {generalize: {operations: ['defaults']}, kms: {client: {host: 'kms01.corp.example', key: 'auto'}}, validate: {target: 'wds'}});

describe('prepare/prepareImage', function () {
  this.timeout(180_000);

  it('dry run with kms-client.json on a sysprepped image with mistakes: fit, changes staged and listed, nothing written', async () => {
    const image = await copySample('win10-pro', 'sysprepped-with-mistakes', 'prepare-unit-dry');
    const before = await snapshotTree(image);
    const titles: string[] = [];
    const runner: StepRunner = (steps, ctx) => runSequentially(steps.map((s) => ({...s, run: (c: typeof ctx, r: Parameters<typeof s.run>[1]) => (titles.push(s.title), s.run(c, r))})), ctx);
    const result = await prepareImage(image, {profile: CLIENT_PROFILE, dryRun: true}, runner);
    assert.equal(result.dryRun, true);
    assert.equal(result.fit, true, JSON.stringify(result.validation.counts));
    assert.equal(result.committed, false);
    assert.equal(result.notCommittedBecause, 'dry run');
    assert.equal(result.role, 'client');
    assert.equal(result.profile, CLIENT_PROFILE);
    assert.ok(result.files.length > 0, 'the mistakes were staged for fixing');
    assert.ok(result.files.some((f) => f.path === 'Windows/System32/config/SOFTWARE' && f.action === 'replace'));
    assert.ok(result.generalize?.operations.some((o) => o.status === 'changed'));
    assert.ok(result.kmsClient, 'the KMS client stage ran');
    assert.ok(!('edits' in result.kmsClient), 'the raw edits stay inside the library');
    assert.deepEqual(result.backups, []);
    assert.deepEqual(titles.slice(2, -1), ['Generalize: reset identities and arm the first-boot rearm', 'Configure the KMS client', 'Validate for duplication']);
    assert.deepEqual(await snapshotTree(image), before, 'every file byte-identical, no lock or journal left');
  });

  it('a failing validation with commitOnFail false: the changes are staged, then dropped; nothing committed', async () => {
    const image = await copySample('win11-enterprise', 'sysprepped-with-mistakes', 'prepare-unit-fail');
    const before = await snapshotTree(image);
    const result = await prepareImage(image, {profile: await failingProfile(), commitOnFail: false});
    assert.equal(result.fit, false);
    assert.ok(result.validation.counts.error > 0);
    assert.equal(result.committed, false);
    assert.match(result.notCommittedBecause ?? '', /^validation failed/);
    assert.ok(result.files.length > 0, 'changes were staged, so holding them back mattered');
    assert.deepEqual(await snapshotTree(image), before);
  });

  it('the same failing validation with commitOnFail true commits (so the case above is not vacuous)', async () => {
    const image = await copySample('win11-enterprise', 'sysprepped-with-mistakes', 'prepare-unit-force');
    const before = await snapshotTree(image);
    const result = await prepareImage(image, {profile: await failingProfile(), commitOnFail: true});
    assert.equal(result.fit, false);
    assert.equal(result.committed, true);
    assert.notDeepEqual(await snapshotTree(image), before);
    assert.equal(existsSync(path.join(image, FOLDER_LOCK_NAME)), false);
  });

  it("a real run commits the files it lists; the profile's image.backup keeps the old versions outside the image", async () => {
    const image = await copySample('win10-pro', 'sysprepped-with-mistakes', 'prepare-unit-commit');
    const before = await snapshotTree(image);
    const profile = await writeProfile('backup', {...JSON.parse(await fs.readFile(CLIENT_PROFILE, 'utf8')), image: {backup: true}});
    const result = await prepareImage(image, {profile});
    assert.equal(result.fit, true);
    assert.equal(result.committed, true);
    assert.equal(result.notCommittedBecause, undefined);
    const after = await snapshotTree(image);
    const changed = Object.keys({...before, ...after}).filter((file) => before[file] !== after[file] && !after[file]?.startsWith('dir '));
    assert.deepEqual(changed.sort(), result.files.map((f) => f.path).sort(), 'exactly the listed files changed');
    assert.ok(result.backups.length > 0, 'image.backup asked for a backup');
    for (const backup of result.backups) {
      assert.ok(!path.resolve(backup).startsWith(`${path.resolve(image)}${path.sep}`), `${backup} is outside the image`);
      assert.ok(existsSync(backup), backup);
    }
    // A second run finds nothing left to fix.
    const again = await prepareImage(image, {profile: CLIENT_PROFILE});
    assert.equal(again.fit, true);
    assert.equal(again.committed, false);
    assert.equal(again.notCommittedBecause, 'nothing to change');
  });

  it('a profile with an unknown operation is refused before the image is opened (no lock, nothing written)', async () => {
    const image = await copySample('win10-pro', 'sysprepped-with-mistakes', 'prepare-unit-badop');
    const before = await snapshotTree(image);
    const profile = await writeProfile('badop', {generalize: {operations: ['defaults', 'machine-giud']}});
    await assert.rejects(prepareImage(image, {profile}), (error: unknown) => {
      assert.ok(error instanceof WinprepError);
      assert.equal(error.exitCode, 3);
      assert.match(error.message, /\/generalize\/operations\/1: unknown operation "machine-giud" \(did you mean "machine-guid"\?\)/);
      return true;
    });
    assert.deepEqual(await snapshotTree(image), before);
  });

  it('a folder given a profile with image.index opens fine: the index serves WIM files only', async () => {
    const image = await copySample('win10-pro', 'sysprepped-with-mistakes', 'prepare-unit-folder-index');
    const result = await prepareImage(image, {profile: await writeProfile('folder-index', {image: {index: 4}}), dryRun: true});
    assert.equal(result.image.kind, 'folder');
    assert.equal(result.image.index, undefined);
  });

  it("a WIM of two images: the profile's image.index by number and by name picks the image; an unknown name is refused; the WIM untouched", async function () {
    requireTools(this, 'wimlib-imagex');
    const dir = await fs.mkdtemp(path.join(await sampleRoot(), 'prepare-unit-wim-'));
    const wim = path.join(dir, 'two.wim');
    await fs.copyFile(await sample('win10-pro', 'sysprepped-with-mistakes', 'wim'), wim);
    const appended = run('wimlib-imagex', ['append', await sample('win11-enterprise', 'sysprepped-with-mistakes'), wim, 'Second image']);
    assert.equal(appended.status, 0, appended.stderr);
    const profiles = {
      number: await writeProfile('wim-number', {image: {index: 2}, kms: {client: {host: 'kms01.corp.example', key: 'auto'}}}),
      name: await writeProfile('wim-name', {image: {index: 'Second image'}, kms: {client: {host: 'kms01.corp.example', key: 'auto'}}}),
      first: await writeProfile('wim-first', {image: {index: 'Windows 10 Pro'}, kms: {client: {host: 'kms01.corp.example', key: 'auto'}}}),
      unknown: await writeProfile('wim-unknown', {image: {index: 'Windows 95'}}),
    };
    const before = await snapshotTree(dir);
    // key "auto" puts the GVLK of the opened image's edition in the answer file: it tells which image was read.
    const win11Enterprise = 'NPPR9-FWDCX-D2C8J-H872K-2YT43';
    const win10Pro = 'W269N-WFGWX-YVC9B-4J6C9-T83GX';
    for (const [profile, index, gvlk] of [
      [profiles.number, 2, win11Enterprise],
      [profiles.name, 2, win11Enterprise],
      [profiles.first, 1, win10Pro],
    ] as const) {
      const result = await prepareImage(wim, {profile, dryRun: true});
      assert.equal(result.image.kind, 'wim', profile);
      assert.equal(result.image.index, index, profile);
      assert.equal(result.kmsClient?.productKey?.key, gvlk, profile);
    }
    // Blamed on the profile setting (file and JSON path), exit 3 like any bad profile value — not on a flag.
    await assert.rejects(prepareImage(wim, {profile: profiles.unknown, dryRun: true}), (error: unknown) => {
      assert.ok(isWinprepError(error) && error.exitCode === 3, String(error));
      assert.match(error.message, /wim-unknown[^:]*\.json: \/image\/index: .*has no image named "Windows 95"/);
      assert.match(error.hint ?? '', /image inspect/);
      return true;
    });
    assert.deepEqual(await snapshotTree(dir), before, 'dry runs and a refused index leave the WIM and its folder as they were');
  });
});
