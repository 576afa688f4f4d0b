import assert from 'node:assert/strict';

import {WinprepError} from '../../src/errors.js';
import {
  KMS_SETTINGS,
  formatPublishDomain,
  generationForBuild,
  licensingKeys,
  parsePublishDomain,
  settingsFor,
} from '../../src/licensing/registry-map.js';
import {RegType} from '../../src/registry/types.js';

describe('licensing/registry-map', () => {
  it('switches from SL to SoftwareProtectionPlatform at Windows 7 / 2008 R2 (build 7600)', () => {
    assert.equal(generationForBuild(6003), 'sl');
    assert.equal(generationForBuild(7600), 'spp');
    assert.equal(licensingKeys('sl').software, 'Microsoft\\Windows NT\\CurrentVersion\\SL');
    assert.equal(licensingKeys('spp').display, 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform');
    assert.equal(licensingKeys('spp').networkService, 'Software\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform');
  });

  it('keeps ports as REG_SZ and flags and intervals as DWORD', () => {
    assert.equal(KMS_SETTINGS.port.type, RegType.SZ);
    assert.equal(KMS_SETTINGS.listeningPort.type, RegType.SZ);
    assert.equal(KMS_SETTINGS.hostName.type, RegType.SZ);
    assert.equal(KMS_SETTINGS.dnsDomainPublishList.type, RegType.MULTI_SZ);
    for (const name of ['disableDnsPublishing', 'lowPriority', 'activationInterval', 'renewalInterval', 'skipRearm', 'disableHostCaching'] as const) {
      assert.equal(KMS_SETTINGS[name].type, RegType.DWORD, name);
    }
  });

  it('leaves Windows 8+ / Windows 7+ settings out of the SL generation', () => {
    const sl = settingsFor('sl').map(([name]) => name);
    assert.ok(sl.includes('hostName') && sl.includes('listeningPort'));
    assert.ok(!sl.includes('lookupDomain') && !sl.includes('disableHostCaching'));
    assert.ok(settingsFor('spp').some(([name]) => name === 'lookupDomain'));
  });

  it('formats publish-domain lines per generation', () => {
    assert.equal(formatPublishDomain({domain: 'corp.example'}, 'spp'), 'corp.example');
    assert.equal(formatPublishDomain({domain: 'corp.example', priority: 10, weight: 60}, 'spp'), 'corp.example, 10, 60');
    assert.equal(formatPublishDomain({domain: 'corp.example', weight: 5}, 'spp'), 'corp.example, 0, 5');
    assert.equal(formatPublishDomain({domain: 'corp.example'}, 'sl'), 'corp.example');
    assert.throws(() => formatPublishDomain({domain: 'corp.example', priority: 1}, 'sl'), /Vista/);
    assert.throws(() => formatPublishDomain({domain: 'corp.example', priority: 65536}, 'spp'), WinprepError);
    assert.throws(() => formatPublishDomain({domain: 'bad domain'}, 'spp'), WinprepError);
  });

  it('parses publish-domain lines back', () => {
    assert.deepEqual(parsePublishDomain('corp.example, 10, 60'), {domain: 'corp.example', priority: 10, weight: 60});
    assert.deepEqual(parsePublishDomain('corp.example'), {domain: 'corp.example'});
    for (const bad of ['corp.example, x', 'corp.example, 1, 2, 3', ', 1, 2', 'corp.example, -1, 0']) {
      assert.throws(() => parsePublishDomain(bad), WinprepError, bad);
    }
  });
});
