import assert from 'node:assert/strict';
import {copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

import type {ProfileCheckResult, ProfileInitResult} from '../../src/licensing/profile-files.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';

describe('winprep profile init / check', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'winprep-profile-cli-'));
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  it('init writes a starter whose $schema resolves to the shipped schema; check accepts it (human)', () => {
    const file = path.join(dir, 'starter.json');
    const init = runCli(['profile', 'init', file]);
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stdout, /^Wrote .*starter\.json/);
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    const schema = JSON.parse(readFileSync(path.resolve(dir, profile.$schema), 'utf8'));
    assert.equal(schema.$id, 'urn:winprep:schema:profile:1');
    assert.deepEqual(readdirSync(dir).sort(), ['starter.json', 'winprep-profile.schema.json'], 'no temp files left');

    const check = runCli(['profile', 'check', file]);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /is a valid profile\./);
    assert.match(check.stdout, /^SECTION\s+SETTINGS$/m);
    assert.match(check.stdout, /^kms client\s+host=DNS auto-discovery caching=on key=auto$/m);
    assert.equal(check.stderr, '');
  });

  it('init refuses to overwrite without --force (exit 2), and replaces with it (--json)', () => {
    const file = path.join(dir, 'kept.json');
    writeFileSync(file, '{"description": "mine"}');
    const refused = runCli(['profile', 'init', file]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /already exists/);
    assert.match(refused.stderr, /hint: pass --force/);
    assert.equal(readFileSync(file, 'utf8'), '{"description": "mine"}');
    const refusedJson = runCli(['profile', 'init', file, '--json']);
    assert.equal(parseJsonOutput(refusedJson).error?.code, 'FILE_EXISTS');
    assert.equal(refusedJson.status, 2);

    const forced = parseJsonOutput<ProfileInitResult>(runCli(['profile', 'init', file, '--force', '--role', 'host', '--json']));
    assert.equal(forced.status, 0);
    assert.equal(forced.result?.overwritten, true);
    assert.equal(forced.result?.role, 'host');
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).kms.host.renewalInterval, 10080);
    const check = runCli(['profile', 'check', file]);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /^kms host\s+port=1688 dns=on domains=- intervals=120\/10080min low-priority=no$/m);
  });

  it('check: kms.client.port 70000 exits 3 naming /kms/client/port, in human and --json mode', () => {
    const file = path.join(dir, 'port.json');
    writeFileSync(file, JSON.stringify({kms: {client: {port: 70000}}}));
    const human = runCli(['profile', 'check', file]);
    assert.equal(human.status, 3);
    assert.equal(human.stdout, '');
    assert.match(human.stderr, /^winprep: .*port\.json: \/kms\/client\/port must be from 1 to 65535 \(got 70000\)$/m);
    const json = runCli(['profile', 'check', file, '--json']);
    assert.equal(json.status, 3);
    const doc = parseJsonOutput(json);
    assert.equal(doc.status, 3);
    assert.equal(doc.error?.code, 'PROFILE_INVALID');
    assert.match(doc.error!.message, /\/kms\/client\/port/);
  });

  it('check: missing file and broken JSON exit 3 naming the file', () => {
    const missing = path.join(dir, 'nope.json');
    const gone = runCli(['profile', 'check', missing]);
    assert.equal(gone.status, 3);
    assert.ok(gone.stderr.includes(missing));
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "kms": {},\n}\n');
    const bad = runCli(['profile', 'check', broken, '--json']);
    assert.equal(bad.status, 3);
    assert.match(parseJsonOutput(bad).error!.message, /not valid JSON: .* at line 3, column 1$/);
  });

  it('check: valid but misleading settings pass with warnings in the envelope', () => {
    const file = path.join(dir, 'warn.json');
    writeFileSync(file, JSON.stringify({kms: {client: {host: 'kms.corp.example', lookupDomain: 'corp.example'}}}));
    const doc = parseJsonOutput<ProfileCheckResult>(runCli(['profile', 'check', file, '--json']));
    assert.equal(doc.status, 0);
    assert.equal(doc.result?.valid, true);
    assert.equal(doc.warnings?.length, 1);
    assert.match(doc.warnings![0], /lookupDomain is ignored/);
  });

  it('init writes a $schema that still resolves after the profile and its schema are copied to another repository', () => {
    const work = mkdtempSync(path.join(dir, 'schema-'));
    const run = runCli(['profile', 'init', 'p.json'], {cwd: work});
    assert.equal(run.status, 0, run.stderr);
    const profile = JSON.parse(readFileSync(path.join(work, 'p.json'), 'utf8'));
    assert.equal(profile.$schema, './winprep-profile.schema.json', 'no path into the winprep installation');
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'winprep-other-repo-'));
    try {
      for (const name of ['p.json', 'winprep-profile.schema.json']) copyFileSync(path.join(work, name), path.join(elsewhere, name));
      const copied = JSON.parse(readFileSync(path.join(elsewhere, 'p.json'), 'utf8'));
      const schema = JSON.parse(readFileSync(path.resolve(elsewhere, copied.$schema), 'utf8'));
      assert.equal(schema.$id, 'urn:winprep:schema:profile:1');
      assert.equal(runCli(['profile', 'check', path.join(elsewhere, 'p.json')]).status, 0);
    } finally {
      rmSync(elsewhere, {recursive: true, force: true});
    }
  });

  it('init creates missing parent folders (build/win11.json --force), and refuses a parent that is a file (exit 3)', () => {
    const work = mkdtempSync(path.join(dir, 'nested-'));
    const run = runCli(['profile', 'init', 'build/win11.json', '--force'], {cwd: work});
    assert.equal(run.status, 0, run.stderr);
    const file = path.join(work, 'build', 'win11.json');
    const profile = JSON.parse(readFileSync(file, 'utf8'));
    // The schema reference is the copy written beside the profile.
    assert.equal(JSON.parse(readFileSync(path.resolve(path.dirname(file), profile.$schema), 'utf8')).$id, 'urn:winprep:schema:profile:1');
    assert.deepEqual(readdirSync(path.join(work, 'build')).sort(), ['win11.json', 'winprep-profile.schema.json'], 'no temp files left');
    const deep = runCli(['profile', 'init', path.join(work, 'a', 'b', 'c.json'), '--json']);
    assert.equal(parseJsonOutput<ProfileInitResult>(deep).result?.overwritten, false);
    assert.equal(runCli(['profile', 'check', path.join(work, 'a', 'b', 'c.json')]).status, 0);

    writeFileSync(path.join(work, 'plain'), 'not a folder');
    const blocked = runCli(['profile', 'init', 'plain/p.json', '--force'], {cwd: work});
    assert.equal(blocked.status, 3, blocked.stderr);
    assert.match(blocked.stderr, /cannot create plain\/p\.json: plain is not a folder/);
    assert.equal(readFileSync(path.join(work, 'plain'), 'utf8'), 'not a folder');
  });

  it('check without a file is a usage error (exit 2); init defaults to winprep-profile.json in the working folder', () => {
    assert.equal(runCli(['profile', 'check']).status, 2);
    assert.equal(runCli(['profile', 'init', 'x.json', '--role', 'router'], {cwd: dir}).status, 2);
    const run = runCli(['profile', 'init'], {cwd: dir});
    assert.equal(run.status, 0, run.stderr);
    assert.ok(existsSync(path.join(dir, 'winprep-profile.json')));
  });
});
