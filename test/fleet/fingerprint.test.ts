import assert from 'node:assert/strict';

import {imageFacts} from '../../fixtures/fleet/generators.js';
import {fingerprintFromFacts} from '../../src/fleet/fingerprint.js';
import {recordFromFingerprint} from '../../src/fleet/readers/fingerprint-json.js';
import {renderFingerprintText} from '../../src/fleet/render.js';

describe('fleet/fingerprint', () => {
  it('builds the versioned record from image facts', () => {
    const fp = fingerprintFromFacts(imageFacts());
    assert.deepEqual(fp, {
      kind: 'winprep-fingerprint',
      version: 1,
      source: {path: '/images/ref', kind: 'folder'},
      edition: 'Professional',
      productName: 'Windows 10 Pro',
      build: 19045,
      osKind: 'client',
      architecture: 'amd64',
      machineSid: 'S-1-5-21-1004336348-1177238915-682003330',
      machineGuid: '6f1d3c2a-9b7e-4e21-8a55-0c4f2b9d7e10',
      susClientId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      dhcpv6Duid: '000100012c3d4e5f001122334455',
      computerName: 'REF-PC01',
      generalization: {state: 'not-generalized', imageState: 'IMAGE_STATE_COMPLETE', sysprepTag: false},
      identitiesRegenerated: false,
      cmidRegenerated: false,
      cmidSharedBecause: 'not generalized',
      keyChannel: 'gvlk',
      partialProductKey: 'T83GX',
      kms: {mode: 'direct', host: 'kms01.corp.example', port: '1688', skipRearm: 0},
    });
  });

  it('is stable: the same facts give byte-identical JSON', () => {
    assert.equal(JSON.stringify(fingerprintFromFacts(imageFacts())), JSON.stringify(fingerprintFromFacts(imageFacts())));
  });

  it('marks generalized and resealed images as regenerating identities and CMID', () => {
    for (const state of ['generalized-by-sysprep', 'resealed-by-winprep'] as const) {
      const fp = fingerprintFromFacts(imageFacts({state}));
      assert.equal(fp.identitiesRegenerated, true);
      assert.equal(fp.cmidRegenerated, true);
    }
  });

  it('says clones share the CMID when a generalized image keeps SkipRearm=1', () => {
    const fp = fingerprintFromFacts(imageFacts({state: 'generalized-by-sysprep', skipRearm: 1}));
    assert.equal(fp.identitiesRegenerated, true);
    assert.equal(fp.cmidRegenerated, false);
    assert.equal(fp.cmidSharedBecause, 'registry SkipRearm=1');
  });

  it('says so too when sysprep generalized with an answer file holding SkipRearm=1', () => {
    const answerFile = {path: 'Windows/Panther/unattend.xml', wellFormed: true, passes: ['generalize'], architectures: ['amd64'], computerNames: [], productKeys: [], plainTextPasswords: 0};
    const sysprepped = imageFacts({state: 'generalized-by-sysprep'});
    sysprepped.answerFiles = [{...answerFile, skipRearm: [{pass: 'generalize', value: '1'}]}];
    assert.equal(fingerprintFromFacts(sysprepped).cmidSharedBecause, 'answer file SkipRearm=1 in the generalize pass');
    sysprepped.answerFiles = [{...answerFile, skipRearm: [{pass: 'generalize', value: '0'}]}];
    assert.equal(fingerprintFromFacts(sysprepped).cmidRegenerated, true);
    // winprep's reseal rearms at first boot: an answer file's generalize pass does not apply.
    const resealed = imageFacts({state: 'resealed-by-winprep'});
    resealed.answerFiles = [{...answerFile, skipRearm: [{pass: 'generalize', value: '1'}]}];
    assert.equal(fingerprintFromFacts(resealed).cmidRegenerated, true);
  });

  it('never carries more than the last five characters of a key', () => {
    const facts = imageFacts();
    facts.licensing.partialProductKey = 'XXXXX-XXXXX-XXXXX-XXXXX-ABCDE';
    assert.equal(fingerprintFromFacts(facts).partialProductKey, 'ABCDE');
  });

  it('round-trips through JSON into an audit record', () => {
    const fp = JSON.parse(JSON.stringify(fingerprintFromFacts(imageFacts())));
    const item = recordFromFingerprint(fp, 3);
    assert.ok('record' in item);
    assert.deepEqual(item.record.identities, {
      machineSid: 'S-1-5-21-1004336348-1177238915-682003330',
      machineGuid: '6f1d3c2a-9b7e-4e21-8a55-0c4f2b9d7e10',
      susClientId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      dhcpv6Duid: '000100012c3d4e5f001122334455',
      computerName: 'REF-PC01',
    });
  });

  it('renders the identities and verdict for people', () => {
    const text = renderFingerprintText(fingerprintFromFacts(imageFacts({state: 'generalized-by-sysprep', skipRearm: 1})));
    assert.match(text, /MachineGuid\s+6f1d3c2a/);
    assert.match(text, /CMID\s+shared by every clone \(registry SkipRearm=1\)/);
    assert.match(text, /KMS\s+direct kms01.corp.example:1688/);
  });
});
