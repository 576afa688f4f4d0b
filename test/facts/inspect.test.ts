import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {SAMPLE_OSES, SAMPLE_OS_SPECS, SAMPLE_STATES} from '../../fixtures/build.js';
import {isWinprepError, type WinprepError} from '../../src/errors.js';
import type {ImageFacts} from '../../src/facts/facts.js';
import {inspectImage, inspectImagePath} from '../../src/facts/inspect.js';
import {openImage} from '../../src/image/index.js';
import {IMAGE_PATHS} from '../../src/image/types.js';
import {Hive} from '../../src/registry/index.js';
import {RegType} from '../../src/registry/types.js';
import {requireTools} from '../helpers/tools.js';
import {copySample, sample} from '../fixtures/samples.js';

const sz = (text: string) => ({type: RegType.SZ, data: Buffer.from(`${text}\0`, 'utf16le')});
const dword = (n: number) => {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(n);
  return {type: RegType.DWORD, data};
};
const inner = (dir: string, innerPath: string): string => path.join(dir, ...innerPath.split('/'));

/** Change a hive of a folder image in place with our engine. */
async function editHive(dir: string, hivePath: string, edit: (hive: Hive) => void): Promise<void> {
  const file = inner(dir, hivePath);
  const hive = await Hive.load(file);
  edit(hive);
  await fs.writeFile(file, hive.serialize());
}

const withoutLocation = (facts: ImageFacts): Omit<ImageFacts, 'kind' | 'path'> => {
  const {kind: _kind, path: _path, ...rest} = facts;
  return rest;
};

