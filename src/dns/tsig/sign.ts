/**
 * TSIG signing and response verification, RFC 8945 §4.3 and §5.3 (docs/reference/dns.md#tsig-mac):
 * MAC = HMAC(secret, [u16 request-MAC length | request MAC] | message without TSIG, with the Original ID
 * in the header | key name | CLASS ANY | TTL 0 | algorithm | time u48 | fudge | error
 * | other length | other data). Names in the variables are lower-case and uncompressed.
 */
import {createHmac, timingSafeEqual} from 'node:crypto';

import {RRClass, RRType, Rcode} from '../wire/constants.js';
import {DnsWireError} from '../wire/errors.js';
import {encodeName} from '../wire/name.js';
import {type DecodedMessage, HEADER_LENGTH, decodeMessage} from '../wire/message.js';
import {type TsigData, encodeRData} from '../wire/rdata.js';
import {TSIG_ALGORITHMS, type TsigKey} from './algorithms.js';

/** RFC 8945 §10 recommends 300 s. */
export const DEFAULT_FUDGE = 300;

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. Tests shift it to provoke BADTIME. */
  timeSigned?: number;
  fudge?: number;
}

export interface SignedMessage {
  wire: Buffer;
  mac: Buffer;
  timeSigned: number;
}

function variables(key: TsigKey, tsig: Omit<TsigData, 'kind' | 'mac' | 'originalId'>): Buffer {
  const fixed = Buffer.alloc(6);
  fixed.writeUInt16BE(RRClass.ANY, 0);
  fixed.writeUInt32BE(0, 2);
  const times = Buffer.alloc(12);
  times.writeUIntBE(tsig.timeSigned, 0, 6);
  times.writeUInt16BE(tsig.fudge, 6);
  times.writeUInt16BE(tsig.error, 8);
  times.writeUInt16BE(tsig.other.length, 10);
  return Buffer.concat([encodeName(key.name, true), fixed, encodeName(tsig.algorithm, true), times, tsig.other]);
}

function hmac(key: TsigKey, parts: Buffer[]): Buffer {
  const h = createHmac(TSIG_ALGORITHMS[key.algorithm], key.secret);
  for (const part of parts) h.update(part);
  return h.digest();
}

function tsigRecord(key: TsigKey, data: TsigData): Buffer {
  const rdata = encodeRData(data);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(RRType.TSIG, 0);
  fixed.writeUInt16BE(RRClass.ANY, 2);
  fixed.writeUInt32BE(0, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(key.name, true), fixed, rdata]);
}

/**
 * Sign an encoded message (which holds no TSIG yet): append the TSIG RR and count it in ARCOUNT.
 * Requests pass no `requestMac`; a response (what a server does, used by our tests) passes the request's.
 */
export function signMessage(unsigned: Buffer, key: TsigKey, options: SignOptions & {requestMac?: Buffer; error?: number; other?: Buffer} = {}): SignedMessage {
  if (unsigned.length < HEADER_LENGTH) throw new DnsWireError('message shorter than a DNS header');
  const timeSigned = options.timeSigned ?? Math.floor(Date.now() / 1000);
  const fields = {
    algorithm: key.algorithm,
    timeSigned,
    fudge: options.fudge ?? DEFAULT_FUDGE,
    error: options.error ?? 0,
    other: options.other ?? Buffer.alloc(0),
  };
  const prefix: Buffer[] = [];
  if (options.requestMac) {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(options.requestMac.length);
    prefix.push(length, options.requestMac);
  }
  const mac = hmac(key, [...prefix, unsigned, variables(key, fields)]);
  const record = tsigRecord(key, {kind: 'tsig', ...fields, mac, originalId: unsigned.readUInt16BE(0)});
  const wire = Buffer.concat([unsigned, record]);
  wire.writeUInt16BE(unsigned.readUInt16BE(10) + 1, 10);
  return {wire, mac, timeSigned};
}

export const signRequest = (unsigned: Buffer, key: TsigKey, options: SignOptions = {}): SignedMessage => signMessage(unsigned, key, options);

export type TsigVerdict =
  /** MAC checked and good; `error` is the server's TSIG error (0, or BADTIME with a signed answer). */
  | {status: 'valid'; error: number; timeSigned: number; serverTime?: number}
  /** The server reported an error without a MAC (BADSIG, BADKEY: RFC 8945 §5.3.2). */
  | {status: 'unsigned-error'; error: number}
  | {status: 'missing'}
  | {status: 'bad-mac'; error: number}
  | {status: 'wrong-key'; keyName: string; algorithm: string}
  | {status: 'time-skew'; timeSigned: number; now: number};

export interface VerifyOptions {
  /** Seconds since the epoch; defaults to now. */
  now?: number;
}

/** Verify the TSIG of a decoded response to a request whose MAC was `requestMac`. */
export function verifyResponse(wire: Buffer, decoded: DecodedMessage, key: TsigKey, requestMac: Buffer, options: VerifyOptions = {}): TsigVerdict {
  const record = decoded.additionals.at(-1);
  if (decoded.tsigOffset === undefined || record?.data.kind !== 'tsig') return {status: 'missing'};
  const tsig = record.data;
  if (tsig.mac.length === 0) return {status: 'unsigned-error', error: tsig.error};
  if (record.name.toLowerCase() !== key.name.toLowerCase().replace(/\.$/, '') || tsig.algorithm !== key.algorithm) {
    return {status: 'wrong-key', keyName: record.name, algorithm: tsig.algorithm};
  }
  const message = Buffer.from(wire.subarray(0, decoded.tsigOffset));
  message.writeUInt16BE(tsig.originalId, 0);
  message.writeUInt16BE(message.readUInt16BE(10) - 1, 10);
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(requestMac.length);
  const expected = hmac(key, [prefix, requestMac, message, variables(key, tsig)]);
  if (expected.length !== tsig.mac.length || !timingSafeEqual(expected, tsig.mac)) return {status: 'bad-mac', error: tsig.error};
  const serverTime = tsig.error === Rcode.BADTIME && tsig.other.length === 6 ? tsig.other.readUIntBE(0, 6) : undefined;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (tsig.error === 0 && Math.abs(now - tsig.timeSigned) > tsig.fudge) return {status: 'time-skew', timeSigned: tsig.timeSigned, now};
  return {status: 'valid', error: tsig.error, timeSigned: tsig.timeSigned, serverTime};
}

/** Convenience for tests and callers holding only bytes. */
export function verifyResponseWire(wire: Buffer, key: TsigKey, requestMac: Buffer, options: VerifyOptions = {}): TsigVerdict {
  return verifyResponse(wire, decodeMessage(wire), key, requestMac, options);
}
