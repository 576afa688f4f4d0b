/**
 * Trustworthy verdicts on sysprepped images (issue 12, items 1–3 and the demo path), end to end through the CLI.
 * What winprep wrote is read back by independent parsers: python's ElementTree for answer files, hivexget for
 * hives — never by winprep's own readers alone.
 */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {IMAGE_PATHS} from '../../src/image/types.js';
import type {ValidationReport} from '../../src/validate/types.js';
import {copySample} from '../fixtures/samples.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {requireTools, run} from '../helpers/tools.js';

const at = (image: string, inner: string): string => path.join(image, ...inner.split('/'));

/** The text of every element of each *pending* (not wasPassProcessed) pass, by pass name, as ElementTree reads it. */
function pendingPasses(file: string): Record<string, string[]> {
  const script = [
    'import sys, json, xml.etree.ElementTree as E',
    "N='{urn:schemas-microsoft-com:unattend}'",
    'r=E.parse(sys.argv[1]).getroot()',
    'out={}',
    "for s in r.findall(N+'settings'):",
    "  if s.get('wasPassProcessed','false').lower()=='true': continue",
    "  out.setdefault(s.get('pass'),[]).extend(e.tag.split('}')[1]+'='+(e.text or '').strip() for e in s.iter())",
    'print(json.dumps(out))',
  ].join('\n');
  const py = run('python3', ['-c', script, file]);
  assert.equal(py.status, 0, py.stderr);
  return JSON.parse(py.stdout) as Record<string, string[]>;
}

/** One pass's XML as ElementTree serialises it (a canonical form to compare before and after). */
function passXml(file: string, pass: string): string {
  const script = [
    'import sys, xml.etree.ElementTree as E',
    "N='{urn:schemas-microsoft-com:unattend}'",
    'r=E.parse(sys.argv[1]).getroot()',
    "print(''.join(E.tostring(s, encoding='unicode') for s in r.findall(N+'settings') if s.get('pass')==sys.argv[2]))",
  ].join('\n');
  const py = run('python3', ['-c', script, file, pass]);
  assert.equal(py.status, 0, py.stderr);
  return py.stdout;
}

function validate(image: string, ...args: string[]): {status: number; report: ValidationReport} {
  const doc = parseJsonOutput<ValidationReport>(runCli(['image', 'validate', image, '--json', ...args]));
  return {status: doc.status, report: doc.result!};
}

const findings = (report: ValidationReport, id: string) => report.rules.find((r) => r.id === id)?.findings ?? [];

async function setSkipRearm(image: string, value: 0 | 1): Promise<void> {
  for (const inner of [IMAGE_PATHS.pantherUnattend, IMAGE_PATHS.sysprepUnattend]) {
    const file = at(image, inner);
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, text.replace(/<SkipRearm>\d<\/SkipRearm>/, `<SkipRearm>${value}</SkipRearm>`));
  }
}

