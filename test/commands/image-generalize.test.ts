import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {existsSync, promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type {GeneralizeResult, OperationReport} from '../../src/generalize/types.js';
import {copySample, sample} from '../fixtures/samples.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';

const REAL_HIVES = process.env.WINPREP_REAL_HIVES ?? '/tmp/realhives';
const SYSTEM = 'Windows/System32/config/SYSTEM';

async function hashTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const stat = await fs.stat(root);
  if (stat.isFile()) {
    out.set('', createHash('sha256').update(await fs.readFile(root)).digest('hex'));
    return out;
  }
  for (const entry of await fs.readdir(root, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile() || entry.name.endsWith('.lock')) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(root, full), createHash('sha256').update(await fs.readFile(full)).digest('hex'));
  }
  return out;
}

/** The change set without the one value that differs by design between two runs: the marker's Time. */
const withoutTime = (ops: OperationReport[]) =>
  ops.map((op) => ({...op, changes: op.changes.filter((c) => !(c.kind === 'registry' && c.key === 'winprep\\Reseal' && c.value === 'Time'))}));

function generalize(args: string[]): {status: number; result: GeneralizeResult; stderr: string} {
  const cli = runCli(['image', 'generalize', ...args, '--json']);
  const doc = parseJsonOutput<GeneralizeResult>(cli);
  assert.equal(doc.status, 0, `${cli.stdout}\n${cli.stderr}`);
  return {status: cli.status, result: doc.result!, stderr: cli.stderr};
}

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'winprep-gen-cli-'));
}

