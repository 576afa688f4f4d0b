/**
 * Domain names on the wire (RFC 1035 §3.1, §4.1.4). We never compress on encode (TSIG wants canonical
 * names and the messages are small); on decode we follow compression pointers, but only strictly
 * backwards, which makes loops impossible, and we enforce the 63/255 length limits.
 */
import {DnsWireError} from './errors.js';

const MAX_LABEL = 63;
const MAX_NAME = 255;

/** Split a presentation name ("a.b.", "a.b", "." or "") into labels; rejects empty and over-long labels. */
export function nameLabels(name: string): string[] {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  if (trimmed === '') return [];
  const labels = trimmed.split('.');
  for (const label of labels) {
    if (label.length === 0) throw new DnsWireError(`empty label in name "${name}"`);
    if (Buffer.byteLength(label, 'latin1') > MAX_LABEL) throw new DnsWireError(`label longer than 63 bytes in "${name}"`);
  }
  return labels;
}

/** Uncompressed wire form; `lowercase` gives the canonical form TSIG needs (RFC 8945 §4.3.3). */
export function encodeName(name: string, lowercase = false): Buffer {
  const parts: Buffer[] = [];
  for (const label of nameLabels(name)) {
    const bytes = Buffer.from(lowercase ? label.toLowerCase() : label, 'latin1');
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  const wire = Buffer.concat(parts);
  if (wire.length > MAX_NAME) throw new DnsWireError(`name longer than 255 bytes: "${name}"`);
  return wire;
}

/** Presentation form of one label: printable ASCII kept, everything else (and '.', '\\') as \DDD. */
function labelText(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    if (byte > 0x20 && byte < 0x7f && byte !== 0x2e && byte !== 0x5c) text += String.fromCharCode(byte);
    else text += `\\${byte.toString().padStart(3, '0')}`;
  }
  return text;
}

export interface DecodedName {
  /** Presentation form without the trailing dot; '' for the root. */
  name: string;
  /** Offset just after the name where it started (pointers end the in-place part). */
  next: number;
}

export function decodeName(message: Buffer, offset: number): DecodedName {
  const labels: string[] = [];
  let position = offset;
  let next = -1;
  let wireLength = 1;
  // A pointer must go strictly below the lowest offset read so far: no loops, bounded work.
  let floor = offset;
  while (true) {
    if (position >= message.length) throw new DnsWireError('name runs past the end of the message');
    const length = message[position];
    if (length === 0) {
      if (next < 0) next = position + 1;
      break;
    }
    const kind = length & 0xc0;
    if (kind === 0xc0) {
      if (position + 1 >= message.length) throw new DnsWireError('truncated compression pointer');
      const target = ((length & 0x3f) << 8) | message[position + 1];
      if (next < 0) next = position + 2;
      if (target >= floor) throw new DnsWireError('compression pointer does not point backwards');
      floor = target;
      position = target;
      continue;
    }
    if (kind !== 0) throw new DnsWireError(`unsupported label type 0x${kind.toString(16)}`);
    const end = position + 1 + length;
    if (end > message.length) throw new DnsWireError('label runs past the end of the message');
    wireLength += length + 1;
    if (wireLength > MAX_NAME) throw new DnsWireError('name longer than 255 bytes');
    labels.push(labelText(message.subarray(position + 1, end)));
    position = end;
  }
  return {name: labels.join('.'), next};
}

/** Case-insensitive comparison of presentation names, ignoring a trailing dot (RFC 4343). */
export function sameName(a: string, b: string): boolean {
  const strip = (n: string): string => (n.endsWith('.') ? n.slice(0, -1) : n).toLowerCase();
  return strip(a) === strip(b);
}
