import assert from 'node:assert/strict';
import {createRequire} from 'node:module';

import {DOMParser} from '@xmldom/xmldom';
import AjvDraft04Module from 'ajv-draft-04';

import {SAMPLE_OSES} from '../../fixtures/build.js';
import {RULES} from '../../src/validate/rules/index.js';
import type {ValidationReport} from '../../src/validate/types.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools} from '../helpers/tools.js';
import {sample} from '../fixtures/samples.js';

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS: under NodeNext its ESM default is module.exports, whose `default` is the class.
const AjvDraft04 = AjvDraft04Module.default;

const ruleIds = (report: ValidationReport, severity = 'error'): string[] =>
  [...new Set(report.rules.flatMap((r) => r.findings.filter((f) => f.severity === severity).map((f) => f.ruleId)))].sort();

describe('winprep image validate', () => {
  for (const osName of SAMPLE_OSES) {
    it(`${osName} captured without sysprep: exit 4 with SkipRearm, identity and generalization findings`, async () => {
      const image = await sample(osName, 'captured-without-sysprep');
      const run = runCli(['image', 'validate', image, '--for', 'duplication', '--json']);
      const doc = parseJsonOutput<ValidationReport>(run);
      assert.equal(run.status, 4, run.stderr);
      assert.equal(doc.status, 4);
      const report = doc.result!;
      assert.equal(report.fit, false);
      const errors = ruleIds(report);
      for (const id of ['WP010', 'WP020', 'WP031', 'WP032']) assert.ok(errors.includes(id), `${osName}: ${id} in ${errors}`);
    });
  }

  it('a sysprepped sample is fit for duplication (exit 0) and its text report says so', async () => {
    const run = runCli(['image', 'validate', await sample('win10-pro', 'sysprepped'), '--for', 'duplication']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /FIT for duplication/);
  });

  it('text output groups findings by severity with locations and fixes', async () => {
    const run = runCli(['image', 'validate', await sample('win10-pro', 'captured-without-sysprep')]);
    assert.equal(run.status, 4);
    assert.match(run.stdout, /NOT FIT for duplication/);
    const errors = run.stdout.indexOf('\nErrors:');
    const warnings = run.stdout.indexOf('\nWarnings:');
    assert.ok(errors > 0 && warnings > errors, run.stdout);
    assert.match(run.stdout, /at {2}Windows\/System32\/config\/SOFTWARE → Microsoft\\Cryptography → MachineGuid/);
    assert.match(run.stdout, /fix winprep image generalize/);
  });

  it('--format junit: one test case per rule, failures carrying the findings', async () => {
    const run = runCli(['image', 'validate', await sample('win10-pro', 'captured-without-sysprep'), '--format', 'junit']);
    assert.equal(run.status, 4);
    const errors: string[] = [];
    const doc = new DOMParser({onError: (level, message) => void (level !== 'warning' && errors.push(message))}).parseFromString(run.stdout, 'text/xml');
    assert.deepEqual(errors, []);
    const cases = doc.getElementsByTagName('testcase');
    assert.equal(cases.length, RULES.length);
    const failures = doc.getElementsByTagName('failure');
    assert.ok(failures.length >= 4);
    const suite = doc.getElementsByTagName('testsuite').item(0)!;
    assert.equal(Number(suite.getAttribute('failures')), failures.length);
    assert.match(failures.item(0)!.textContent ?? '', /\[error\]/);
  });

  it('--format sarif validates against the SARIF 2.1.0 schema and carries every finding', async () => {
    const run = runCli(['image', 'validate', await sample('win10-pro', 'captured-without-sysprep'), '--format', 'sarif']);
    assert.equal(run.status, 4);
    const sarif: {version: string; runs: {results: unknown[]}[]} = JSON.parse(run.stdout);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new AjvDraft04({allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false});
    const validate = ajv.compile(schema);
    assert.equal(validate({version: '2.1.0', runs: [{results: []}]}), false, 'the schema check rejects a run without a tool');
    const valid = validate(JSON.parse(run.stdout));
    assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(sarif.version, '2.1.0');
    const json = parseJsonOutput<ValidationReport>(runCli(['image', 'validate', await sample('win10-pro', 'captured-without-sysprep'), '--json']));
    const findings = json.result!.rules.flatMap((r) => r.findings).length;
    assert.equal(sarif.runs[0].results.length, findings);
  });

  it('--format json is the --json envelope', async () => {
    const run = runCli(['image', 'validate', await sample('win10-pro', 'sysprepped'), '--format', 'json']);
    assert.equal(parseJsonOutput(run).status, 0);
  });

  it('--for wds on Windows 11 reports the WDS-mode limitation (exit 4); duplication does not', async () => {
    const image = await sample('win11-enterprise', 'sysprepped');
    const wds = runCli(['image', 'validate', image, '--for', 'wds']);
    assert.equal(wds.status, 4);
    assert.match(wds.stdout, /WP080 wds-os-support: .*WDS-mode Setup is blocked for Windows 11/);
    assert.equal(runCli(['image', 'validate', image, '--for', 'duplication']).status, 0);
  });

  it('--strict fails on warnings', async () => {
    // server2022: WDS deployment is deprecated (a warning), so only --strict fails it.
    const image = await sample('server2022-datacenter', 'sysprepped');
    assert.equal(runCli(['image', 'validate', image, '--for', 'wds']).status, 0);
    assert.equal(runCli(['image', 'validate', image, '--for', 'wds', '--strict']).status, 4);
  });

  it('--rules and --skip-rules select by ID or name; an unknown rule is a usage error (exit 2)', async () => {
    const image = await sample('win10-pro', 'captured-without-sysprep');
    const only = parseJsonOutput<ValidationReport>(runCli(['image', 'validate', image, '--rules', 'WP020,inherited-machine-guid', '--json']));
    assert.deepEqual(ruleIds(only.result!), ['WP020', 'WP031']);
    const skipped = runCli(['image', 'validate', image, '--skip-rules', 'generalized,skip-rearm,WP030,WP031,WP032,WP033,WP060', '--json']);
    assert.equal(skipped.status, 0, skipped.stdout);
    const unknown = runCli(['image', 'validate', image, '--rules', 'no-such-rule', '--json']);
    assert.equal(unknown.status, 2);
    assert.match(parseJsonOutput(unknown).error!.message, /unknown rule "no-such-rule"/);
  });

  it('--list-rules lists every rule with ID, severity and targets', () => {
    const run = runCli(['image', 'validate', '--list-rules']);
    assert.equal(run.status, 0);
    for (const rule of RULES) assert.match(run.stdout, new RegExp(`${rule.id}\\s+${rule.name}`));
  });

  it('WIM metadata that disagrees with the registry is reported for wds', async function () {
    requireTools(this, 'wimlib-imagex');
    const {promises: fs} = await import('node:fs');
    const {spawnSync} = await import('node:child_process');
    const original = await sample('win10-pro', 'sysprepped', 'wim');
    const copy = `${original}.edition-${process.pid}.wim`;
    await fs.copyFile(original, copy);
    try {
      assert.equal(spawnSync('wimlib-imagex', ['info', copy, '1', '--image-property', 'WINDOWS/EDITIONID=Enterprise']).status, 0);
      const run = runCli(['image', 'validate', copy, '--for', 'wds']);
      assert.equal(run.status, 4);
      assert.match(run.stdout, /WP081 wim-metadata: WIM XML EDITIONID is Enterprise, the registry says Professional/);
    } finally {
      await fs.rm(copy, {force: true});
    }
  });

  it('a missing image is bad input (exit 3) naming the path', () => {
    const run = runCli(['image', 'validate', '/nonexistent/image', '--json']);
    assert.equal(run.status, 3);
    assert.match(parseJsonOutput(run).error!.message, /\/nonexistent\/image/);
  });
});
