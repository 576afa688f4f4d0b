/** Shared flags: one wording everywhere, and the option mapping the image-changing commands rely on. */
import assert from 'node:assert/strict';
import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

import {dryRunFlag, forceDirtyFlag, imageWriteOptions, indexFlag, kmsHostSettingOptions, prefixFlag} from '../../src/cli/flags.js';
import {projectRoot} from '../helpers/cli.js';

interface FlagSpec {
  summary?: string;
}

interface CommandClass {
  summary?: string;
  args?: Record<string, {description?: string}>;
  examples?: string[];
  flags?: Record<string, FlagSpec>;
}

const commandFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return commandFiles(file);
    return name.endsWith('.ts') ? [file] : [];
  });

async function loadCommands(): Promise<Map<string, CommandClass>> {
  const root = path.join(projectRoot, 'commands');
  const commands = new Map<string, CommandClass>();
  for (const file of commandFiles(root)) {
    const id = path.relative(root, file).replace(/\.ts$/, '').split(path.sep).join(' ');
    const module = (await import(pathToFileURL(file).href)) as {default: CommandClass};
    commands.set(id, module.default);
  }
  return commands;
}

describe('shared flags', function () {
  // Importing every command loads the whole library once.
  this.timeout(60_000);
  let commands: Map<string, CommandClass>;
  before(async () => {
    commands = await loadCommands();
  });

  it('maps the image-changing flags to the library option names', () => {
    assert.deepEqual(imageWriteOptions({'dry-run': true, backup: false, index: 2, 'force-dirty': true, 'replay-logs': true, compact: true}), {dryRun: true, backup: false, index: 2, partition: undefined, root: undefined, forceDirty: true, replayLogs: true, compact: true});
    assert.deepEqual(kmsHostSettingOptions({port: '1700', 'publish-domain': ['a.example,0,100']}), {
      port: '1700',
      dnsPublishing: undefined,
      publishDomains: ['a.example,0,100'],
      lowPriority: undefined,
      activationInterval: undefined,
      renewalInterval: undefined,
    });
  });

  it('--index says the same everywhere, a command only adding when it is optional', () => {
    const base = indexFlag().summary!.replace(/\.$/, '');
    let seen = 0;
    for (const [id, command] of commands) {
      const summary = command.flags?.index?.summary;
      if (summary === undefined) continue;
      seen++;
      assert.ok(summary.startsWith(base), `${id}: --index "${summary}"`);
    }
    assert.ok(seen >= 9, `only ${seen} commands have --index`);
  });

  it('a flag name shared by several commands has one summary (--force names what it replaces)', () => {
    const shared = ['dry-run', 'backup', 'force-dirty', 'prefix', 'computer-name', 'port', 'dns-publishing', 'publish-domain', 'low-priority', 'domain', 'host', 'ttl'];
    for (const name of shared) {
      const summaries = new Map<string, string[]>();
      for (const [id, command] of commands) {
        const summary = command.flags?.[name]?.summary;
        if (summary === undefined || (name === 'host' && id.startsWith('kms')) || (name === 'domain' && id === 'dns discover')) continue;
        summaries.set(summary, [...(summaries.get(summary) ?? []), id]);
      }
      assert.ok(summaries.size <= 1, `--${name}: ${JSON.stringify([...summaries])}`);
    }
  });

  it('reg import, diff and export take --dry-run, --force-dirty and --prefix from the shared helpers', () => {
    const expected: Record<string, string | undefined> = {'dry-run': dryRunFlag().summary, 'force-dirty': forceDirtyFlag().summary, prefix: prefixFlag().summary};
    const uses = (name: string) => [...commands].filter(([, command]) => command.flags?.[name]?.summary === expected[name]).map(([id]) => id);
    assert.deepEqual(uses('prefix').sort(), ['reg diff', 'reg export', 'reg import']);
    assert.ok(uses('dry-run').includes('reg import') && uses('dry-run').includes('image generalize'), `--dry-run: ${uses('dry-run')}`);
    assert.ok(uses('force-dirty').includes('reg import') && uses('force-dirty').includes('kms client set'), `--force-dirty: ${uses('force-dirty')}`);
  });

  it('every summary and argument is one sentence starting with a capital; every example runs this command', () => {
    for (const [id, command] of commands) {
      assert.match(command.summary ?? '', /^[A-Z].*\.$/, `${id}: summary`);
      assert.ok(!(command.summary ?? '').includes('\n'), `${id}: summary is one line`);
      for (const [name, flag] of Object.entries(command.flags ?? {})) {
        assert.match(flag.summary ?? '', /^[A-Z0-9].*\.$/s, `${id} --${name}: "${flag.summary}"`);
      }
      for (const [name, arg] of Object.entries(command.args ?? {})) {
        assert.match(arg.description ?? '', /^[A-Z].*\.$/, `${id} <${name}>: "${arg.description}"`);
      }
      for (const example of command.examples ?? []) {
        assert.ok(example === `<%= config.bin %> ${id}` || example.startsWith(`<%= config.bin %> ${id} `), `${id}: ${example}`);
      }
    }
  });
});