describe('winprep image generalize', function () {
  this.timeout(180_000);

  it('--list-operations prints name, * for defaults, basis, heading', () => {
    const cli = runCli(['image', 'generalize', '--list-operations']);
    assert.equal(cli.status, 0, cli.stderr);
    const lines = cli.stdout.trim().split('\n').filter((l) => /^[a-z0-9-]+\s/.test(l));
    const defaults = lines.filter((l) => / \* /.test(l)).map((l) => l.split(/\s+/)[0]);
    assert.deepEqual(defaults.sort(), ['computer-name', 'kms-cache', 'panther', 'skip-rearm', 'wsus-identity']);
    assert.ok(lines.some((l) => /^reseal\s{3,}inferred\s+Write the setup state/.test(l)), 'reseal is opt-in and marked inferred');
    assert.ok(lines.some((l) => /^machine-sid\s{3,}inferred\s+Report the machine SID/.test(l)));
    const json = parseJsonOutput<{operations: {name: string; defaultOn: boolean}[]}>(runCli(['image', 'generalize', '--list-operations', '--json']));
    assert.equal(json.result?.operations.length, lines.length);
    const skipRearm = json.result?.operations.find((o) => o.name === 'skip-rearm');
    assert.equal(skipRearm?.defaultOn, true);
    assert.deepEqual((skipRearm as {basis?: unknown} | undefined)?.basis, {
      kind: 'documented',
      source: 'https://learn.microsoft.com/troubleshoot/windows-client/licensing-and-activation/kms-current-count-not-increase',
    });
    assert.equal((json.result?.operations.find((o) => o.name === 'reseal') as {basis?: {kind: string}} | undefined)?.basis?.kind, 'inferred');
  });

  it('usage errors exit 2 (unknown operation, --computer-name without its operation, no image); a bad --computer-name is exit 3', async () => {
    const image = await sample('win10-pro', 'captured-without-sysprep');
    const unknown = runCli(['image', 'generalize', image, '--operations', 'defaults,-no-such-op', '--json']);
    assert.equal(unknown.status, 2);
    assert.equal(parseJsonOutput(unknown).error?.code, 'UNKNOWN_OPERATION');
    const human = runCli(['image', 'generalize', image, '--operations', 'bogus']);
    assert.equal(human.status, 2);
    assert.match(human.stderr, /unknown operation "bogus"/);
    assert.equal(runCli(['image', 'generalize', image, '--computer-name', 'has space']).status, 3);
    assert.equal(runCli(['image', 'generalize', image, '--operations', 'defaults,-computer-name', '--computer-name', 'PC1']).status, 2);
    assert.equal(runCli(['image', 'generalize']).status, 2);
  });

  it('a malformed answer file is bad input (exit 3) naming the file', async () => {
    const dir = await copySample('win7-enterprise', 'captured-without-sysprep', 'gen-malformed');
    await fs.writeFile(path.join(dir, 'Windows/System32/Sysprep/unattend.xml'), '<unattend><settings></unattend>');
    const before = await hashTree(dir);
    const cli = runCli(['image', 'generalize', dir]);
    assert.equal(cli.status, 3, cli.stderr);
    assert.match(cli.stderr, /Sysprep\/unattend\.xml/i);
    assert.equal(cli.stderr.trim().split('\n').filter((l) => l.startsWith('winprep:')).length, 1);
    assert.deepEqual(await hashTree(dir), before, 'a failed run leaves the image as it was');
  });

  // One OS per kind, so every kind and both licensing generations (Vista's SL) go through the CLI.
  const KINDS = [
    ['folder', 'win11-enterprise'],
    ['tar', 'vista-business'],
    ['wim', 'server2022-datacenter'],
  ] as const;
  // The starter profile's operations: the documented defaults plus the opt-in inferred ones, which is what an
  // image sysprep never generalized needs to be resealed (and what changes the most files).
  const STARTER = ['--operations', 'defaults,+reseal,+machine-guid,+dhcpv6-duid'];
  for (const [format, osName] of KINDS) {
    it(`${format} (${osName}): --dry-run changes no byte and shows the change set the real run then makes; the second run changes nothing`, async function () {
      if (format === 'wim') requireTools(this, 'wimlib-imagex');
      const source = await sample(osName, 'captured-without-sysprep', format);
      const work = await tempDir();
      const image = path.join(work, path.basename(source));
      await fs.cp(source, image, {recursive: true});

      const h0 = await hashTree(image);
      const dry = generalize([image, ...STARTER, '--dry-run']);
      assert.deepEqual(await hashTree(image), h0, '--dry-run changed files');
      assert.equal(dry.result.dryRun, true);
      assert.equal(dry.result.committed, false);
      assert.match(dry.result.reg, /^Windows Registry Editor Version 5\.00\r?\n/);
      assert.ok(dry.result.files.some((f) => f.path === SYSTEM && f.action === 'replace'));

      const real = generalize([image, ...STARTER]);
      assert.equal(real.result.committed, true);
      assert.deepEqual(withoutTime(real.result.operations), withoutTime(dry.result.operations));
      assert.deepEqual(real.result.files, dry.result.files);
      assert.notDeepEqual(await hashTree(image), h0);

      const h2 = await hashTree(image);
      const second = generalize([image, ...STARTER]);
      assert.ok(second.result.operations.every((op) => op.status === 'unchanged'), JSON.stringify(second.result.operations.map((o) => [o.name, o.status])));
      assert.deepEqual(second.result.files, []);
      assert.deepEqual(await hashTree(image), h2, 'second run changed files');

      const inspect = parseJsonOutput<{identity: {machineGuid?: string; susClientId?: string}; licensing: {skipRearm?: number}; generalization: {state: string}}>(
        runCli(['image', 'inspect', image, '--json']),
      );
      assert.equal(inspect.result?.identity.machineGuid, undefined);
      assert.equal(inspect.result?.identity.susClientId, undefined);
      assert.notEqual(inspect.result?.licensing.skipRearm, 1);
      assert.equal(inspect.result?.generalization.state, 'resealed-by-winprep');
      await fs.rm(work, {recursive: true, force: true});
    });
  }

  it('hivex reads every value the run changed, as the run reported it', async function () {
    requireTools(this, 'hivexget');
    const dir = await copySample('win10-pro', 'captured-without-sysprep', 'gen-hivex');
    const {result} = generalize([dir, '--operations', 'all']);
    let checked = 0;
    for (const change of result.operations.flatMap((op) => op.changes)) {
      if (change.kind !== 'registry') continue;
      const got = run('hivexget', [path.join(dir, change.hive), change.key, change.value ?? '']);
      if (change.after === undefined) {
        assert.notEqual(got.status, 0, `${change.key}\\${change.value} should be gone`);
      } else {
        assert.equal(got.status, 0, `${change.key}\\${change.value}: ${got.stderr}`);
        assert.equal(got.stdout.replace(/\n$/, ''), change.after, `${change.key}\\${change.value}`);
      }
      checked += 1;
    }
    assert.ok(checked >= 15, `only ${checked} registry changes checked`);
  });

  it('-computer-name leaves the computer name alone (CLI)', async function () {
    requireTools(this, 'hivexget');
    const dir = await copySample('server2019-standard', 'captured-without-sysprep', 'gen-keepname');
    // The flag before the image: --operations must not swallow the argument.
    const {result} = generalize(['--operations', 'defaults,-computer-name', dir]);
    assert.ok(result.disabled.includes('computer-name'));
    const name = run('hivexget', [path.join(dir, SYSTEM), 'ControlSet001\\Control\\ComputerName\\ComputerName', 'ComputerName']);
    assert.equal(name.stdout.trim(), 'REFPC-01');
  });

  // Real Windows hives cannot be committed (they come from public repositories we may only read), so the
  // listing test always runs on the sample's own SYSTEM hive and, where WINPREP_REAL_HIVES holds real ones
  // (a developer's machine), on a real one too.
  for (const source of ['sample', 'real'] as const) {
  it(`on a ${source} Windows SYSTEM hive, a full reglookup listing changes only in the values the run names`, async function () {
    requireTools(this, 'reglookup');
    const real = path.join(REAL_HIVES, 'SYSTEM');
    if (source === 'real' && !existsSync(real)) this.skip();
    const dir = await copySample('win7-enterprise', 'captured-without-sysprep', `gen-${source}hive`);
    const hive = path.join(dir, SYSTEM);
    if (source === 'real') await fs.copyFile(real, hive);
    const listing = (): Map<string, string> => {
      const out = run('reglookup', [hive]).stdout.trim().split('\n');
      // path,type,value,mtime: index by path+type; keys carry their last-write time.
      return new Map(out.map((line) => {
        const [p, type] = line.split(',');
        return [`${p},${type}`, line];
      }));
    };
    const before = listing();
    const {result} = generalize([dir, '--operations', 'defaults,+reseal,+machine-guid,+dhcpv6-duid']);
    const after = listing();

    const named = new Set<string>();
    const changedKeys = new Set<string>();
    for (const change of result.operations.flatMap((op) => op.changes)) {
      if (change.kind !== 'registry' || change.hive !== SYSTEM) continue;
      named.add(`/${change.key}/${change.value}`.replace(/\\/g, '/').toLowerCase());
      changedKeys.add(`/${change.key}`.replace(/\\/g, '/').toLowerCase());
    }
    assert.ok(named.size >= 5, `expected the run to change SYSTEM values, got ${[...named].join(' ')}`);
    const differing = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
    const seen = new Set<string>();
    for (const entry of differing) {
      const [p, type] = entry.split(',');
      const lower = p.toLowerCase();
      if (type === 'KEY') {
        assert.ok(changedKeys.has(lower), `key ${p} changed but no value of it is named`);
      } else {
        assert.ok(named.has(lower), `value ${p} changed but the run does not name it`);
        seen.add(lower);
      }
    }
    assert.deepEqual([...seen].sort(), [...named].sort(), 'every value the run names really changed');
  });
  }

  it('a dirty hive (real where available) is refused (exit 3, image untouched) unless --force-dirty', async function () {
    const dir = await copySample('win7-enterprise', 'captured-without-sysprep', 'gen-dirty');
    const dirty = path.join(REAL_HIVES, 'SYSTEM_2');
    if (existsSync(dirty)) {
      await fs.copyFile(dirty, path.join(dir, SYSTEM));
    } else {
      // A hive whose primary and secondary sequence numbers differ (base block offsets 4 and 8) is dirty.
      const bytes = await fs.readFile(path.join(dir, SYSTEM));
      bytes.writeUInt32LE(bytes.readUInt32LE(4) + 1, 4);
      await fs.writeFile(path.join(dir, SYSTEM), bytes);
    }
    const before = await hashTree(dir);
    const refused = runCli(['image', 'generalize', dir, '--json']);
    assert.equal(refused.status, 3);
    assert.equal(parseJsonOutput(refused).error?.code, 'HIVE_DIRTY');
    assert.deepEqual(await hashTree(dir), before);
    const forced = generalize([dir, '--force-dirty']);
    assert.equal(forced.result.committed, true);
  });

  it('--backup keeps the previous version of every file the run replaces', async () => {
    const dir = await copySample('win10-pro', 'captured-without-sysprep', 'gen-backup');
    const original = await fs.readFile(path.join(dir, SYSTEM));
    const {result} = generalize([dir, '--backup']);
    assert.ok(result.backups.length > 0);
    // Outside the image: <image>.winprep-backup/<UTC time>/<inner path>, never a *.winprep-bak inside the tree.
    const systemBackup = result.backups.find((b) => /[/\\]Windows[/\\]System32[/\\]config[/\\]SYSTEM$/.test(b));
    assert.ok(systemBackup, result.backups.join(', '));
    assert.ok(systemBackup.startsWith(`${dir}.winprep-backup${path.sep}`), systemBackup);
    const backupPath = systemBackup;
    assert.deepEqual(await fs.readFile(backupPath), original);
  });

  it('human output lists each operation, the files and the .reg text', async () => {
    const image = await sample('win7-enterprise', 'captured-without-sysprep');
    const cli = runCli(['image', 'generalize', image, '--dry-run']);
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /Dry run: nothing was written/);
    assert.match(cli.stdout, /changed\s+wsus-identity/);
    assert.match(cli.stdout, /Files to write \(\d+\):/);
    assert.match(cli.stdout, /\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\]\n"SusClientId"=-/);
  });

  it('a real run ends with one line saying what it committed; the .reg text only with --verbose', async () => {
    const image = await copySample('win10-pro', 'captured-without-sysprep', 'summary-line');
    const cli = runCli(['image', 'generalize', image]);
    assert.equal(cli.status, 0, cli.stderr);
    assert.doesNotMatch(cli.stdout, /Registry changes|HKEY_/);
    const last = cli.stdout.trimEnd().split('\n').at(-1);
    assert.match(last ?? '', /^Committed \d+ file change\(s\) to .+\.$/);
    const again = runCli(['image', 'generalize', image, '--verbose']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout.trimEnd().split('\n').at(-1) ?? '', /^Nothing to commit; .+ is unchanged\.$/);
  });
});
