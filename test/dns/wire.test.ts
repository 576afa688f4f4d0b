import assert from 'node:assert/strict';

import fc from 'fast-check';

import {RRClass, RRType} from '../../src/dns/wire/constants.js';
import {DnsWireError} from '../../src/dns/wire/errors.js';
import {type Message, type ResourceRecord, decodeMessage, encodeMessage, newHeader} from '../../src/dns/wire/message.js';
import {decodeName, encodeName, sameName} from '../../src/dns/wire/name.js';
import {encodeIPv6} from '../../src/dns/wire/rdata.js';

const label = fc.stringMatching(/^[a-z0-9_][a-z0-9-]{0,20}$/);
const name = fc.array(label, {minLength: 1, maxLength: 5}).map((labels) => labels.join('.'));
const u16 = fc.integer({min: 0, max: 0xffff});

const srvRecord: fc.Arbitrary<ResourceRecord> = fc.record({
  name,
  type: fc.constant(RRType.SRV),
  class: fc.constant(RRClass.IN),
  ttl: fc.integer({min: 0, max: 2 ** 31 - 1}),
  data: fc.record({kind: fc.constant('srv' as const), priority: u16, weight: u16, port: u16, target: name}),
});
const aRecord: fc.Arbitrary<ResourceRecord> = fc.record({
  name,
  type: fc.constant(RRType.A),
  class: fc.constant(RRClass.IN),
  ttl: fc.nat(),
  data: fc.record({kind: fc.constant('a' as const), address: fc.ipV4()}),
});
const deleteRRset: fc.Arbitrary<ResourceRecord> = name.map((n) => ({name: n, type: RRType.SRV, class: RRClass.ANY, ttl: 0, data: {kind: 'raw' as const, bytes: Buffer.alloc(0)}}));
const anyRecord = fc.oneof(srvRecord, aRecord, deleteRRset);

const message: fc.Arbitrary<Message> = fc.record({
  header: fc.record({
    id: u16,
    qr: fc.boolean(),
    opcode: fc.constantFrom(0, 5),
    aa: fc.boolean(),
    tc: fc.boolean(),
    rd: fc.boolean(),
    ra: fc.boolean(),
    rcode: fc.integer({min: 0, max: 15}),
  }),
  questions: fc.array(fc.record({name, type: fc.constantFrom(RRType.SRV, RRType.SOA, RRType.A), class: fc.constant(RRClass.IN)}), {maxLength: 2}),
  answers: fc.array(anyRecord, {maxLength: 3}),
  authorities: fc.array(anyRecord, {maxLength: 3}),
  additionals: fc.array(anyRecord, {maxLength: 2}),
});

/** Only DnsWireError may escape the decoder, whatever the bytes. */
function decodesOrRejectsCleanly(wire: Buffer): void {
  try {
    decodeMessage(wire);
  } catch (error) {
    if (!(error instanceof DnsWireError)) throw error;
  }
}

