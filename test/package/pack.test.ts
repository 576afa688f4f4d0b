/**
 * The npm package as users get it: `npm pack` from a copy of the sources with no dist/ and no manifest must
 * build them itself (prepack), ship what the installed CLI needs and nothing for development, and the
 * installed `winprep` must do the main job from an empty folder.
 */
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {projectRoot} from '../helpers/cli.js';

describe('npm package', function () {
  this.timeout(600_000);
  let dir: string;
  let entries: string[];
  let tarball: string;

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-pack-'));
    // A clean checkout: the files git tracks (or would track), without dist/ or oclif.manifest.json.
    const src = path.join(dir, 'src');
    const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {cwd: projectRoot, encoding: 'utf8'})
      .split('\0')
      .filter((file) => file && file !== 'node_modules');
    for (const file of listed) {
      const from = path.join(projectRoot, file);
      const stat = await fs.lstat(from).catch(() => undefined);
      if (!stat?.isFile()) continue;
      await fs.mkdir(path.dirname(path.join(src, file)), {recursive: true});
      await fs.copyFile(from, path.join(src, file));
    }
    await fs.symlink(await fs.realpath(path.join(projectRoot, 'node_modules')), path.join(src, 'node_modules'));
    const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', dir], {cwd: src, encoding: 'utf8'});
    assert.equal(packed.status, 0, packed.stderr);
    tarball = path.join(dir, packed.stdout.trim().split('\n').pop()!);
    entries = execFileSync('tar', ['-tzf', tarball], {encoding: 'utf8'}).split('\n').filter(Boolean);
  });
  after(async () => {
    await fs.rm(dir, {recursive: true, force: true});
  });

  it('packs the compiled commands, the manifest, the sample builder, docs/ and LICENSE from a clean checkout', () => {
    for (const needed of [
      'package/oclif.manifest.json',
      'package/dist/commands/image/generalize.js',
      'package/dist/fixtures/build.js',
      'package/fixtures/specs/files/State.ini',
      'package/docs/first-boot.md',
      'package/LICENSE',
      'package/schemas/profile.schema.json',
      'package/templates/unattend/unattend.xml',
    ]) {
      assert.ok(entries.includes(needed), `${needed} is missing from the package`);
    }
  });

  it('ships no source maps, benchmarks, dev scripts or TypeScript sources', () => {
    const unwanted = entries.filter((entry) => /\.map$|\.ts$|^package\/dist\/bench\/|^package\/bin\/dev|^package\/(src|test|bench)\//.test(entry));
    assert.deepEqual(unwanted, []);
  });

  it('installs globally and runs sample create, profile init and image prepare from an empty folder', () => {
    const prefix = path.join(dir, 'prefix');
    const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, tarball, '--no-audit', '--no-fund', '--prefer-offline'], {encoding: 'utf8'});
    assert.equal(install.status, 0, install.stderr);
    const work = path.join(dir, 'empty');
    execFileSync('mkdir', ['-p', work]);
    const winprep = (...args: string[]) => spawnSync(path.join(prefix, 'bin', 'winprep'), args, {cwd: work, encoding: 'utf8', env: {...process.env, CI: 'true'}});
    let step = winprep('sample', 'create', 'ref', '--os', 'win10-pro', '--state', 'sysprepped');
    assert.equal(step.status, 0, step.stderr);
    step = winprep('profile', 'init', 'p.json');
    assert.equal(step.status, 0, step.stderr);
    step = winprep('image', 'prepare', 'ref', '--profile', 'p.json');
    assert.ok(step.status === 0 || step.status === 4, `image prepare exit ${step.status}: ${step.stderr}`);
    assert.match(step.stdout, /Committed/);
  });
});
