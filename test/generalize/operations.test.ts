import assert from 'node:assert/strict';

import {SAMPLE_OSES} from '../../fixtures/build.js';
import {inspectImage} from '../../src/facts/inspect.js';
import {IMAGE_PATHS} from '../../src/image/types.js';
import {stageGeneralize, stageOperation} from '../../src/generalize/run.js';
import {PLACEHOLDER_COMPUTER_NAME} from '../../src/generalize/operations/computer-name.js';
import {RESEAL_MARKER_KEY, reseal} from '../../src/generalize/operations/reseal.js';
import {rearmStepFields} from '../../src/generalize/rearm-step.js';
import {STARTER_OPERATIONS} from '../../src/licensing/profile.js';
import {dwordValue, readDword, szValue} from '../../src/registry/index.js';
import {parseUnattend} from '../../src/unattend/index.js';
import type {Operation} from '../../src/generalize/types.js';
import {copySample, sample} from '../fixtures/samples.js';
import {FIXED_NOW, hiveOf, openWithFacts, stringAt, textOf} from './helpers.js';

const CS = 'ControlSet001';
const SPP = 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';
const SL = 'Microsoft\\Windows NT\\CurrentVersion\\SL';

describe('generalize operations on sample images', function () {
  this.timeout(120_000);

  for (const os of SAMPLE_OSES) {
    it(`${os}: the starter profile's operations (defaults + the opt-in reseal) leave no inherited identity, SkipRearm off, the reseal armed; a second run changes nothing`, async () => {
      const dir = await copySample(os, 'captured-without-sysprep', `gen-${os}`);
      const first = await openWithFacts(dir);
      const staged = await stageGeneralize(first.image, first.facts, {operations: STARTER_OPERATIONS, now: FIXED_NOW});
      assert.ok(staged.operations.every((r) => r.status === 'changed'), JSON.stringify(staged.operations.map((r) => [r.name, r.status, r.notes])));
      assert.deepEqual(staged.disabled.sort(), ['licensing-store', 'machine-sid', 'msdtc']);
      await first.image.commit();

      const after = await openWithFacts(dir);
      const {identity, licensing, generalization, answerFiles} = after.facts;
      assert.equal(identity.machineGuid, undefined);
      assert.equal(identity.susClientId, undefined);
      assert.equal(identity.dhcpv6Duid, undefined);
      assert.equal(identity.computerName, PLACEHOLDER_COMPUTER_NAME);
      assert.equal(identity.tcpipHostname, PLACEHOLDER_COMPUTER_NAME);
      assert.notEqual(licensing.skipRearm, 1);
      assert.equal(licensing.cachedKmsHost, undefined);
      assert.equal(generalization.state, 'resealed-by-winprep');
      assert.equal(generalization.imageState, 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE');
      assert.equal(generalization.stateIniImageState, 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE');
      assert.ok(answerFiles.length > 0);
      for (const file of answerFiles) {
        assert.ok(file.skipRearm.every((s) => s.value === '0'), `${file.path}: ${JSON.stringify(file.skipRearm)}`);
        assert.ok(file.computerNames.every((c) => c.value === '*'), `${file.path}: ${JSON.stringify(file.computerNames)}`);
      }
      assert.equal(await after.image.exists(IMAGE_PATHS.pantherUnattend), false);

      const software = await hiveOf(after.image, IMAGE_PATHS.softwareHive);
      assert.equal(stringAt(software, RESEAL_MARKER_KEY, 'ResealedBy'), 'winprep');
      assert.equal(stringAt(software, RESEAL_MARKER_KEY, 'Time'), FIXED_NOW().toISOString());
      assert.equal(readDword(software.getValue(RESEAL_MARKER_KEY, 'RearmArmed')), 1);
      const system = await hiveOf(after.image, IMAGE_PATHS.systemHive);
      assert.equal(stringAt(system, 'Setup', 'CmdLine'), 'oobe\\windeploy.exe');
      assert.equal(readDword(system.getValue('Setup', 'SetupType')), 2);

      // The rearm step (from templates/generalize/) is in the specialize pass of Sysprep\unattend.xml.
      const doc = parseUnattend((await after.image.readFile(IMAGE_PATHS.sysprepUnattend))!, IMAGE_PATHS.sysprepUnattend);
      const steps = doc.listItems('specialize', 'Microsoft-Windows-Deployment', ['RunSynchronous']);
      assert.deepEqual(steps.map((s) => [s.fields.Order, s.fields.Path, s.fields.WillReboot]), [['1', rearmStepFields().Path, 'Always']]);
      assert.match(rearmStepFields().Path, /slmgr\.vbs \/rearm .*Panther\\winprep-rearm\.log/);
      // The inferred operations that changed the image are recorded, so validate never calls it a clean FIT.
      assert.deepEqual(generalization.inferredOperations, ['dhcpv6-duid', 'machine-guid', 'reseal']);

      // Second run, a later clock: every operation unchanged, nothing staged at all.
      const again = await stageGeneralize(after.image, after.facts, {operations: STARTER_OPERATIONS, now: () => new Date('2030-01-01T00:00:00Z')});
      assert.deepEqual(again.operations.map((r) => [r.name, r.status]), staged.operations.map((r) => [r.name, 'unchanged']));
      assert.deepEqual(await after.image.changes(), []);
      await after.image.discard();
    });
  }

  it('vista-business: SL keys and the Security-Licensing-SLC component are the ones changed', async () => {
    const {image, facts} = await openWithFacts(await sample('vista-business', 'captured-without-sysprep'), true);
    try {
      const software = await hiveOf(image, IMAGE_PATHS.softwareHive);
      software.setValue(SL, dwordValue('SkipRearm', 1));
      const staged = await stageGeneralize(image, facts, {now: FIXED_NOW});
      const skip = staged.operations.find((r) => r.name === 'skip-rearm')!;
      assert.ok(skip.changes.some((c) => c.kind === 'registry' && c.key === SL && c.before === '1' && c.after === '0'));
      assert.ok(skip.changes.some((c) => c.kind === 'answer-file' && c.component === 'Microsoft-Windows-Security-Licensing-SLC' && c.pass === 'generalize'));
      const cache = staged.operations.find((r) => r.name === 'kms-cache')!;
      assert.ok(cache.changes.length > 0 && cache.changes.every((c) => c.kind === 'registry' && c.key.endsWith('\\SL')));
    } finally {
      await image.discard();
    }
  });

  it('turns a registry SkipRearm=1 off (7 and later)', async () => {
    const {image, facts} = await openWithFacts(await sample('win7-enterprise', 'captured-without-sysprep'), true);
    try {
      (await hiveOf(image, IMAGE_PATHS.softwareHive)).setValue(SPP, dwordValue('SkipRearm', 1));
      const staged = await stageGeneralize(image, facts, {operations: ['skip-rearm']});
      assert.equal(readDword((await hiveOf(image, IMAGE_PATHS.softwareHive)).getValue(SPP, 'SkipRearm')), 0);
      assert.ok(staged.operations[0].changes.some((c) => c.kind === 'registry' && c.before === '1'));
    } finally {
      await image.discard();
    }
  });

  it('leaves an image sysprep generalized to its own rearm', async () => {
    const {image, facts} = await openWithFacts(await sample('win10-pro', 'sysprepped'), true);
    try {
      assert.equal(facts.generalization.state, 'generalized-by-sysprep');
      const staged = await stageGeneralize(image, facts, {operations: ['defaults,+reseal']});
      const report = staged.operations.find((r) => r.name === 'reseal')!;
      assert.equal(report.status, 'not-applicable');
      assert.match(report.notes[0], /sysprep generalized/);
      assert.equal((await hiveOf(image, IMAGE_PATHS.softwareHive)).key(RESEAL_MARKER_KEY), undefined);
    } finally {
      await image.discard();
    }
  });

  it('arms the first-boot rearm on a sysprep-generalized image whose rearm SkipRearm=1 skipped (skip-rearm; reseal stays out)', async () => {
    const {image} = await openWithFacts(await sample('win10-pro', 'sysprepped'), true);
    try {
      (await hiveOf(image, IMAGE_PATHS.softwareHive)).setValue(SPP, dwordValue('SkipRearm', 1));
      const facts = await inspectImage(image);
      assert.equal(facts.generalization.state, 'generalized-by-sysprep');
      const staged = await stageGeneralize(image, facts, {operations: ['skip-rearm,reseal'], now: FIXED_NOW});
      const [skip, resealReport] = staged.operations;
      assert.equal(skip.status, 'changed');
      assert.ok(skip.changes.some((c) => c.kind === 'answer-file' && /RunSynchronous/.test(c.setting) && c.pass === 'specialize'));
      assert.equal(resealReport.status, 'not-applicable');
      // Sysprep's setup state is left as sysprep wrote it, and no winprep reseal marker appears.
      assert.equal((await hiveOf(image, IMAGE_PATHS.softwareHive)).key(RESEAL_MARKER_KEY), undefined);
      const again = await stageGeneralize(image, await inspectImage(image), {operations: ['skip-rearm,reseal']});
      assert.deepEqual(again.operations.map((r) => r.status), ['unchanged', 'not-applicable']);
    } finally {
      await image.discard();
    }
  });

  it('-computer-name leaves the name alone; --computer-name sets registry and answer file', async () => {
    const path = await sample('server2022-datacenter', 'captured-without-sysprep');
    const kept = await openWithFacts(path, true);
    try {
      const staged = await stageGeneralize(kept.image, kept.facts, {operations: ['defaults,-computer-name']});
      assert.ok(!staged.operations.some((r) => r.name === 'computer-name'));
      assert.equal(stringAt(await hiveOf(kept.image, IMAGE_PATHS.systemHive), `${CS}\\Control\\ComputerName\\ComputerName`, 'ComputerName'), 'REFPC-01');
      assert.match((await textOf(kept.image, IMAGE_PATHS.sysprepUnattend)) ?? '', /<ComputerName>REFPC-01<\/ComputerName>/);
    } finally {
      await kept.image.discard();
    }
    const named = await openWithFacts(path, true);
    try {
      await stageGeneralize(named.image, named.facts, {operations: ['computer-name'], computerName: 'LAB-SRV01'});
      const system = await hiveOf(named.image, IMAGE_PATHS.systemHive);
      assert.equal(stringAt(system, `${CS}\\Control\\ComputerName\\ComputerName`, 'ComputerName'), 'LAB-SRV01');
      assert.equal(stringAt(system, `${CS}\\Services\\Tcpip\\Parameters`, 'NV Hostname'), 'LAB-SRV01');
      assert.match((await textOf(named.image, IMAGE_PATHS.sysprepUnattend)) ?? '', /<ComputerName>LAB-SRV01<\/ComputerName>/);
    } finally {
      await named.image.discard();
    }
  });

  it('puts the rearm step first, renumbering an existing Order 1, and only once', async () => {
    const {image, facts} = await openWithFacts(await sample('win11-enterprise', 'captured-without-sysprep'), true);
    try {
      const doc = parseUnattend((await image.readFile(IMAGE_PATHS.sysprepUnattend))!);
      doc.addListItem('specialize', 'Microsoft-Windows-Deployment', ['RunSynchronous'], 'RunSynchronousCommand', {Order: '1', Path: 'cmd /c echo hi'}, 'amd64');
      image.writeFile(IMAGE_PATHS.sysprepUnattend, Buffer.from(doc.serialize()));
      const staged = await stageGeneralize(image, facts, {operations: ['reseal']});
      assert.ok(staged.operations[0].changes.some((c) => c.kind === 'answer-file' && c.setting.endsWith('[Order=1]/Order') && c.after === '2'));
      const items = parseUnattend((await image.readFile(IMAGE_PATHS.sysprepUnattend))!).listItems('specialize', 'Microsoft-Windows-Deployment', ['RunSynchronous']);
      assert.deepEqual(items.map((i) => [i.fields.Order, i.fields.Path]).sort(), [['1', rearmStepFields().Path], ['2', 'cmd /c echo hi']]);
      // Reseal again on the staged result: no second rearm step.
      const again = await stageOperation(reseal, {image, facts, options: {computerName: '*', version: '0', now: FIXED_NOW}});
      assert.equal(again.status, 'unchanged');
    } finally {
      await image.discard();
    }
  });

  it('keeps the answer file SYSTEM\\Setup\\UnattendFile names, and arms that one', async () => {
    const {image, facts} = await openWithFacts(await sample('win10-pro', 'captured-without-sysprep'), true);
    try {
      const registered = 'Windows/Panther/deploy.xml';
      image.writeFile(registered, Buffer.from('<?xml version="1.0"?>\n<unattend xmlns="urn:schemas-microsoft-com:unattend">\n</unattend>\n'));
      image.writeFile('Windows/Panther/setupact.log', Buffer.from('old machine REFPC-01'));
      (await hiveOf(image, IMAGE_PATHS.systemHive)).setValue('Setup', szValue('UnattendFile', 'C:\\Windows\\Panther\\deploy.xml'));
      const staged = await stageGeneralize(image, facts, {operations: ['defaults,+reseal'], now: FIXED_NOW});
      const deleted = staged.operations.find((r) => r.name === 'panther')!.changes.map((c) => (c.kind === 'file' ? c.path : ''));
      assert.ok(deleted.includes('Windows/Panther/setupact.log'));
      assert.ok(!deleted.includes(registered));
      const text = (await textOf(image, registered)) ?? '';
      assert.match(text, /slmgr\.vbs \/rearm/);
      assert.match(text, /<ComputerName>\*<\/ComputerName>/);
    } finally {
      await image.discard();
    }
  });

  it('msdtc (opt-in) appends the reinstall to SetupComplete.cmd once, keeping what was there', async () => {
    const {image, facts} = await openWithFacts(await sample('server2019-standard', 'captured-without-sysprep'), true);
    try {
      image.writeFile(IMAGE_PATHS.setupComplete, Buffer.from('@echo off\r\necho mine'));
      const first = await stageGeneralize(image, facts, {operations: ['msdtc']});
      assert.equal(first.operations[0].status, 'changed');
      const text = (await textOf(image, IMAGE_PATHS.setupComplete)) ?? '';
      assert.match(text, /^@echo off\r\necho mine\r\nrem winprep:msdtc begin/);
      assert.match(text, /msdtc -uninstall\r\nmsdtc -install\r\n/);
      const second = await stageGeneralize(image, facts, {operations: ['msdtc']});
      assert.equal(second.operations[0].status, 'unchanged');
    } finally {
      await image.discard();
    }
  });

  it('machine-sid and licensing-store only report, and change nothing', async () => {
    const {image, facts} = await openWithFacts(await sample('win10-pro', 'captured-without-sysprep'), true);
    try {
      const staged = await stageGeneralize(image, facts, {operations: ['machine-sid,licensing-store']});
      const sid = staged.operations.find((r) => r.name === 'machine-sid')!;
      assert.equal(sid.status, 'unchanged');
      assert.match(sid.notes[0], /S-1-5-21-\d+-\d+-\d+ kept/);
      assert.ok(staged.operations.every((r) => r.changes.length === 0));
      assert.deepEqual(await image.changes(), []);
    } finally {
      await image.discard();
    }
  });

  it('declares an operation not applicable outside its appliesTo, and kms-cache without a NetworkService hive', async () => {
    const {image, facts} = await openWithFacts(await sample('win7-enterprise', 'captured-without-sysprep'), true);
    try {
      const clientOnly: Operation = {
        name: 'client-only',
        heading: 'x',
        defaultOn: true,
        appliesTo: {generations: ['spp'], kinds: ['server']},
        basis: {kind: 'documented', source: 'https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication'},
        evidence: 'https://learn.microsoft.com/troubleshoot/windows-server/setup-upgrade-and-drivers/windows-installations-disk-duplication',
        order: 1,
        stage: async () => {
          throw new Error('must not run');
        },
      };
      const options = {computerName: '*', version: '0', now: FIXED_NOW};
      assert.equal((await stageOperation(clientOnly, {image, facts, options})).status, 'not-applicable');
      image.deleteFile(IMAGE_PATHS.networkServiceHive);
      const staged = await stageGeneralize(image, facts, {operations: ['kms-cache']});
      assert.equal(staged.operations[0].status, 'not-applicable');
    } finally {
      await image.discard();
    }
  });
});