describe('dns wire codec', () => {
  it('encodes names uncompressed, canonical when asked, and decodes them back', () => {
    assert.equal(encodeName('Corp.Example.').toString('hex'), '04436f7270074578616d706c6500');
    assert.equal(encodeName('Corp.Example', true).toString('hex'), '04636f7270076578616d706c6500');
    assert.equal(encodeName('.').toString('hex'), '00');
    assert.deepEqual(decodeName(encodeName('a.b'), 0), {name: 'a.b', next: 5});
    assert.throws(() => encodeName('a..b'), DnsWireError);
    assert.throws(() => encodeName(`${'x'.repeat(64)}.example`), DnsWireError);
    assert.throws(() => encodeName(Array(130).fill('ab').join('.')), DnsWireError);
    assert.ok(sameName('KMS1.corp.example.', 'kms1.CORP.example'));
  });

  it('escapes unprintable and dot bytes in decoded labels so they cannot forge names', () => {
    const wire = Buffer.from([3, 0x61, 0x2e, 0x0a, 1, 0x62, 0]);
    assert.equal(decodeName(wire, 0).name, 'a\\046\\010.b');
  });

  it('follows backward compression pointers and refuses loops, forward and self pointers', () => {
    const wire = Buffer.concat([encodeName('corp.example'), Buffer.from([3, 0x6b, 0x6d, 0x73, 0xc0, 0x00])]);
    assert.deepEqual(decodeName(wire, 14), {name: 'kms.corp.example', next: 20});
    assert.throws(() => decodeName(Buffer.from([0xc0, 0x00]), 0), /backwards/);
    assert.throws(() => decodeName(Buffer.from([1, 0x61, 0xc0, 0x04, 0xc0, 0x00]), 4), /backwards/);
    assert.throws(() => decodeName(Buffer.from([0xc0, 0x05, 0, 0, 0, 0]), 0), /backwards/);
    assert.throws(() => decodeName(Buffer.from([0x40, 0x61]), 0), /label type/);
    assert.throws(() => decodeName(Buffer.from([5, 0x61]), 0), /past the end/);
  });

  it('encodes IPv6 forms (compressed, full, embedded IPv4)', () => {
    assert.equal(encodeIPv6('::1').toString('hex'), '00000000000000000000000000000001');
    assert.equal(encodeIPv6('2001:db8::53').toString('hex'), '20010db8000000000000000000000053');
    assert.equal(encodeIPv6('::ffff:192.0.2.1').toString('hex'), '00000000000000000000ffffc0000201');
  });

  it('property: every message we encode decodes to the same message', () => {
    fc.assert(
      fc.property(message, (m) => {
        const decoded = decodeMessage(encodeMessage(m));
        const {header, questions, answers, authorities, additionals} = decoded;
        // structuredClone: fast-check builds null-prototype objects; compare plain data on both sides.
        assert.deepEqual(structuredClone({header, questions, answers, authorities, additionals}), structuredClone(m));
      }),
      {numRuns: 200},
    );
  });

  it('property: every truncation of a valid message is rejected with DnsWireError', () => {
    fc.assert(
      fc.property(message, fc.nat(), (m, cut) => {
        const wire = encodeMessage(m);
        const short = wire.subarray(0, cut % wire.length);
        assert.throws(() => decodeMessage(short), DnsWireError);
      }),
      {numRuns: 200},
    );
  });

  it('property: random bytes and mutated messages decode or fail with DnsWireError, never anything else', () => {
    fc.assert(fc.property(fc.uint8Array({maxLength: 300}), (bytes) => decodesOrRejectsCleanly(Buffer.from(bytes))), {numRuns: 300});
    fc.assert(
      fc.property(message, fc.array(fc.tuple(fc.nat(), fc.integer({min: 0, max: 255})), {minLength: 1, maxLength: 6}), (m, flips) => {
        const wire = Buffer.from(encodeMessage(m));
        for (const [at, value] of flips) wire[at % wire.length] = value;
        decodesOrRejectsCleanly(wire);
      }),
      {numRuns: 300},
    );
  });

  it('property: a name built only of pointers always terminates (a name or DnsWireError, never a hang)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({min: 0, max: 0x3fff}), {minLength: 1, maxLength: 40}), fc.nat(), (targets, start) => {
        const wire = Buffer.alloc(targets.length * 2);
        targets.forEach((t, i) => wire.writeUInt16BE(0xc000 | (t % wire.length), i * 2));
        try {
          decodeName(wire, (start % targets.length) * 2);
        } catch (error) {
          assert.ok(error instanceof DnsWireError);
        }
      }),
      {numRuns: 200},
    );
  });

  it('rejects stray bytes after the last record and RDLENGTH that disagrees with SRV data', () => {
    const wire = encodeMessage({header: newHeader(1, 0), questions: [], answers: [], authorities: [], additionals: []});
    assert.throws(() => decodeMessage(Buffer.concat([wire, Buffer.from([0])])), /stray/);
    const srv = encodeMessage({
      header: newHeader(1, 0),
      questions: [],
      answers: [{name: 'a', type: RRType.SRV, class: RRClass.IN, ttl: 1, data: {kind: 'srv', priority: 0, weight: 0, port: 1, target: 'b'}}],
      authorities: [],
      additionals: [],
    });
    const bad = Buffer.from(srv);
    bad.writeUInt16BE(bad.readUInt16BE(12 + 3 + 8) + 1, 12 + 3 + 8);
    assert.throws(() => decodeMessage(Buffer.concat([bad, Buffer.from([0])])), DnsWireError);
  });
});
