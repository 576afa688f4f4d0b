import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {hostEdits, parseKmsHostOptions, parsePublishDomainFlag, readHostKeyFile} from '../../src/kms/host-settings.js';
import type {RegEdit} from '../../src/registry/changes.js';
import {decodeDword, decodeMultiSz, decodeSz} from '../../src/registry/index.js';
import {RegType} from '../../src/registry/types.js';
import {HOST_OPTIONS} from './host-options.js';

function fails(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof WinprepError && error.exitCode === 3 && pattern.test(error.message));
}

async function rejects(promise: Promise<unknown>, pattern: RegExp, secret?: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof WinprepError && error.exitCode === 3, String(error));
    assert.match(error.message, pattern);
    if (secret) assert.ok(!error.message.includes(secret), 'the key file contents must not be echoed');
    return true;
  });
}

const byName = (edits: RegEdit[]): Record<string, string> =>
  Object.fromEntries(
    edits.map((e) => {
      if (e.action === 'delete') return [e.name, '-'];
      const v = e.value;
      const text = v.type === RegType.SZ ? `sz:${decodeSz(v.data)}` : v.type === RegType.DWORD ? `dword:${decodeDword(v.data)}` : `multi:${decodeMultiSz(v.data).join('|')}`;
      return [v.name, text];
    }),
  );

describe('kms host settings', () => {
  it('parses --publish-domain as domain or domain,priority,weight', () => {
    assert.deepEqual(parsePublishDomainFlag('b.example'), {domain: 'b.example'});
    assert.deepEqual(parsePublishDomainFlag('a.example,0,100'), {domain: 'a.example', priority: 0, weight: 100});
    assert.deepEqual(parsePublishDomainFlag(' a.example , 10 , 65535 '), {domain: 'a.example', priority: 10, weight: 65535});
    for (const bad of ['a.example,1', 'a.example,1,2,3', 'a.example,-1,0', 'a.example,0,65536', 'not a domain', ',1,2', 'a.example,x,1']) {
      fails(() => parsePublishDomainFlag(bad), /--publish-domain must be domain\[,priority,weight\] with priority and weight from 0 to 65535/);
    }
  });

  it('checks ports and intervals at their boundaries, naming the flag and range', () => {
    assert.equal(parseKmsHostOptions({port: '1'}).port, 1);
    assert.equal(parseKmsHostOptions({port: 65535}).port, 65535);
    fails(() => parseKmsHostOptions({port: '0'}), /--port must be a whole number from 1 to 65535/);
    fails(() => parseKmsHostOptions({port: '65536'}), /--port .*1 to 65535/);
    assert.equal(parseKmsHostOptions({activationInterval: '15'}).activationInterval, 15);
    assert.equal(parseKmsHostOptions({renewalInterval: 43200}).renewalInterval, 43200);
    fails(() => parseKmsHostOptions({activationInterval: '14'}), /--activation-interval must be a whole number of minutes from 15 to 43200/);
    fails(() => parseKmsHostOptions({renewalInterval: '43201'}), /--renewal-interval .*15 to 43200/);
    fails(() => parseKmsHostOptions({dnsPublishing: 'maybe'}), /--dns-publishing must be on or off/);
  });

  it('writes the host values with their exact types (Windows 7+ publish-list format)', () => {
    const settings = parseKmsHostOptions(HOST_OPTIONS);
    const edits = hostEdits(settings, 'spp');
    assert.ok(edits.every((e) => e.key === 'Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform'));
    assert.deepEqual(byName(edits), {
      KeyManagementServiceListeningPort: 'sz:1700',
      DisableDnsPublishing: 'dword:1',
      DnsDomainPublishList: 'multi:a.example, 0, 100|b.example',
      EnableKmsLowPriority: 'dword:1',
      VLActivationInterval: 'dword:60',
      VLRenewalInterval: 'dword:20160',
    });
    assert.deepEqual(byName(hostEdits(parseKmsHostOptions({dnsPublishing: true, lowPriority: false}), 'spp')), {
      DisableDnsPublishing: 'dword:0',
      EnableKmsLowPriority: 'dword:0',
    });
  });

  it('writes bare domains under SL on Vista/2008 and refuses priority or weight there', () => {
    const edits = hostEdits(parseKmsHostOptions({publishDomains: ['a.example', 'b.example']}), 'sl');
    assert.equal(edits[0].key, 'Microsoft\\Windows NT\\CurrentVersion\\SL');
    assert.deepEqual(byName(edits), {DnsDomainPublishList: 'multi:a.example|b.example'});
    fails(() => hostEdits(parseKmsHostOptions({publishDomains: ['a.example,0,100']}), 'sl'), /^--publish-domain: .*bare domain names/);
  });

  describe('host key file', () => {
    let dir: string;
    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-hostkey-'));
    });
    after(async () => {
      await fs.rm(dir, {recursive: true, force: true});
    });
    const write = async (name: string, text: string): Promise<string> => {
      const file = path.join(dir, name);
      await fs.writeFile(file, text);
      return file;
    };

    it('reads one key, ignoring blank and comment lines and a BOM', async () => {
      const file = await write('ok.txt', '\uFEFF# CSVLK of the lab\r\n\r\nbcdfg-hjkmp-qrtvw-xy234-6789b\r\n');
      assert.equal(await readHostKeyFile(file), 'BCDFG-HJKMP-QRTVW-XY234-6789B');
    });

    it('refuses files that do not hold exactly one 5x5 key, without echoing them', async () => {
      await rejects(readHostKeyFile(await write('short.txt', 'SECRT-12345-67890')), /short\.txt: --host-key-file must hold exactly one product key of 5 groups of 5/, 'SECRT');
      await rejects(readHostKeyFile(await write('two.txt', 'BCDFG-HJKMP-QRTVW-XY234-6789B\nBCDFG-HJKMP-QRTVW-XY234-6789C\n')), /exactly one/, '6789C');
      await rejects(readHostKeyFile(path.join(dir, 'absent.txt')), /absent\.txt: --host-key-file cannot be read: ENOENT/);
    });

    it('refuses a GVLK: that is a client key, not a host key', async () => {
      await rejects(readHostKeyFile(await write('gvlk.txt', 'NPPR9-FWDCX-D2C8J-H872K-2YT43')), /published GVLK .*not a KMS host key/);
    });
  });
});
