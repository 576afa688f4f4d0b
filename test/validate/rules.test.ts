import assert from 'node:assert/strict';

import type {Image} from '../../src/image/types.js';
import {Hive, RegType} from '../../src/registry/index.js';
import {parseUnattend} from '../../src/unattend/index.js';
import {RULES} from '../../src/validate/rules/index.js';
import type {RuleContext, RuleFinding} from '../../src/validate/types.js';
import {answerFile, cleanFacts} from './facts-factory.js';

/** An image whose only file is what the test gives (rules read SetupComplete.cmd through it). */
function imageWith(files: Record<string, string> = {}): Image {
  const read = async (p: string) => (files[p] === undefined ? undefined : Buffer.from(files[p]));
  const exists = async (p: string) => files[p] !== undefined;
  const listFiles = async () => Object.keys(files);
  return {readFile: read, exists, listFiles, hive: async () => undefined} as unknown as Image;
}

function context(overrides: Partial<RuleContext> = {}): RuleContext {
  return {image: imageWith(), facts: cleanFacts(), target: 'duplication', role: 'client', answerFiles: [], ...overrides};
}

async function check(name: string, ctx: RuleContext): Promise<RuleFinding[]> {
  const rule = RULES.find((r) => r.name === name);
  assert.ok(rule, `rule ${name} exists`);
  return rule.check(ctx);
}

