import assert from 'node:assert/strict';

import {WinprepError} from '../../src/errors.js';
import {clearClientEdits, clientEdits, parseKmsClientOptions} from '../../src/kms/client-settings.js';
import type {RegEdit} from '../../src/registry/changes.js';
import {decodeDword, decodeSz} from '../../src/registry/index.js';
import {RegType} from '../../src/registry/types.js';

const SL = 'Microsoft\\Windows NT\\CurrentVersion\\SL';
const SPP = 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform';

function fails(fn: () => unknown, exitCode: number, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof WinprepError && error.exitCode === exitCode && pattern.test(error.message));
}

const summary = (edits: RegEdit[]): string[] =>
  edits.map((e) =>
    e.action === 'delete'
      ? `${e.key}|-${e.name}`
      : `${e.key}|${e.value.name}=${e.value.type === RegType.SZ ? `sz:${decodeSz(e.value.data)}` : `dword:${decodeDword(e.value.data)}`}`,
  );

describe('kms client settings', () => {
  it('parses every host form slmgr /skms takes', () => {
    assert.deepEqual(parseKmsClientOptions({host: 'kms01.corp.example:1700'}).host, {host: 'kms01.corp.example', port: 1700, kind: 'fqdn'});
    assert.deepEqual(parseKmsClientOptions({host: 'KMS01'}).host, {host: 'KMS01', kind: 'netbios'});
    assert.deepEqual(parseKmsClientOptions({host: '10.0.0.5:1688'}).host, {host: '10.0.0.5', port: 1688, kind: 'ipv4'});
    assert.deepEqual(parseKmsClientOptions({host: '[2001:db8::10]:65535'}).host, {host: '2001:db8::10', port: 65535, kind: 'ipv6'});
    assert.equal(parseKmsClientOptions({host: 'kms01.corp.example', port: '1'}).host?.port, 1);
  });

  it('refuses bad hosts, ports, domains and keys with exit 3 naming the flag and range', () => {
    fails(() => parseKmsClientOptions({host: 'bad_host!:1688'}), 3, /--host .*not a valid host name/);
    fails(() => parseKmsClientOptions({host: 'kms01:0'}), 3, /--host port must be a whole number from 1 to 65535/);
    fails(() => parseKmsClientOptions({host: 'kms01:65536'}), 3, /from 1 to 65535/);
    fails(() => parseKmsClientOptions({host: 'kms01', port: 70000}), 3, /--port must be a whole number from 1 to 65535/);
    fails(() => parseKmsClientOptions({lookupDomain: 'bad domain'}), 3, /--lookup-domain must be a DNS domain name/);
    fails(() => parseKmsClientOptions({key: 'W269N-WFGWX-YVC9B-4J6C9'}), 3, /--key must be "auto" or a product key of 5 groups of 5/);
  });

  it('never echoes a malformed key (it may be a secret)', () => {
    assert.throws(
      () => parseKmsClientOptions({key: 'SECRT-KEY12-34567-89ABC'}),
      (error: unknown) => error instanceof WinprepError && !error.message.includes('SECRT'),
    );
  });

  it('refuses contradictory or empty requests as usage errors', () => {
    fails(() => parseKmsClientOptions({host: 'kms01', auto: true}), 2, /exclude each other/);
    fails(() => parseKmsClientOptions({}), 2, /nothing to set/);
    fails(() => parseKmsClientOptions({port: 1700}), 2, /needs a host/);
  });

  it('writes host and port as REG_SZ under SoftwareProtectionPlatform on 7+ and SL on Vista', () => {
    const settings = parseKmsClientOptions({host: 'kms01.corp.example:1700'});
    assert.deepEqual(summary(clientEdits(settings, 'spp', 19045).edits), [
      `${SPP}|KeyManagementServiceName=sz:kms01.corp.example`,
      `${SPP}|KeyManagementServicePort=sz:1700`,
    ]);
    assert.deepEqual(summary(clientEdits(settings, 'sl', 6002).edits), [`${SL}|KeyManagementServiceName=sz:kms01.corp.example`, `${SL}|KeyManagementServicePort=sz:1700`]);
  });

  it('clears the port when a host is given without one, so the client uses 1688', () => {
    assert.deepEqual(summary(clientEdits(parseKmsClientOptions({host: 'kms01'}), 'spp').edits), [
      `${SPP}|KeyManagementServiceName=sz:kms01`,
      `${SPP}|-KeyManagementServicePort`,
    ]);
  });

  it('--auto removes host and port; lookup domain and host caching map to their values', () => {
    const plan = clientEdits(parseKmsClientOptions({auto: true, lookupDomain: 'corp.example', hostCaching: false}), 'spp', 22631);
    assert.deepEqual(summary(plan.edits), [
      `${SPP}|-KeyManagementServiceName`,
      `${SPP}|-KeyManagementServicePort`,
      `${SPP}|KeyManagementServiceLookupDomain=sz:corp.example`,
      `${SPP}|DisableKeyManagementServiceHostCaching=dword:1`,
    ]);
    assert.deepEqual(plan.warnings, []);
    assert.deepEqual(summary(clientEdits(parseKmsClientOptions({hostCaching: true}), 'spp').edits), [`${SPP}|-DisableKeyManagementServiceHostCaching`]);
  });

  it('warns where Windows ignores a setting', () => {
    const vista = clientEdits(parseKmsClientOptions({lookupDomain: 'corp.example', hostCaching: false}), 'sl', 6002);
    assert.equal(vista.warnings.length, 2);
    assert.match(vista.warnings[0], /Windows 8/);
    const win7 = clientEdits(parseKmsClientOptions({lookupDomain: 'corp.example'}), 'spp', 7601);
    assert.match(win7.warnings[0], /build 7601/);
    const direct = clientEdits(parseKmsClientOptions({host: 'kms01', lookupDomain: 'corp.example'}), 'spp', 19045);
    assert.match(direct.warnings[0], /ignored while a KMS host is registered/);
  });

  it('clear removes every client value of the generation', () => {
    assert.deepEqual(summary(clearClientEdits('sl')), [
      `${SL}|-KeyManagementServiceName`,
      `${SL}|-KeyManagementServicePort`,
      `${SL}|-KeyManagementServiceLookupDomain`,
      `${SL}|-DisableKeyManagementServiceHostCaching`,
    ]);
  });
});
