/**
 * A WIM with several images, as install.wim files hold one per edition: `image inspect` lists them without
 * --index, and every image command takes --index as a number or a name (a profile's image.index too).
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {buildSample} from '../../fixtures/build.js';
import type {ImageFacts, WimImageListing} from '../../src/facts/facts.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools} from '../helpers/tools.js';

describe('winprep image inspect / --index on a multi-image WIM', () => {
  let dir: string;
  let wim: string;
  before(async function () {
    requireTools(this, 'wimlib-imagex');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-multi-wim-'));
    await buildSample({out: path.join(dir, 'pro'), os: 'win10-pro', state: 'sysprepped', format: 'folder'});
    await buildSample({out: path.join(dir, 'dc'), os: 'server2022-datacenter', state: 'captured-without-sysprep', format: 'folder'});
    wim = path.join(dir, 'install.wim');
    execFileSync('wimlib-imagex', ['capture', path.join(dir, 'pro'), wim, 'Windows 10 Pro', '--compress=none'], {stdio: 'ignore'});
    execFileSync('wimlib-imagex', ['append', path.join(dir, 'dc'), wim, 'Server Datacenter'], {stdio: 'ignore'});
  });
  after(async () => {
    if (dir) await fs.rm(dir, {recursive: true, force: true});
  });

  it('lists the images (number, name, edition, build from the WIM\'s XML) and how to choose one, exit 0', () => {
    const text = runCli(['image', 'inspect', wim]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /\(wim, 2 images\)/);
    assert.match(text.stdout, /^ {2}1 +Windows 10 Pro — Professional, amd64, build 19045$/m);
    assert.match(text.stdout, /^ {2}2 +Server Datacenter — ServerDatacenter, amd64, build 20348$/m);
    assert.match(text.stdout, /--index 1 \(or --index "Windows 10 Pro"\)/);

    const doc = parseJsonOutput<WimImageListing>(runCli(['image', 'inspect', wim, '--json']));
    assert.equal(doc.status, 0);
    assert.deepEqual(doc.result?.images.map((i) => [i.index, i.name, i.edition, i.build]), [
      [1, 'Windows 10 Pro', 'Professional', 19045],
      [2, 'Server Datacenter', 'ServerDatacenter', 20348],
    ]);
    // wimlib's own view of the same file, so the listing is not just our reading of our own capture.
    const info = execFileSync('wimlib-imagex', ['info', wim], {encoding: 'utf8'});
    assert.match(info, /Image Count:\s+2/);
  });

  it('--index by name (any case) inspects that image and reports its number', () => {
    const doc = parseJsonOutput<ImageFacts>(runCli(['image', 'inspect', wim, '--index', 'server datacenter', '--json']));
    assert.equal(doc.status, 0);
    assert.equal(doc.result?.index, 2);
    assert.equal(doc.result?.os.editionId, 'ServerDatacenter');
  });

  it('a misspelt name is a usage error with the closest name; other commands still refuse to guess', () => {
    const wrong = runCli(['image', 'validate', wim, '--index', 'Server Datacentre']);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /no image named "Server Datacentre" \(did you mean "Server Datacenter"\?\)/);
    assert.equal(wrong.stderr.includes('    at '), false, 'no stack trace');
    const none = runCli(['image', 'validate', wim]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /holds 2 images; choose one with --index \(number or name\)/);
    const zero = runCli(['image', 'inspect', wim, '--index', '0']);
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /image numbers start at 1/);
  });

  it('generalize --index by name changes only that image; a profile may name the image too', async () => {
    const before1 = execFileSync('wimlib-imagex', ['extract', wim, '1', '/Windows/System32/config/SYSTEM', '--to-stdout']);
    const run = runCli(['image', 'generalize', wim, '--index', 'Server Datacenter', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const after1 = execFileSync('wimlib-imagex', ['extract', wim, '1', '/Windows/System32/config/SYSTEM', '--to-stdout']);
    assert.ok(before1.equals(after1), 'image 1 is untouched');
    execFileSync('wimlib-imagex', ['verify', wim], {stdio: 'ignore'});

    const profile = path.join(dir, 'profile.json');
    await fs.writeFile(profile, JSON.stringify({image: {index: 'windows 10 pro'}, generalize: {operations: ['defaults']}}));
    assert.equal(runCli(['profile', 'check', profile]).status, 0);
    const prepared = parseJsonOutput<{image: {index?: number}}>(runCli(['image', 'prepare', wim, '--profile', profile, '--dry-run', '--json']));
    assert.equal(prepared.result?.image.index, 1);
  });
});
