/**
 * The README tour runs as written: every line of its first `sh` block, top to bottom, in an empty folder,
 * with `winprep` on PATH (this checkout's bin/run.js). Each line exits as its comment says: `# exit N`, else 0.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {promises as fs, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {projectRoot} from '../helpers/cli.js';
import {requireTools} from '../helpers/tools.js';

/** The tour's command lines, with the exit code each one documents. */
function tourLines(readme: string): {line: string; status: number}[] {
  const section = readme.split('\n## A tour\n')[1]?.split('\n## ')[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({line, status: Number(/#\s*exit (\d+)/.exec(line)?.[1] ?? 0)}));
}

describe('README tour', function () {
  this.timeout(600_000);
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-tour-'));
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('runs top to bottom in an empty folder, each line exiting as its comment says', async function () {
    requireTools(this, 'wimlib-imagex');
    const lines = tourLines(readFileSync(path.join(projectRoot, 'README.md'), 'utf8'));
    assert.ok(lines.length >= 10, `only ${lines.length} tour lines found`);
    // The tour goes from an image that is not ready to clone to one that is, through image prepare.
    const validations = lines.filter(({line}) => /^winprep image validate ref --for duplication/.test(line)).map(({status}) => status);
    assert.deepEqual(validations, [4, 0], 'validate fails before image prepare and passes after it');
    const bin = path.join(dir, 'bin');
    const work = path.join(dir, 'tour');
    await fs.mkdir(bin);
    await fs.mkdir(work);
    await fs.writeFile(path.join(bin, 'winprep'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(projectRoot, 'bin', 'run.js')}" "$@"\n`, {mode: 0o755});
    for (const {line, status} of lines) {
      const run = spawnSync('bash', ['-c', line], {cwd: work, encoding: 'utf8', env: {...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`}});
      assert.equal(run.status, status, `${line}\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
    }
  });
});
