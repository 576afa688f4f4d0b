/**
 * winprep as a plugin of another oclif CLI: a small host CLI is built in a temp folder, declares winprep in
 * its package.json `oclif.plugins` and finds it through a symlink in its node_modules, so oclif really loads
 * it as a plugin. The host's own typos stay the host's; winprep's messages and hints use the host's bin.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {projectRoot} from '../helpers/cli.js';

describe('winprep as a plugin of a host CLI', () => {
  let dir: string;
  const host = (...args: string[]) => spawnSync(process.execPath, [path.join(dir, 'bin', 'run.js'), ...args], {cwd: dir, encoding: 'utf8', env: {...process.env, CI: 'true'}});

  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-host-'));
    await fs.mkdir(path.join(dir, 'bin'));
    await fs.mkdir(path.join(dir, 'commands'));
    await fs.mkdir(path.join(dir, 'node_modules', '@oclif'), {recursive: true});
    // oclif loads only the `oclif.plugins` that are also dependencies: as `npm install ../winprep` would write it.
    const pkg = {name: 'hostcli', version: '1.0.0', type: 'module', dependencies: {winprep: `file:${projectRoot}`}, oclif: {bin: 'hostcli', dirname: 'hostcli', commands: './commands', topicSeparator: ' ', plugins: ['winprep']}};
    await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg));
    await fs.writeFile(path.join(dir, 'bin', 'run.js'), "import {execute} from '@oclif/core';\nawait execute({dir: import.meta.url});\n");
    await fs.writeFile(
      path.join(dir, 'commands', 'hello.js'),
      "import {Command} from '@oclif/core';\nexport default class Hello extends Command {\n  static summary = 'Say hello.';\n  async run() { this.log('hello from host'); }\n}\n",
    );
    await fs.symlink(await fs.realpath(path.join(projectRoot, 'node_modules', '@oclif', 'core')), path.join(dir, 'node_modules', '@oclif', 'core'));
    await fs.symlink(projectRoot, path.join(dir, 'node_modules', 'winprep'));
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('loads winprep commands into the host', () => {
    assert.equal(host('hello').stdout, 'hello from host\n');
    const result = host('kms', 'explain', '0xC004F038');
    assert.equal(result.status, 0, result.stderr);
  });

  it("leaves the host's own unknown commands to the host", () => {
    const result = host('helo');
    assert.notEqual(result.status, 0);
    assert.doesNotMatch(result.stderr, /winprep/);
    assert.match(result.stderr, /command helo not found/);
  });

  it('answers unknown winprep commands with the host bin and a suggestion', () => {
    const result = host('image', 'generalise', 'ref');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^hostcli: unknown command "image generalise"$/m);
    assert.match(result.stderr, /did you mean "hostcli image generalize"/);
    assert.doesNotMatch(result.stderr, /winprep/);
  });

  it("uses the host bin in errors and in validate's fix lines", () => {
    const ref = path.join(dir, 'ref');
    assert.equal(host('sample', 'create', ref, '--os', 'win10-pro', '--state', 'captured-without-sysprep').status, 0);
    const validate = host('image', 'validate', ref);
    assert.equal(validate.status, 4, validate.stderr);
    assert.match(validate.stdout, /hostcli image generalize/);
    assert.doesNotMatch(validate.stdout, /\bwinprep (image|kms|reg)\b/);
    const missing = host('image', 'inspect', path.join(dir, 'nosuch'));
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /^hostcli: /);
  });
});
