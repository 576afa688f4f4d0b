import assert from 'node:assert/strict';

import fc from 'fast-check';

import {WinprepError} from '../../src/errors.js';
import {
  formatKmsHost,
  isNetbiosName,
  isValidDnsName,
  parseInterval,
  parseKmsHost,
  parsePort,
} from '../../src/licensing/validate.js';

/** Asserts a bad-input error (exit 3) whose message names what, and each given fragment. */
function assertBadInput(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof WinprepError, `expected WinprepError, got ${String(error)}`);
    assert.equal(error.exitCode, 3);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
    return true;
  });
}

describe('licensing/validate', () => {
  describe('parsePort', () => {
    it('accepts the boundaries 1 and 65535, as numbers and as REG_SZ text', () => {
      assert.equal(parsePort(1, '--port'), 1);
      assert.equal(parsePort('65535', '--port'), 65535);
      assert.equal(parsePort(' 1688 ', '--port'), 1688);
    });
    it('refuses 0 and 65536 naming the flag and the range', () => {
      assertBadInput(() => parsePort(0, '--port'), '--port', '1 to 65535', '0');
      assertBadInput(() => parsePort('65536', '--listening-port'), '--listening-port', '1 to 65535', '"65536"');
    });
    it('refuses signs, decimals, hex, empty text and non-integers', () => {
      for (const bad of ['-1', '+5', '16.5', '0x6a0', '', 'abc', '1 688']) assertBadInput(() => parsePort(bad, 'port'), 'port');
      for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY]) assertBadInput(() => parsePort(bad, 'port'), 'port');
    });
    it('property: every integer is accepted exactly when it is within 1..65535', () => {
      fc.assert(
        fc.property(fc.integer({min: -100000, max: 200000}), (n) => {
          const ok = n >= 1 && n <= 65535;
          if (ok) assert.equal(parsePort(String(n), 'p'), n);
          else assert.throws(() => parsePort(n, 'p'), WinprepError);
        }),
      );
    });
  });

  describe('parseInterval', () => {
    it('accepts 15 and 43200, refuses 14 and 43201 naming what and the range', () => {
      assert.equal(parseInterval(15, '--activation-interval'), 15);
      assert.equal(parseInterval('43200', '--renewal-interval'), 43200);
      assertBadInput(() => parseInterval(14, '--activation-interval'), '--activation-interval', '15 to 43200', 'minutes');
      assertBadInput(() => parseInterval(43201, '/kms/host/renewalInterval'), '/kms/host/renewalInterval', '15 to 43200');
    });
  });

  describe('host names', () => {
    it('isValidDnsName follows label and length limits', () => {
      assert.ok(isValidDnsName('kms.example.com'));
      assert.ok(isValidDnsName('kms.example.com.'));
      assert.ok(isValidDnsName('a'));
      assert.ok(isValidDnsName(`${'a'.repeat(63)}.com`));
      assert.ok(!isValidDnsName(`${'a'.repeat(64)}.com`));
      const long = Array.from({length: 4}, () => 'a'.repeat(63)).join('.');
      assert.equal(long.length, 255);
      assert.ok(!isValidDnsName(long));
      assert.ok(isValidDnsName(long.slice(2)));
      for (const bad of ['', '.', 'a..b', '-kms.example.com', 'kms-.example.com', 'kms_1.example.com', 'kms example.com', '10.0.0.1', 'host.123']) {
        assert.ok(!isValidDnsName(bad), bad);
      }
    });
    it('isNetbiosName allows 1 to 15 letters, digits and inner hyphens, not all digits', () => {
      assert.ok(isNetbiosName('KMS01'));
      assert.ok(isNetbiosName('A'.repeat(15)));
      for (const bad of ['', 'A'.repeat(16), '12345', 'kms.corp', 'KMS_01', '-KMS', 'K M S']) assert.ok(!isNetbiosName(bad), bad);
    });
  });

  describe('parseKmsHost', () => {
    it('classifies FQDN, NetBIOS, IPv4 and bracketed IPv6, with and without port', () => {
      assert.deepEqual(parseKmsHost('kms.corp.example', '--host'), {host: 'kms.corp.example', kind: 'fqdn'});
      assert.deepEqual(parseKmsHost('kms.corp.example:1700', '--host'), {host: 'kms.corp.example', port: 1700, kind: 'fqdn'});
      assert.deepEqual(parseKmsHost('KMS01', '--host'), {host: 'KMS01', kind: 'netbios'});
      assert.deepEqual(parseKmsHost('10.1.2.3:1688', '--host'), {host: '10.1.2.3', port: 1688, kind: 'ipv4'});
      assert.deepEqual(parseKmsHost('[2001:db8::1]:1688', '--host'), {host: '2001:db8::1', port: 1688, kind: 'ipv6'});
      assert.deepEqual(parseKmsHost('[2001:db8::1]', '--host'), {host: '2001:db8::1', kind: 'ipv6'});
      assert.deepEqual(parseKmsHost('2001:db8::1', '--host'), {host: '2001:db8::1', kind: 'ipv6'});
    });
    it('checks the port range inside host:port, naming the flag', () => {
      assert.equal(parseKmsHost('kms:65535', '--host').port, 65535);
      assert.equal(parseKmsHost('[::1]:1', '--host').port, 1);
      assertBadInput(() => parseKmsHost('kms:0', '--host'), '--host port', '1 to 65535');
      assertBadInput(() => parseKmsHost('[::1]:65536', '--host'), '--host port', '1 to 65535');
    });
    it('refuses malformed IPv6 brackets, bad names and numeric non-addresses', () => {
      for (const bad of ['', '[2001:db8::1', '[2001:db8::1]1688', '[not-v6]:1688', '2001:db8::zz', 'kms..corp', '10.0.0.256', '1.2.3', 'kms_01', 'kms:']) {
        assertBadInput(() => parseKmsHost(bad, '--host'), '--host');
      }
    });
    it('property: any address and port formats and parses back to itself', () => {
      const port = fc.option(fc.integer({min: 1, max: 65535}), {nil: undefined});
      const address = fc.oneof(
        fc.ipV4().map((host) => ({host, kind: 'ipv4' as const})),
        fc.ipV6().map((host) => ({host, kind: 'ipv6' as const})),
        fc.domain().filter((d) => isValidDnsName(d)).map((host) => ({host, kind: 'fqdn' as const})),
      );
      fc.assert(
        fc.property(address, port, (a, p) => {
          const input = p === undefined ? {host: a.host, kind: a.kind} : {host: a.host, port: p, kind: a.kind};
          assert.deepEqual(parseKmsHost(formatKmsHost(input), 'h'), input);
        }),
      );
    });
    it('property: any text is either a host address or a bad-input error', () => {
      fc.assert(
        fc.property(fc.string({maxLength: 40}), (text) => {
          try {
            parseKmsHost(text, '--host');
          } catch (error) {
            assert.ok(error instanceof WinprepError && error.exitCode === 3 && error.message.startsWith('--host'), String(error));
          }
        }),
      );
    });
    it('formatKmsHost round-trips, bracketing IPv6 only when a port follows', () => {
      for (const text of ['kms.corp.example:1700', 'KMS01', '10.1.2.3:1688', '[2001:db8::1]:1688', '2001:db8::1']) {
        assert.equal(formatKmsHost(parseKmsHost(text, 'h')), text);
      }
    });
  });
});
