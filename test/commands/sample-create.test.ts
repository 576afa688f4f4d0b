import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';

describe('winprep sample create', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-sample-cli-'));
  });
  after(async () => {
    await fs.rm(dir, {recursive: true, force: true});
  });

  it('creates a folder sample and describes it under --json', async () => {
    const out = path.join(dir, 'win11');
    const result = runCli(['sample', 'create', out, '--os', 'win11-enterprise', '--state', 'captured-without-sysprep', '--json']);
    const doc = parseJsonOutput<{out: string; format: string; editionId: string; build: number; files: string[]}>(result);
    assert.equal(doc.status, 0, result.stderr);
    assert.equal(doc.result?.out, out);
    assert.equal(doc.result?.format, 'folder');
    assert.equal(doc.result?.editionId, 'Enterprise');
    assert.equal(doc.result?.build, 22631);
    for (const file of doc.result?.files ?? []) assert.ok((await fs.stat(path.join(out, ...file.split('/')))).isFile(), file);
  });

  it('creates a gzip tar when the name ends in .tar.gz, and a WIM file at exactly the path given', async function () {
    requireTools(this, 'wimlib-imagex');
    const tgz = path.join(dir, 'image.tar.gz');
    assert.equal(runCli(['sample', 'create', tgz, '--os', 'win7-enterprise', '--state', 'sysprepped', '--container', 'tar']).status, 0);
    const head = (await fs.readFile(tgz)).subarray(0, 2);
    assert.deepEqual([...head], [0x1f, 0x8b]);

    const wim = path.join(dir, 'no-extension');
    // --format, the old name of --container, still works and says it is deprecated.
    const result = runCli(['sample', 'create', wim, '--os', 'server2019-standard', '--state', 'sysprepped', '--format', 'wim']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /deprecated.*--container/is);
    assert.match(result.stdout, /server2019-standard sysprepped sample \(wim/);
    assert.match(run('wimlib-imagex', ['info', wim, '1']).stdout, /Edition ID:\s+ServerStandard/);
  });

  it('refuses an existing output without --force (exit 2) and replaces it with --force', async () => {
    const out = path.join(dir, 'twice');
    assert.equal(runCli(['sample', 'create', out, '--os', 'win10-pro', '--state', 'sysprepped']).status, 0);
    const again = runCli(['sample', 'create', out, '--os', 'win10-pro', '--state', 'sysprepped']);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already exists/);
    assert.match(again.stderr, /--force/);
    const forced = runCli(['sample', 'create', out, '--os', 'win10-pro', '--state', 'captured-without-sysprep', '--force', '--json']);
    assert.equal(parseJsonOutput(forced).status, 0);
  });

  it('exits 6 naming the wimtools package when wimlib-imagex is missing, leaving nothing behind', async () => {
    const emptyPath = path.join(dir, 'empty-bin');
    await fs.mkdir(emptyPath);
    const out = path.join(dir, 'needs-wimlib.wim');
    const result = runCli(['sample', 'create', out, '--os', 'win10-pro', '--state', 'sysprepped', '--container', 'wim', '--json'], {env: {PATH: emptyPath}});
    const doc = parseJsonOutput(result);
    assert.equal(result.status, 6);
    assert.match(doc.error?.hint ?? '', /apt-get install wimtools/);
    assert.deepEqual((await fs.readdir(dir)).filter((name) => name.includes('needs-wimlib')), []);
  });

  it('rejects an unknown --os with exit 2 and writes nothing', async () => {
    const out = path.join(dir, 'bad-os');
    const result = runCli(['sample', 'create', out, '--os', 'win95', '--state', 'sysprepped']);
    assert.equal(result.status, 2);
    await assert.rejects(fs.stat(out), /ENOENT/);
  });
});

describe('winprep sample create: output folders', () => {
  it('creates missing parent folders; a parent that is a file is bad input (exit 3)', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-parents-'));
    try {
      const nested = path.join(root, 'a', 'b', 'ref');
      const made = runCli(['sample', 'create', nested, '--os', 'win7-enterprise', '--state', 'sysprepped']);
      assert.equal(made.status, 0, made.stderr);
      assert.ok((await fs.stat(path.join(nested, 'Windows', 'System32', 'config', 'SYSTEM'))).isFile());
      await fs.writeFile(path.join(root, 'file'), 'x');
      const refused = runCli(['sample', 'create', path.join(root, 'file', 'ref'), '--os', 'win7-enterprise', '--state', 'sysprepped']);
      assert.equal(refused.status, 3);
      assert.match(refused.stderr, /is not a folder/);
    } finally {
      await fs.rm(root, {recursive: true, force: true});
    }
  });
});