describe('image inspect: a Windows 10 Pro image captured without sysprep', () => {
  let facts: ImageFacts;
  before(async () => {
    facts = await inspectImagePath(await sample('win10-pro', 'captured-without-sysprep'));
  });

  it('reads the OS from CurrentVersion, ProductOptions and kernel32.dll', () => {
    assert.deepEqual(facts.os, {
      productName: 'Windows 10 Pro',
      displayName: 'Windows 10 Pro',
      editionId: 'Professional',
      version: '6.3',
      majorVersion: 10,
      minorVersion: 0,
      build: 19045,
      installationType: 'Client',
      architecture: 'amd64',
      kind: 'client',
      licensingGeneration: 'spp',
      family: 'Windows 10',
    });
    assert.deepEqual(facts.controlSet, {current: 1, name: 'ControlSet001', available: ['ControlSet001', 'ControlSet002']});
  });

  it('finds every machine identity a clone would share', () => {
    assert.deepEqual(facts.identity, {
      computerName: 'REFPC-01',
      tcpipHostname: 'REFPC-01',
      tcpipNvHostname: 'REFPC-01',
      primaryDnsSuffix: 'corp.example.com',
      machineSid: 'S-1-5-21-3623811015-3361044348-30300820',
      machineGuid: '5b0d4c7e-3f1a-4e8b-9c2d-7a6f1e0b3c4d',
      susClientId: 'c2f9e6a1-8b47-4d3e-a5f0-1e7b9c4d2a86',
      dhcpv6Duid: '000100012c8e1af400155d010203',
      wsusIdentityValues: ['SusClientId', 'SusClientIdValidation', 'PingID', 'AccountDomainSid'],
    });
  });

  it('reads the installed GVLK, SkipRearm, KMS settings and the cached KMS host', () => {
    const lic = facts.licensing;
    assert.equal(lic.keyPath, 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform');
    assert.equal(lic.keyChannel, 'gvlk');
    assert.equal(lic.productKey, 'W269N-WFGWX-YVC9B-4J6C9-T83GX');
    assert.equal(lic.partialProductKey, 'T83GX');
    assert.ok(lic.gvlkMatches?.includes('Windows 10 Pro'), String(lic.gvlkMatches));
    assert.equal(lic.skipRearm, 0);
    assert.deepEqual(lic.client, {mode: 'auto'});
    assert.deepEqual(lic.host, {});
    assert.equal(lic.cachedKmsHost, 'kms01.corp.example.com');
    assert.equal(lic.cachedKmsPort, '1688');
  });

  it('says not generalized, from ImageState, the missing tag and the empty CmdLine', () => {
    assert.equal(facts.generalization.state, 'not-generalized');
    assert.equal(facts.generalization.imageState, 'IMAGE_STATE_COMPLETE');
    assert.equal(facts.generalization.stateIniImageState, 'IMAGE_STATE_COMPLETE');
    assert.equal(facts.generalization.sysprepTag, false);
    assert.equal(facts.generalization.setupCmdLine, '');
    assert.equal(facts.generalization.generalizationState, 7);
    assert.equal(facts.generalization.resealedByWinprep, false);
  });

  it('lists the answer files in search order with SkipRearm, names, keys and passwords', () => {
    assert.deepEqual(
      facts.answerFiles.map((f) => f.path),
      [IMAGE_PATHS.pantherUnattend, IMAGE_PATHS.sysprepUnattend],
    );
    const [panther, sysprep] = facts.answerFiles;
    assert.equal(panther!.plainTextPasswords, 1);
    assert.deepEqual(panther!.computerNames, [{pass: 'specialize', value: 'REFPC-01'}]);
    assert.deepEqual(panther!.productKeys, [{pass: 'windowsPE', value: 'W269N-WFGWX-YVC9B-4J6C9-T83GX', isGvlk: true}]);
    assert.deepEqual(sysprep!.skipRearm, [{pass: 'generalize', value: '1'}]);
    assert.deepEqual(sysprep!.passes, ['generalize', 'specialize', 'oobeSystem']);
    assert.deepEqual(sysprep!.architectures, ['amd64']);
    assert.ok(facts.answerFiles.every((f) => f.wellFormed));
  });

  it('reports every hive it read, all clean', () => {
    assert.equal(facts.hives.length, 5);
    assert.ok(facts.hives.every((h) => !h.dirty));
  });
});

describe('image inspect: other samples', () => {
  it('sees a sysprepped image as generalized by sysprep, without machine identities', async () => {
    const facts = await inspectImagePath(await sample('win10-pro', 'sysprepped'));
    assert.equal(facts.generalization.state, 'generalized-by-sysprep');
    assert.equal(facts.generalization.setupCmdLine, 'oobe\\windeploy.exe');
    assert.equal(facts.generalization.setupType, 2);
    assert.equal(facts.identity.machineGuid, undefined);
    assert.equal(facts.identity.susClientId, undefined);
    assert.equal(facts.identity.dhcpv6Duid, undefined);
    assert.equal(facts.licensing.cachedKmsHost, undefined);
    assert.deepEqual(facts.answerFiles.flatMap((f) => f.skipRearm.map((s) => s.value)), ['0', '0']);
    assert.deepEqual(facts.answerFiles.flatMap((f) => f.computerNames.map((s) => s.value)), ['*', '*']);
  });

  it('reads Vista from the SL key, the SLC answer-file component and an x86 kernel32', async () => {
    const facts = await inspectImagePath(await sample('vista-business', 'captured-without-sysprep'));
    assert.equal(facts.os.licensingGeneration, 'sl');
    assert.equal(facts.os.architecture, 'x86');
    assert.equal(facts.os.family, 'Windows Vista');
    assert.equal(facts.os.installationType, undefined);
    assert.equal(facts.licensing.keyPath, 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SL');
    assert.equal(facts.licensing.cachedKmsHost, 'kms01.corp.example.com');
    // No BackupProductKeyDefault before Windows 8: the key comes from an answer file's specialize pass (the one
    // Setup installs), not from the Panther copy's windowsPE key that only picked the edition.
    assert.equal(facts.licensing.partialProductKey, undefined);
    assert.equal(facts.licensing.productKeySource, IMAGE_PATHS.sysprepUnattend);
    assert.equal(facts.licensing.keyChannel, 'gvlk');
    assert.deepEqual(facts.answerFiles[1]!.skipRearm, [{pass: 'generalize', value: '1'}]);
  });

  it('tells Windows 11 from its build although ProductName says Windows 10', async () => {
    const facts = await inspectImagePath(await sample('win11-enterprise', 'sysprepped'));
    assert.equal(facts.os.productName, 'Windows 10 Enterprise');
    assert.equal(facts.os.family, 'Windows 11');
    assert.deepEqual(facts.licensing.gvlkMatches, ['Windows 11 Enterprise', 'Windows 10 Enterprise']);
  });

  it('sees servers as servers', async () => {
    const facts = await inspectImagePath(await sample('server2022-datacenter', 'captured-without-sysprep'));
    assert.equal(facts.os.kind, 'server');
    assert.equal(facts.os.family, 'Windows Server 2022');
    assert.deepEqual(facts.licensing.gvlkMatches, ['Windows Server 2022 Datacenter']);
  });
});

describe('image inspect: every sample OS and state reads back as built', () => {
  for (const osName of SAMPLE_OSES) {
    for (const state of SAMPLE_STATES) {
      it(`${osName} ${state}`, async () => {
        const spec = SAMPLE_OS_SPECS[osName];
        const facts = await inspectImagePath(await sample(osName, state));
        assert.equal(facts.os.editionId, spec.editionId);
        assert.equal(facts.os.build, spec.build);
        assert.equal(facts.os.architecture, spec.architecture);
        assert.equal(facts.os.licensingGeneration, spec.generation);
        assert.equal(facts.os.kind, spec.editionId.startsWith('Server') ? 'server' : 'client');
        const captured = state === 'captured-without-sysprep';
        // The mistakes state ships no product key in its answer files: no GVLK is in the answer file Setup reads.
        const mistakes = state === 'sysprepped-with-mistakes';
        if (mistakes) {
          assert.ok(facts.answerFiles.every((f) => f.productKeys.length === 0), 'no ProductKey in any answer file');
        } else {
          assert.equal(facts.licensing.keyChannel, 'gvlk');
          assert.ok(facts.licensing.gvlkMatches?.length, 'no GVLK catalog row matched');
          assert.equal(facts.licensing.productKey, spec.gvlk);
        }
        assert.equal(facts.generalization.state, captured ? 'not-generalized' : 'generalized-by-sysprep');
        assert.equal(facts.generalization.imageState, facts.generalization.stateIniImageState);
        assert.equal(facts.identity.machineGuid !== undefined, captured);
        assert.equal(facts.licensing.cachedKmsHost !== undefined, captured || mistakes);
        const skipRearm = facts.answerFiles.flatMap((f) => f.skipRearm.map((s) => s.value));
        const skipped = captured || mistakes;
        assert.ok(skipRearm.includes(skipped ? '1' : '0') && !skipRearm.includes(skipped ? '0' : '1'), String(skipRearm));
        if (mistakes) assert.equal(facts.licensing.skipRearm, 1, 'the registry records the processed SkipRearm=1');
        assert.ok(facts.answerFiles.every((f) => f.wellFormed && f.architectures.every((a) => a === spec.architecture)));
      });
    }
  }
});

describe('image inspect: the control set comes from Select\\Current', () => {
  it('reads ControlSet002 when Select\\Current is 2', async () => {
    const dir = await copySample('win10-pro', 'captured-without-sysprep', 'cs2');
    await editHive(dir, IMAGE_PATHS.systemHive, (hive) => {
      hive.setValue('Select', {name: 'Current', ...dword(2)});
      hive.setValue('ControlSet002\\Control\\ComputerName\\ComputerName', {name: 'ComputerName', ...sz('FROM-CS2')});
      hive.setValue('ControlSet002\\Services\\Tcpip\\Parameters', {name: 'NV Hostname', ...sz('from-cs2')});
      hive.setValue('ControlSet002\\Control\\ProductOptions', {name: 'ProductType', ...sz('ServerNT')});
    });
    const facts = await inspectImagePath(dir);
    assert.deepEqual(facts.controlSet, {current: 2, name: 'ControlSet002', available: ['ControlSet001', 'ControlSet002']});
    assert.equal(facts.identity.computerName, 'FROM-CS2');
    assert.equal(facts.identity.tcpipNvHostname, 'from-cs2');
    assert.equal(facts.os.kind, 'server');
  });

  it('fails with bad input when Select\\Current names a missing control set', async () => {
    const dir = await copySample('win10-pro', 'sysprepped', 'cs9');
    await editHive(dir, IMAGE_PATHS.systemHive, (hive) => hive.setValue('Select', {name: 'Current', ...dword(9)}));
    await assert.rejects(inspectImagePath(dir), (error) => isWinprepError(error) && error.exitCode === 3 && /ControlSet009/.test(error.message));
  });

  it('fails with bad input naming the hive when a hive is truncated', async () => {
    const dir = await copySample('win10-pro', 'sysprepped', 'truncated');
    const software = inner(dir, IMAGE_PATHS.softwareHive);
    await fs.writeFile(software, (await fs.readFile(software)).subarray(0, 4096 + 100));
    // Checked by exit code, not instanceof: under mocha+tsx the image layer's lazy import('./hive-loader.js') loads a
    // second copy of src/errors.ts, so hive errors are WinprepErrors of another class instance (not in dist/).
    await assert.rejects(inspectImagePath(dir), (error) => (error as WinprepError).exitCode === 3 && /SOFTWARE.*truncated/.test((error as Error).message));
  });

  it('fails with bad input when the folder holds no Windows installation', async () => {
    const dir = await copySample('win10-pro', 'sysprepped', 'nosystem');
    await fs.rm(inner(dir, IMAGE_PATHS.systemHive));
    await assert.rejects(inspectImagePath(dir), (error) => isWinprepError(error) && error.exitCode === 3 && /not a Windows image/.test(error.message));
  });
});

describe('image inspect: generalization verdict', () => {
  it('is not generalized when the Sysprep tag is missing although ImageState says so', async () => {
    const dir = await copySample('win10-pro', 'sysprepped', 'notag');
    await fs.rm(inner(dir, IMAGE_PATHS.sysprepTag));
    const facts = await inspectImagePath(dir);
    assert.equal(facts.generalization.imageState, 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE');
    assert.equal(facts.generalization.state, 'not-generalized');
  });

  it('recognises winprep\'s reseal marker', async () => {
    const dir = await copySample('win10-pro', 'captured-without-sysprep', 'reseal');
    await editHive(dir, IMAGE_PATHS.softwareHive, (hive) => {
      hive.setValue('winprep\\Reseal', {name: 'ResealedBy', ...sz('winprep image generalize')});
      hive.setValue('winprep\\Reseal', {name: 'Version', ...sz('0.1.0')});
      hive.setValue('winprep\\Reseal', {name: 'RearmArmed', ...dword(1)});
    });
    const facts = await inspectImagePath(dir);
    assert.equal(facts.generalization.state, 'resealed-by-winprep');
    assert.equal(facts.generalization.resealedByWinprep, true);
    assert.deepEqual(facts.generalization.reseal, {resealedBy: 'winprep image generalize', version: '0.1.0', rearmArmed: true});
  });
});

describe('image inspect: answer files', () => {
  it('finds registry-named, Panther\\Unattend and root answer files, reports malformed ones and masks secret keys', async () => {
    const dir = await copySample('win10-pro', 'sysprepped', 'answers');
    await fs.mkdir(inner(dir, 'Windows/Panther/Unattend'), {recursive: true});
    await fs.writeFile(inner(dir, 'Windows/Panther/Unattend/Unattend.xml'), '<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="specialize">');
    await fs.writeFile(
      inner(dir, 'Autounattend.xml'),
      `<?xml version="1.0"?><unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="specialize">
        <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="arm64"><ProductKey>7HQ2N-KWD3B-9XGTC-P4RJM-K6V8Y</ProductKey>
        <AutoLogon><Password><Value>x</Value><PlainText>true</PlainText></Password></AutoLogon></component></settings></unattend>`,
    );
    await fs.writeFile(inner(dir, 'Windows/Panther/custom.xml'), '<unattend xmlns="urn:schemas-microsoft-com:unattend"/>');
    await editHive(dir, IMAGE_PATHS.systemHive, (hive) => hive.setValue('Setup', {name: 'UnattendFile', ...sz('C:\\Windows\\Panther\\custom.xml')}));

    const facts = await inspectImagePath(dir);
    assert.deepEqual(
      facts.answerFiles.map((f) => f.path),
      ['Windows/Panther/custom.xml', 'Windows/Panther/Unattend/Unattend.xml', IMAGE_PATHS.pantherUnattend, IMAGE_PATHS.sysprepUnattend, 'Autounattend.xml'],
    );
    const broken = facts.answerFiles[1]!;
    assert.equal(broken.wellFormed, false);
    assert.match(broken.error ?? '', /malformed answer file/);
    const root = facts.answerFiles[4]!;
    assert.deepEqual(root.productKeys, [{pass: 'specialize', value: 'XXXXX-XXXXX-XXXXX-XXXXX-K6V8Y', isGvlk: false}]);
    assert.equal(root.plainTextPasswords, 1);
    assert.deepEqual(root.architectures, ['arm64']);
    assert.ok(!JSON.stringify(facts).includes('7HQ2N'), 'the secret key leaked into the facts');
  });

  it('reports a registry-named answer file that is missing', async () => {
    const dir = await copySample('win7-enterprise', 'sysprepped', 'missing-answer');
    await editHive(dir, IMAGE_PATHS.systemHive, (hive) => hive.setValue('Setup', {name: 'UnattendFile', ...sz('%WINDIR%\\Panther\\gone.xml')}));
    const facts = await inspectImagePath(dir);
    assert.equal(facts.answerFiles[0]!.path, 'Windows/Panther/gone.xml');
    assert.equal(facts.answerFiles[0]!.wellFormed, false);
    assert.match(facts.answerFiles[0]!.error ?? '', /missing/);
  });
});

describe('image inspect: folder, tar and WIM give the same facts', () => {
  it('for a captured Windows 7 sample', async function () {
    requireTools(this, 'wimlib-imagex');
    const results: ImageFacts[] = [];
    for (const format of ['folder', 'tar', 'wim'] as const) {
      const image = await openImage(await sample('win7-enterprise', 'captured-without-sysprep', format), {readOnly: true});
      try {
        results.push(await inspectImage(image));
      } finally {
        await image.discard();
      }
    }
    assert.deepEqual(results.map((r) => r.kind), ['folder', 'tar', 'wim']);
    assert.deepEqual(withoutLocation(results[1]!), withoutLocation(results[0]!));
    assert.deepEqual(withoutLocation(results[2]!), withoutLocation(results[0]!));
  });
});