describe('validate rules', () => {
  it('have unique IDs and names, evidence and at least one target', () => {
    assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
    assert.equal(new Set(RULES.map((r) => r.name)).size, RULES.length);
    for (const rule of RULES) {
      assert.match(rule.id, /^WP\d{3}$/);
      // Every rule states its basis: documented (public URLs) or inferred (why), never our own notes.
      assert.match(rule.evidence, /^(documented: .*https:\/\/\S+|inferred: \S)/, `${rule.id} evidence`);
      assert.doesNotMatch(rule.evidence, /(?<!reference\/)\b(domain|regf|peers|dns)\.md|\.\.\/shared\b/, `${rule.id} cites an outside note`);
      if (rule.evidence.startsWith('inferred:')) assert.notEqual(rule.severity, 'error', `${rule.id} is inferred, so it may only warn`);
      assert.ok(rule.targets.length > 0);
    }
  });

  it('find nothing on a clean generalized image', async () => {
    for (const rule of RULES) {
      const findings = await rule.check(context({target: rule.targets[0]}));
      assert.deepEqual(findings, [], `${rule.name} on a clean image`);
    }
  });

  it('generalized: never generalized is an error with the sysprep hint; a winprep reseal and any inferred operation are warnings', async () => {
    const facts = cleanFacts();
    facts.generalization = {imageState: 'IMAGE_STATE_COMPLETE', sysprepTag: false, resealedByWinprep: false, state: 'not-generalized', generalizationState: 7};
    const [finding] = await check('generalized', context({facts}));
    assert.equal(finding.severity, undefined);
    assert.match(finding.message, /ImageState=IMAGE_STATE_COMPLETE/);
    assert.match(finding.fix ?? '', /sysprep \/generalize \/oobe in the reference VM/);
    assert.doesNotMatch(finding.fix ?? '', /winprep image generalize/, 'the offline reseal is not offered as the fix');
    facts.generalization = {...facts.generalization, resealedByWinprep: true, state: 'resealed-by-winprep', inferredOperations: ['reseal']};
    const resealed = await check('generalized', context({facts}));
    assert.deepEqual(resealed.map((f) => f.severity), ['warning']);
    assert.match(resealed[0].message, /inferred, not documented/);
    facts.generalization = {imageState: 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE', sysprepTag: true, setupCmdLine: 'oobe\\windeploy.exe', resealedByWinprep: false, state: 'generalized-by-sysprep', inferredOperations: ['msdtc']};
    const inferred = await check('generalized', context({facts}));
    assert.deepEqual(inferred.map((f) => f.severity), ['warning']);
    assert.match(inferred[0].message, /no public source documents \(msdtc\)/);
    facts.generalization.inferredOperations = undefined;
    assert.deepEqual(await check('generalized', context({facts})), []);
  });

  it('skip-rearm: registry and every answer file pass are reported separately', async () => {
    const facts = cleanFacts();
    facts.licensing.skipRearm = 1;
    facts.answerFiles = [answerFile({skipRearm: [{pass: 'generalize', value: '1'}]}), answerFile({path: 'Windows/System32/Sysprep/unattend.xml', skipRearm: [{pass: 'generalize', value: '0'}]})];
    const findings = await check('skip-rearm', context({facts}));
    assert.equal(findings.length, 2);
    assert.equal(findings[0].location?.value, 'SkipRearm');
    assert.equal(findings[1].location?.file, 'Windows/Panther/unattend.xml');
  });

  it('inherited identities: MachineGuid, SusClientId, DUID and a fixed ComputerName', async () => {
    const facts = cleanFacts();
    facts.identity = {computerName: 'REF-PC', machineGuid: '1b2c', susClientId: 'abcd', dhcpv6Duid: '000100'};
    facts.answerFiles = [answerFile({computerNames: [{pass: 'specialize', value: 'REF-PC'}]})];
    for (const name of ['inherited-machine-guid', 'inherited-wsus-id', 'inherited-dhcpv6-duid', 'inherited-computer-name']) {
      assert.equal((await check(name, context({facts}))).length, 1, name);
    }
    facts.answerFiles = [answerFile({computerNames: [{pass: 'specialize', value: '*'}]})];
    assert.deepEqual(await check('inherited-computer-name', context({facts})), []);
  });

  it('computer name in the registry matters only when nothing regenerates it', async () => {
    const facts = cleanFacts();
    facts.generalization.state = 'not-generalized';
    assert.equal((await check('inherited-computer-name', context({facts}))).length, 1);
  });

  it('key-not-gvlk and answer-file-secrets: a MAK is masked and reported; GVLKs pass', async () => {
    const facts = cleanFacts();
    facts.licensing.keyChannel = 'mak';
    facts.answerFiles = [answerFile({productKeys: [{pass: 'specialize', value: 'XXXXX-XXXXX-XXXXX-XXXXX-ABCDE', isGvlk: false}], plainTextPasswords: 2})];
    facts.licensing.keyChannelSource = 'registry-channel';
    const keyFindings = await check('key-not-gvlk', context({facts}));
    assert.equal(keyFindings.length, 2);
    // The answer-file key is documented to be installed: an error. The recorded MAK channel is inferred: a warning.
    assert.equal(keyFindings.find((f) => /specialize/.test(f.message))?.severity, undefined);
    assert.equal(keyFindings.find((f) => /MAK/.test(f.message))?.severity, 'warning');
    const secrets = await check('answer-file-secrets', context({facts}));
    assert.equal(secrets.length, 2);
    assert.ok(secrets.every((f) => !/\b[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}\b/.test(f.message.replaceAll('XXXXX', ''))));
    assert.deepEqual(await check('key-not-gvlk', context({facts, role: 'host'})), []);
  });

  it('gvlk-edition-mismatch: the Enterprise GVLK in a Professional image', async () => {
    const facts = cleanFacts();
    facts.answerFiles = [answerFile({productKeys: [{pass: 'specialize', value: 'NPPR9-FWDCX-D2C8J-H872K-2YT43', isGvlk: true}]})];
    const [finding] = await check('gvlk-edition-mismatch', context({facts}));
    assert.match(finding.message, /Enterprise/);
    facts.answerFiles = [answerFile({productKeys: [{pass: 'specialize', value: 'W269N-WFGWX-YVC9B-4J6C9-T83GX', isGvlk: true}]})];
    assert.deepEqual(await check('gvlk-edition-mismatch', context({facts})), []);
  });

  it('kms-client-settings: bad host, port out of range, lookup domain before Windows 8, interval out of range', async () => {
    const facts = cleanFacts();
    facts.licensing.client = {mode: 'direct', host: 'bad_host!', port: '70000', activationInterval: 14, renewalInterval: 43200};
    const findings = await check('kms-client-settings', context({facts}));
    assert.deepEqual(findings.map((f) => f.location?.value), ['KeyManagementServiceName', 'KeyManagementServicePort', 'VLActivationInterval']);
    const win7 = cleanFacts();
    win7.os.build = 7601;
    win7.licensing.client = {mode: 'auto', lookupDomain: 'corp.example'};
    const [warning] = await check('kms-client-settings', context({facts: win7}));
    assert.equal(warning.severity, 'warning');
  });

  it('host-settings-in-client: host values in a client image warn; a host image is fine', async () => {
    const facts = cleanFacts();
    facts.licensing.host = {listeningPort: '1700', publishDomains: ['a.example']};
    assert.equal((await check('host-settings-in-client', context({facts}))).length, 2);
    assert.deepEqual(await check('host-settings-in-client', context({facts, role: 'host'})), []);
  });

  it('kms-host-key-in-client: SetupComplete.cmd that installs a key', async () => {
    const image = imageWith({'Windows/Setup/Scripts/SetupComplete.cmd': '@echo off\r\ncscript //B %windir%\\system32\\slmgr.vbs /ipk %KEY%\r\n'});
    assert.equal((await check('kms-host-key-in-client', context({image}))).length, 1);
  });

  it('setupcomplete-reboots: shutdown /r is found with its line, a comment is not', async () => {
    const image = imageWith({'Windows/Setup/Scripts/SetupComplete.cmd': '@echo off\r\nrem shutdown /r /t 0\r\nshutdown.exe /r /t 0\r\n'});
    const [finding] = await check('setupcomplete-reboots', context({image}));
    assert.match(finding.message, /line 3/);
    assert.deepEqual(await check('setupcomplete-reboots', context({image: imageWith({'Windows/Setup/Scripts/SetupComplete.cmd': 'rem shutdown /r\r\n'})})), []);
  });

  it('answer-file-shape: malformed XML, a component for another architecture, a setting in the wrong pass', async () => {
    const xml = `<?xml version="1.0"?><unattend xmlns="urn:schemas-microsoft-com:unattend">
      <settings pass="specialize"><component name="Microsoft-Windows-Security-SPP" processorArchitecture="x86"><SkipRearm>0</SkipRearm></component></settings></unattend>`;
    const findings = await check(
      'answer-file-shape',
      context({answerFiles: [{path: 'bad.xml', error: 'line 3: unclosed tag'}, {path: 'Windows/Panther/unattend.xml', doc: parseUnattend(xml)}]}),
    );
    assert.equal(findings.length, 3);
    assert.match(findings[0].message, /not a well-formed/);
    assert.match(findings[1].message, /x86/);
    assert.equal(findings[2].severity, 'warning');
  });

  it('wds-os-support: Windows 11 and Server 2025 are errors, Server 2022 a warning, Windows 10 fine', async () => {
    const facts = cleanFacts();
    facts.os.build = 22631;
    assert.match((await check('wds-os-support', context({facts, target: 'wds'})))[0].message, /WDS/);
    facts.os = {...facts.os, kind: 'server', build: 20348};
    assert.equal((await check('wds-os-support', context({facts, target: 'wds'})))[0].severity, 'warning');
    facts.os.build = 19045;
    facts.os.kind = 'client';
    assert.deepEqual(await check('wds-os-support', context({facts, target: 'wds'})), []);
  });

  it('hive-integrity: a hive that breaks an invariant Windows checks (an lh hash) is an error naming the check', async () => {
    const hive = Hive.create();
    hive.setValue('ControlSet001\\Control\\ComputerName\\ComputerName', {name: 'ComputerName', type: RegType.SZ, data: Buffer.from('PC\0', 'utf16le')});
    const clean = hive.serialize();
    const image = {readFile: async () => undefined, hive: async () => ({serialize: () => clean})} as unknown as Image;
    assert.deepEqual(await check('hive-integrity', context({image})), []);
    const broken = Buffer.from(clean);
    const lh = broken.indexOf(Buffer.from('lh', 'latin1'), 4096);
    broken.writeUInt32LE((broken.readUInt32LE(lh + 8) ^ 0x5a5a) >>> 0, lh + 8);
    const damaged = {readFile: async () => undefined, hive: async () => ({serialize: () => broken})} as unknown as Image;
    const findings = await check('hive-integrity', context({image: damaged}));
    assert.ok(findings.length > 0);
    assert.match(findings[0].message, /hash/i);
    assert.match(findings[0].fix ?? '', /winprep reg verify/);
  });

  it('volume state: hiberfil.sys, pending servicing and a Sysprep error log are warnings; an empty log is fine', async () => {
    const image = imageWith({
      'hiberfil.sys': 'x',
      'Windows/WinSxS/pending.xml': '<PendingTransaction/>',
      'Windows/System32/Sysprep/Panther/setuperr.log': '2024-01-01 10:00:00, Error SYSPRP RunExternalDlls: fatal error 0x80073cf2\r\n',
    });
    for (const name of ['hibernated-volume', 'pending-servicing']) assert.equal((await check(name, context({image}))).length, 1, name);
    const [log] = await check('sysprep-error-log', context({image}));
    assert.match(log.message, /0x80073cf2/);
    assert.deepEqual(await check('sysprep-error-log', context({image: imageWith({'Windows/System32/Sysprep/Panther/setuperr.log': ''})})), []);
  });

  it('wim-metadata: an EDITIONID that disagrees with the registry', async () => {
    const facts = cleanFacts();
    facts.kind = 'wim';
    const findings = await check('wim-metadata', context({facts, target: 'wds', wimMetadata: {editionId: 'Enterprise', architecture: 'amd64'}}));
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /EDITIONID/);
  });
});
