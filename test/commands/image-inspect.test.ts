import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {buildSample} from '../../fixtures/build.js';
import type {ImageFacts} from '../../src/facts/facts.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools} from '../helpers/tools.js';

describe('winprep image inspect', () => {
  let dir: string;
  const samplePath = (format: string): string => path.join(dir, `s-${format}`);
  before(async function () {
    requireTools(this, 'wimlib-imagex');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-inspect-cli-'));
    // Built through the library: `sample create` itself is covered by sample-create.test.ts.
    for (const format of ['folder', 'tar', 'wim'] as const) {
      await buildSample({out: samplePath(format), os: 'win10-pro', state: 'captured-without-sysprep', format});
    }
  });
  after(async () => {
    if (dir) await fs.rm(dir, {recursive: true, force: true});
  });

  it('gives the same --json facts for the sample as folder, tar and WIM (apart from kind, path and the WIM file\'s storage)', () => {
    const docs = ['folder', 'tar', 'wim'].map((format) => {
      const result = runCli(['image', 'inspect', samplePath(format), '--json']);
      const doc = parseJsonOutput<ImageFacts>(result);
      assert.equal(doc.status, 0, result.stderr);
      assert.equal(doc.result?.kind, format);
      assert.equal(doc.result?.path, samplePath(format));
      const {kind: _kind, path: _path, wimFile, ...rest} = doc.result!;
      // Only a WIM reports its file's storage: no holes in a freshly captured one.
      assert.equal(wimFile?.reclaimableBytes, format === 'wim' ? 0 : undefined);
      return rest;
    });
    assert.deepEqual(docs[1], docs[0]);
    assert.deepEqual(docs[2], docs[0]);
    assert.equal(docs[0]!.os.editionId, 'Professional');
    assert.equal(docs[0]!.generalization.state, 'not-generalized');
  });

  it('prints a compact human report', () => {
    const result = runCli(['image', 'inspect', samplePath('folder')]);
    assert.equal(result.status, 0, result.stderr);
    const text = result.stdout;
    assert.match(text, /product\s+Windows 10 Pro — Windows 10/);
    assert.match(text, /control set\s+ControlSet001 \(Select\\Current = 1/);
    assert.match(text, /machine SID\s+S-1-5-21-3623811015-3361044348-30300820/);
    assert.match(text, /cached KMS host\s+kms01\.corp\.example\.com:1688/);
    assert.match(text, /Generalization: not-generalized/);
    assert.match(text, /SkipRearm 1 \(generalize\)/);
    assert.match(text, /1 plain-text password/);
    assert.doesNotMatch(text, /Reference!2024/, 'the password itself must never be shown');
    assert.ok(text.split('\n').length < 50, 'the report should stay compact');
    assert.equal(result.stderr, '');
  });

  it('reads the WIM image given with --index 1 and reports the index', () => {
    const doc = parseJsonOutput<ImageFacts>(runCli(['image', 'inspect', samplePath('wim'), '--index', '1', '--json']));
    assert.equal(doc.status, 0);
    assert.equal(doc.result?.index, 1);
  });

  it('exits 3 with one line naming the path for a missing image or a folder without Windows', async () => {
    const missing = runCli(['image', 'inspect', path.join(dir, 'nope')]);
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /nope/);
    const empty = path.join(dir, 'empty');
    await fs.mkdir(empty);
    const notWindows = runCli(['image', 'inspect', empty, '--json']);
    const doc = parseJsonOutput(notWindows);
    assert.equal(notWindows.status, 3);
    assert.equal(doc.error?.code, 'NOT_A_WINDOWS_IMAGE');
    assert.match(doc.error?.message ?? '', /empty/);
  });

  it('exits 2 for --index on a folder', () => {
    const result = runCli(['image', 'inspect', samplePath('folder'), '--index', '2']);
    assert.equal(result.status, 2);
  });
});