describe('trustworthy verdicts on sysprepped images', function () {
  this.timeout(180_000);

  it('processed SkipRearm=1: WP020 fails it; generalize arms a logged rearm in the pending specialize pass; WP020 then warns (error under --strict)', async function () {
    requireTools(this, 'python3');
    const image = await copySample('win10-pro', 'sysprepped', 'processed-skiprearm');
    await setSkipRearm(image, 1);

    const before = validate(image);
    assert.equal(before.status, 4);
    assert.ok(findings(before.report, 'WP020').some((f) => f.severity === 'error'), 'WP020 error before');

    const generalize = runCli(['image', 'generalize', image]);
    assert.equal(generalize.status, 0, generalize.stderr);
    const pending = pendingPasses(at(image, IMAGE_PATHS.pantherUnattend));
    const path = pending.specialize?.find((e) => e.startsWith('Path=')) ?? '';
    assert.match(path, /slmgr\.vbs \/rearm/, 'a rearm step in the pending specialize pass of the cached answer file');
    assert.match(path, /Panther\\winprep-rearm\.log/, 'its output and exit code go to a log');
    assert.ok(pending.specialize?.includes('WillReboot=Always'), 'followed by a restart');

    const after = validate(image);
    assert.equal(after.status, 0);
    const wp020 = findings(after.report, 'WP020');
    assert.ok(wp020.some((f) => f.severity === 'warning' && /slmgr \/dlv/.test(`${f.message} ${f.fix ?? ''}`)), JSON.stringify(wp020));
    assert.equal(validate(image, '--strict').status, 4);
  });

  it('a sysprepped image keeps Windows/Panther/unattend.xml: its specialize and oobeSystem passes are unchanged', async function () {
    requireTools(this, 'python3');
    const image = await copySample('win10-pro', 'sysprepped', 'keeps-panther');
    const file = at(image, IMAGE_PATHS.pantherUnattend);
    const specialize = passXml(file, 'specialize');
    const oobe = passXml(file, 'oobeSystem');
    const bytes = await fs.readFile(file);

    const result = runCli(['image', 'generalize', image]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(await fs.readFile(file), bytes, 'nothing in the file needed a change, so no byte changed');
    assert.equal(passXml(file, 'specialize'), specialize);
    assert.equal(passXml(file, 'oobeSystem'), oobe);
    assert.ok(pendingPasses(file).oobeSystem?.includes('HideEULAPage=true'));
  });

  for (const order of ['key first', 'generalize first'] as const) {
    it(`kms client --key auto and generalize, ${order}: the GVLK is in the pending specialize pass Setup reads next`, async function () {
      requireTools(this, 'python3');
      const image = await copySample('win11-enterprise', 'sysprepped', `key-${order.replace(' ', '-')}`);
      for (const inner of [IMAGE_PATHS.pantherUnattend, IMAGE_PATHS.sysprepUnattend]) {
        const text = await fs.readFile(at(image, inner), 'utf8');
        await fs.writeFile(at(image, inner), text.replace(/<ProductKey>[^<]*<\/ProductKey>/, ''));
      }
      const key = (): ReturnType<typeof runCli> => runCli(['kms', 'client', 'set', image, '--key', 'auto']);
      const generalize = (): ReturnType<typeof runCli> => runCli(['image', 'generalize', image]);
      for (const step of order === 'key first' ? [key, generalize] : [generalize, key]) {
        const result = step();
        assert.equal(result.status, 0, result.stderr);
      }
      assert.ok(pendingPasses(at(image, IMAGE_PATHS.pantherUnattend)).specialize?.includes('ProductKey=NPPR9-FWDCX-D2C8J-H872K-2YT43'));
    });
  }

  it('never generalized: WP010 fails it after the default generalize, with the sysprep hint; +reseal is a warning, an error under --strict', async function () {
    requireTools(this, 'hivexget');
    const image = await copySample('win10-pro', 'captured-without-sysprep', 'never-generalized');
    const generalized = runCli(['image', 'generalize', image]);
    assert.equal(generalized.status, 0);
    // Generalize says so itself, so that "committed" is not read as "ready to clone".
    assert.match(generalized.stderr, /^warning: \S*never-generalized\S* was never generalized by sysprep: these operations do not make its clones distinct.*\(WP010\); run sysprep \/generalize \/oobe/m);
    const after = validate(image);
    assert.equal(after.status, 4);
    const error = findings(after.report, 'WP010').find((f) => f.severity === 'error');
    assert.ok(error, 'WP010 error');
    assert.match(error.fix ?? '', /sysprep \/generalize \/oobe/);

    const resealed = await copySample('win10-pro', 'captured-without-sysprep', 'resealed');
    const reseal = parseJsonOutput<{operations: {name: string; basis: {kind: string}; notes: string[]}[]}>(
      runCli(['image', 'generalize', resealed, '--operations', 'defaults,+reseal,+machine-guid,+dhcpv6-duid', '--json']),
    );
    assert.equal(reseal.status, 0);
    assert.deepEqual((reseal as {warnings?: string[]}).warnings, [], 'the offline reseal opted into: no never-generalized warning (WP010 says what it is)');
    const op = reseal.result!.operations.find((o) => o.name === 'reseal')!;
    assert.equal(op.basis.kind, 'inferred');
    assert.match(op.notes.join(' '), /not proven on a booted Windows/);
    // The Setup state a generalized image carries, read back by hivex.
    const system = at(resealed, IMAGE_PATHS.systemHive);
    assert.equal(run('hivexget', [system, 'Setup\\Status\\ChildCompletion', 'setup.exe']).stdout.trim(), '0');
    assert.equal(run('hivexget', [system, 'Setup', 'SetupPhase']).stdout.trim(), '4');
    assert.equal(run('hivexget', [system, 'Setup', 'CmdLine']).stdout.trim(), 'oobe\\windeploy.exe');
    const warned = validate(resealed);
    assert.equal(warned.status, 0);
    const wp010 = findings(warned.report, 'WP010');
    assert.ok(wp010.length > 0 && wp010.every((f) => f.severity === 'warning'), JSON.stringify(wp010));
    assert.match(wp010.map((f) => f.message).join(' '), /resealed offline by winprep, not generalized by sysprep/);
    assert.equal(validate(resealed, '--strict').status, 4);
  });

  it('an inferred operation that changed a sysprepped image leaves a marker, and validate warns instead of a clean FIT', async function () {
    requireTools(this, 'hivexget');
    const image = await copySample('win10-pro', 'sysprepped', 'inferred-op');
    assert.equal(runCli(['image', 'generalize', image, '--operations', 'defaults,+msdtc']).status, 0);
    assert.notEqual(run('hivexget', [at(image, IMAGE_PATHS.softwareHive), 'winprep\\InferredOperations', 'msdtc']).stdout.trim(), '');
    const report = validate(image);
    assert.equal(report.status, 0);
    assert.match(findings(report.report, 'WP010').map((f) => f.message).join(' '), /no public source documents \(msdtc\)/);
  });

  it('the demo path: a sysprepped image with the mistakes pipelines ship is NOT FIT, and FIT after image prepare', async function () {
    requireTools(this, 'hivexget');
    const image = await copySample('win10-pro', 'sysprepped-with-mistakes', 'demo');
    const before = validate(image);
    assert.equal(before.status, 4);
    for (const id of ['WP020', 'WP034', 'WP040', 'WP051']) assert.ok(findings(before.report, id).length > 0, `${id} finds the mistake`);

    const profile = path.join(path.dirname(image), 'demo-profile.json');
    await fs.copyFile(path.join('fixtures', 'profiles', 'kms-client.json'), profile);
    const prepared = runCli(['image', 'prepare', image, '--profile', profile]);
    assert.equal(prepared.status, 0, prepared.stderr);

    const after = validate(image);
    assert.equal(after.status, 0);
    const left = after.report.rules.flatMap((r) => r.findings.map((f) => `${r.id}:${f.severity}`));
    assert.deepEqual(left, ['WP020:warning'], 'only the armed rearm is left to confirm on the first clone');
    const nt = at(image, 'Windows/ServiceProfiles/NetworkService/NTUSER.DAT');
    const cache = run('hivexget', [nt, 'Software\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform\\55c92734-d682-4d71-983e-d6ec3f16059f', 'DiscoveredKeyManagementServiceName']);
    assert.equal(cache.stdout.trim(), '', 'the cached KMS host is gone');
    assert.ok(pendingPasses(at(image, IMAGE_PATHS.pantherUnattend)).specialize?.includes('ProductKey=W269N-WFGWX-YVC9B-4J6C9-T83GX'));
  });
});
