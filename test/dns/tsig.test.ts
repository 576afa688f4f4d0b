import assert from 'node:assert/strict';

import {RRClass, RRType, Rcode} from '../../src/dns/wire/constants.js';
import {decodeMessage, encodeMessage, newHeader} from '../../src/dns/wire/message.js';
import {signMessage, signRequest, verifyResponseWire} from '../../src/dns/tsig/sign.js';
import type {TsigKey} from '../../src/dns/tsig/algorithms.js';

// docs/reference/dns.md#tsig-known-answer: dnspython 2.3.0, clock frozen at 1700000000, id 0x1234.
const VECTOR = Buffer.from(
  '12342800000100000002000104636f7270076578616d706c650000060001065f766c6d6373045f746370c00c002100ff000000000000c01e' +
    '0021000100000e10000d000000640698046b6d7331c00c0864646e732d6b65790000fa00ff00000000003d0b686d61632d73686132353600' +
    '00006553f100012c00205f7f84488d62e307a0d6bff2ee45c40a40f6b90f26cfa6df572c34c91f6e3503123400000000',
  'hex',
);
const KEY: TsigKey = {name: 'ddns-key', algorithm: 'hmac-sha256', secret: Buffer.from('qT73Y1nX1HUwBEXPyCquLFO1VddC0KS/01/SkFC4Zm4=', 'base64')};

/** The vector without its TSIG RR and with ARCOUNT back to 0: what the signer is given. */
function unsignedVector(): Buffer {
  const decoded = decodeMessage(VECTOR);
  const unsigned = Buffer.from(VECTOR.subarray(0, decoded.tsigOffset));
  unsigned.writeUInt16BE(0, 10);
  return unsigned;
}

/** Make a signed "response" to `requestMac` the way a server would (RFC 8945 §4.3.3: request MAC prefixed). */
function serverResponse(requestMac: Buffer, key: TsigKey, timeSigned: number, error = 0): Buffer {
  const body = encodeMessage({
    header: {...newHeader(0x4321, 5), qr: true, rcode: error === 0 ? 0 : Rcode.NOTAUTH},
    questions: [{name: 'corp.example', type: RRType.SOA, class: RRClass.IN}],
    answers: [],
    authorities: [],
    additionals: [],
  });
  return signMessage(body, key, {timeSigned, requestMac, error}).wire;
}

describe('dns tsig', () => {
  it('reproduces the dnspython known-answer vector byte for byte', () => {
    const signed = signRequest(unsignedVector(), KEY, {timeSigned: 1_700_000_000, fudge: 300});
    assert.equal(signed.mac.toString('hex'), '5f7f84488d62e307a0d6bff2ee45c40a40f6b90f26cfa6df572c34c91f6e3503');
    assert.equal(signed.wire.toString('hex'), VECTOR.toString('hex'));
  });

  it('decodes the vector: UPDATE, zone, delete-RRset, add, TSIG', () => {
    const m = decodeMessage(VECTOR);
    assert.equal(m.header.opcode, 5);
    assert.deepEqual(m.questions, [{name: 'corp.example', type: RRType.SOA, class: RRClass.IN}]);
    assert.equal(m.authorities.length, 2);
    assert.deepEqual(m.authorities[0], {name: '_vlmcs._tcp.corp.example', type: RRType.SRV, class: RRClass.ANY, ttl: 0, data: {kind: 'raw', bytes: Buffer.alloc(0)}});
    assert.deepEqual(m.authorities[1].data, {kind: 'srv', priority: 0, weight: 100, port: 1688, target: 'kms1.corp.example'});
    const tsig = m.additionals[0].data;
    assert.equal(tsig.kind, 'tsig');
    if (tsig.kind === 'tsig') {
      assert.equal(tsig.algorithm, 'hmac-sha256');
      assert.equal(tsig.timeSigned, 1_700_000_000);
      assert.equal(tsig.originalId, 0x1234);
    }
  });

  it('a different secret gives a different MAC', () => {
    const other = {...KEY, secret: Buffer.alloc(32, 1)};
    assert.notEqual(signRequest(unsignedVector(), other, {timeSigned: 1_700_000_000}).wire.toString('hex'), VECTOR.toString('hex'));
  });

  it('verifies a signed response, and rejects a tampered one or one for another request', () => {
    const requestMac = Buffer.alloc(32, 7);
    const now = 1_700_000_000;
    const response = serverResponse(requestMac, KEY, now);
    assert.deepEqual(verifyResponseWire(response, KEY, requestMac, {now}), {status: 'valid', error: 0, timeSigned: now, serverTime: undefined});
    const tampered = Buffer.from(response);
    tampered[3] ^= 0x01;
    assert.equal(verifyResponseWire(tampered, KEY, requestMac, {now}).status, 'bad-mac');
    assert.equal(verifyResponseWire(response, KEY, Buffer.alloc(32, 8), {now}).status, 'bad-mac');
    assert.equal(verifyResponseWire(response, KEY, requestMac, {now: now + 301}).status, 'time-skew');
  });

  for (const algorithm of ['hmac-sha1', 'hmac-sha512', 'hmac-md5.sig-alg.reg.int'] as const) {
    it(`signs and verifies with ${algorithm}`, () => {
      const key: TsigKey = {name: 'k', algorithm, secret: Buffer.from('secret')};
      const requestMac = signRequest(unsignedVector(), key, {timeSigned: 1}).mac;
      const response = serverResponse(requestMac, key, 5);
      assert.equal(verifyResponseWire(response, key, requestMac, {now: 5}).status, 'valid');
      assert.equal(verifyResponseWire(response, {...key, secret: Buffer.from('other')}, requestMac, {now: 5}).status, 'bad-mac');
    });
  }

  it('reports a missing TSIG', () => {
    const unsigned = unsignedVector();
    assert.deepEqual(verifyResponseWire(unsigned, KEY, Buffer.alloc(32)), {status: 'missing'});
  });
});
