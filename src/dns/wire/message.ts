/**
 * DNS messages (RFC 1035 §4.1) for queries and RFC 2136 UPDATEs. Sections keep their RFC 1035 names;
 * in an UPDATE they are ZONE (questions), PREREQUISITE (answers), UPDATE (authorities), ADDITIONAL.
 */
import {DnsWireError} from './errors.js';
import {decodeName, encodeName} from './name.js';
import {type RData, decodeRData, encodeRData} from './rdata.js';

export interface Header {
  id: number;
  /** true in responses */
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** 4-bit header RCODE */
  rcode: number;
}

export interface Question {
  name: string;
  type: number;
  class: number;
}

export interface ResourceRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  data: RData;
}

export interface Message {
  header: Header;
  questions: Question[];
  answers: ResourceRecord[];
  authorities: ResourceRecord[];
  additionals: ResourceRecord[];
}

export interface DecodedMessage extends Message {
  /** Offset where the last additional record starts when it is a TSIG RR (RFC 8945 §5: it must be last). */
  tsigOffset?: number;
}

export const HEADER_LENGTH = 12;
const MAX_MESSAGE = 65535;

export function headerFlags(h: Header): number {
  return (
    (h.qr ? 0x8000 : 0) |
    ((h.opcode & 0xf) << 11) |
    (h.aa ? 0x0400 : 0) |
    (h.tc ? 0x0200 : 0) |
    (h.rd ? 0x0100 : 0) |
    (h.ra ? 0x0080 : 0) |
    (h.rcode & 0xf)
  );
}

export function newHeader(id: number, opcode: number, rd = false): Header {
  return {id, qr: false, opcode, aa: false, tc: false, rd, ra: false, rcode: 0};
}

function encodeRecord(rr: ResourceRecord): Buffer {
  const rdata = encodeRData(rr.data);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(rr.type, 0);
  fixed.writeUInt16BE(rr.class, 2);
  fixed.writeUInt32BE(rr.ttl >>> 0, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(rr.name), fixed, rdata]);
}

export function encodeMessage(message: Message): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt16BE(message.header.id, 0);
  header.writeUInt16BE(headerFlags(message.header), 2);
  header.writeUInt16BE(message.questions.length, 4);
  header.writeUInt16BE(message.answers.length, 6);
  header.writeUInt16BE(message.authorities.length, 8);
  header.writeUInt16BE(message.additionals.length, 10);
  const parts: Buffer[] = [header];
  for (const q of message.questions) {
    const fixed = Buffer.alloc(4);
    fixed.writeUInt16BE(q.type, 0);
    fixed.writeUInt16BE(q.class, 2);
    parts.push(encodeName(q.name), fixed);
  }
  for (const rr of [...message.answers, ...message.authorities, ...message.additionals]) parts.push(encodeRecord(rr));
  const wire = Buffer.concat(parts);
  if (wire.length > MAX_MESSAGE) throw new DnsWireError('message longer than 65535 bytes');
  return wire;
}

export function decodeHeader(wire: Buffer): Header {
  if (wire.length < HEADER_LENGTH) throw new DnsWireError(`message shorter than a DNS header (${wire.length} bytes)`);
  const flags = wire.readUInt16BE(2);
  return {
    id: wire.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    rcode: flags & 0xf,
  };
}

/** Decode a whole message; throws DnsWireError on anything malformed, never reads out of bounds. */
export function decodeMessage(wire: Buffer): DecodedMessage {
  const header = decodeHeader(wire);
  const counts = [4, 6, 8, 10].map((at) => wire.readUInt16BE(at));
  let offset = HEADER_LENGTH;
  const questions: Question[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const name = decodeName(wire, offset);
    if (name.next + 4 > wire.length) throw new DnsWireError('question runs past the end of the message');
    questions.push({name: name.name, type: wire.readUInt16BE(name.next), class: wire.readUInt16BE(name.next + 2)});
    offset = name.next + 4;
  }
  const sections: ResourceRecord[][] = [[], [], []];
  let lastStart = -1;
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]; i++) {
      lastStart = offset;
      const name = decodeName(wire, offset);
      const fixed = name.next;
      if (fixed + 10 > wire.length) throw new DnsWireError('record header runs past the end of the message');
      const type = wire.readUInt16BE(fixed);
      const rdLength = wire.readUInt16BE(fixed + 8);
      const start = fixed + 10;
      const end = start + rdLength;
      if (end > wire.length) throw new DnsWireError('record data runs past the end of the message');
      sections[s].push({
        name: name.name,
        type,
        class: wire.readUInt16BE(fixed + 2),
        ttl: wire.readUInt32BE(fixed + 4),
        // RDLENGTH 0 is legal for any type in UPDATE deletes and prerequisites (RFC 2136 §2.4, §2.5).
        data: rdLength === 0 ? {kind: 'raw', bytes: Buffer.alloc(0)} : decodeRData(wire, type, start, end),
      });
      offset = end;
    }
  }
  if (offset !== wire.length) throw new DnsWireError(`${wire.length - offset} stray bytes after the last record`);
  const [answers, authorities, additionals] = sections;
  const decoded: DecodedMessage = {header, questions, answers, authorities, additionals};
  const last = additionals.at(-1);
  if (last?.data.kind === 'tsig') decoded.tsigOffset = lastStart;
  return decoded;
}
