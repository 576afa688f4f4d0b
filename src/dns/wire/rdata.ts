/** RDATA of the types winprep reads and writes; anything else is kept as raw bytes. */
import {isIP} from 'node:net';

import {RRType} from './constants.js';
import {DnsWireError} from './errors.js';
import {decodeName, encodeName} from './name.js';

export interface SrvData {
  kind: 'srv';
  priority: number;
  weight: number;
  port: number;
  target: string;
}

export interface AddressData {
  kind: 'a' | 'aaaa';
  address: string;
}

/** RFC 8945 §4.2 TSIG RDATA. */
export interface TsigData {
  kind: 'tsig';
  algorithm: string;
  /** Seconds since the epoch (u48). */
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  other: Buffer;
}

/** CNAME and NS: a single domain name. */
export interface NameData {
  kind: 'name';
  target: string;
}

export interface RawData {
  kind: 'raw';
  bytes: Buffer;
}

export type RData = SrvData | AddressData | NameData | TsigData | RawData;

const u16 = (value: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value);
  return b;
};

const u48 = (value: number): Buffer => {
  const b = Buffer.alloc(6);
  b.writeUIntBE(value, 0, 6);
  return b;
};

export function encodeIPv4(address: string): Buffer {
  if (isIP(address) !== 4) throw new DnsWireError(`not an IPv4 address: ${address}`);
  return Buffer.from(address.split('.').map(Number));
}

export function encodeIPv6(address: string): Buffer {
  if (isIP(address) !== 6) throw new DnsWireError(`not an IPv6 address: ${address}`);
  // Expand an embedded IPv4 tail ("::ffff:1.2.3.4") into two hex groups first.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  let text = address;
  if (dotted) {
    const v4 = encodeIPv4(dotted[1]);
    text = `${address.slice(0, dotted.index)}${v4.readUInt16BE(0).toString(16)}:${v4.readUInt16BE(2).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function ipv6Text(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLength).join(':')}`;
}

export function encodeRData(data: RData): Buffer {
  switch (data.kind) {
    case 'srv':
      return Buffer.concat([u16(data.priority), u16(data.weight), u16(data.port), encodeName(data.target)]);
    case 'a':
      return encodeIPv4(data.address);
    case 'aaaa':
      return encodeIPv6(data.address);
    case 'tsig':
      return Buffer.concat([
        encodeName(data.algorithm, true),
        u48(data.timeSigned),
        u16(data.fudge),
        u16(data.mac.length),
        data.mac,
        u16(data.originalId),
        u16(data.error),
        u16(data.other.length),
        data.other,
      ]);
    case 'name':
      return encodeName(data.target);
    case 'raw':
      return data.bytes;
  }
}

/** Decode RDATA at [offset, end) of message; names inside may point anywhere earlier in the message. */
export function decodeRData(message: Buffer, type: number, offset: number, end: number): RData {
  const need = (n: number, at: number): void => {
    if (at + n > end) throw new DnsWireError(`${type === RRType.TSIG ? 'TSIG' : 'record'} data shorter than its fields`);
  };
  switch (type) {
    case RRType.A:
      if (end - offset !== 4) throw new DnsWireError('A record data is not 4 bytes');
      return {kind: 'a', address: [...message.subarray(offset, end)].join('.')};
    case RRType.AAAA:
      if (end - offset !== 16) throw new DnsWireError('AAAA record data is not 16 bytes');
      return {kind: 'aaaa', address: ipv6Text(message.subarray(offset, end))};
    case RRType.CNAME:
    case RRType.NS: {
      const target = decodeName(message, offset);
      if (target.next !== end) throw new DnsWireError('name record length does not match its data');
      return {kind: 'name', target: target.name};
    }
    case RRType.SRV: {
      need(7, offset);
      const target = decodeName(message, offset + 6);
      if (target.next !== end) throw new DnsWireError('SRV record length does not match its data');
      return {
        kind: 'srv',
        priority: message.readUInt16BE(offset),
        weight: message.readUInt16BE(offset + 2),
        port: message.readUInt16BE(offset + 4),
        target: target.name,
      };
    }
    case RRType.TSIG: {
      const algorithm = decodeName(message, offset);
      let at = algorithm.next;
      need(10, at);
      const timeSigned = message.readUIntBE(at, 6);
      const fudge = message.readUInt16BE(at + 6);
      const macSize = message.readUInt16BE(at + 8);
      at += 10;
      need(macSize + 6, at);
      const mac = Buffer.from(message.subarray(at, at + macSize));
      at += macSize;
      const originalId = message.readUInt16BE(at);
      const error = message.readUInt16BE(at + 2);
      const otherLength = message.readUInt16BE(at + 4);
      at += 6;
      need(otherLength, at);
      const other = Buffer.from(message.subarray(at, at + otherLength));
      if (at + otherLength !== end) throw new DnsWireError('TSIG record length does not match its data');
      return {kind: 'tsig', algorithm: algorithm.name.toLowerCase(), timeSigned, fudge, mac, originalId, error, other};
    }
    default:
      return {kind: 'raw', bytes: Buffer.from(message.subarray(offset, end))};
  }
}
