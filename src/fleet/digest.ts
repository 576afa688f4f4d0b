/**
 * Fixed-size keys for identity values, so the audit keeps 16 bytes per distinct value instead of a string
 * and a map entry. Values of the shapes the audit normalizes to (GUIDs, machine SIDs, hex DUIDs, short
 * names) are encoded exactly — two keys are equal only when the values are; anything else gets a 128-bit
 * hash (chance of any false match among 10^7 values about 10^-25).
 */

/** What the four key words hold; keys of different tags never match. */
export const DigestTag = {
  Guid: 1,
  Sid: 2,
  /** 16 + length: up to 16 one-byte characters, packed. */
  Short: 16,
  /** 40 + byte count: lower-case hex of up to 16 bytes (DHCPv6 DUIDs). */
  Hex: 40,
  Hashed: 255,
} as const;

/** Write the key of `value` into `out[at..at+3]`; returns its tag. */
export function digestInto(value: string, out: Uint32Array, at = 0): number {
  const n = value.length;
  if (n === 36 && guidInto(value, out, at)) return DigestTag.Guid;
  // S-1-5-21- and three decimals of 1-10 digits: 14 to 41 characters.
  if (n >= 14 && n <= 41 && value.startsWith('S-1-5-21-') && sidInto(value, out, at)) return DigestTag.Sid;
  if (n >= 2 && n <= 32 && (n & 1) === 0 && hexInto(value, out, at)) return DigestTag.Hex + n / 2;
  if (n <= 16 && shortInto(value, out, at)) return DigestTag.Short + n;
  hashInto(value, out, at);
  return DigestTag.Hashed;
}

/** 0-15 for a lower-case hex digit, else -1. */
const hexDigit = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1);

/** Canonical (lower-case, dashed) GUID: 8-4-4-4-12. */
function guidInto(value: string, out: Uint32Array, at: number): boolean {
  let word = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const c = value.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
      continue;
    }
    const d = hexDigit(c);
    if (d < 0) return false;
    word = (word << 4) | d;
    if (++digits % 8 === 0) {
      out[at + digits / 8 - 1] = word >>> 0;
      word = 0;
    }
  }
  return true;
}

/** S-1-5-21-a-b-c with canonical decimals (no leading zeros) of at most 32 bits each. */
function sidInto(value: string, out: Uint32Array, at: number): boolean {
  let part = 0;
  let number = 0;
  let digits = 0;
  for (let i = 9; i <= value.length; i++) {
    const c = i === value.length ? 45 : value.charCodeAt(i);
    if (c === 45) {
      if (digits === 0 || part > 2) return false;
      out[at + part++] = number;
      number = 0;
      digits = 0;
      continue;
    }
    if (c < 48 || c > 57 || (digits === 1 && number === 0)) return false;
    number = number * 10 + (c - 48);
    if (++digits > 10 || number > 0xffffffff) return false;
  }
  out[at + 3] = 0;
  return part === 3;
}

/** Lower-case hex digits, two per byte, packed big-end first and zero-padded. */
function hexInto(value: string, out: Uint32Array, at: number): boolean {
  out[at] = out[at + 1] = out[at + 2] = out[at + 3] = 0;
  for (let i = 0; i < value.length; i++) {
    const d = hexDigit(value.charCodeAt(i));
    if (d < 0) return false;
    const word = at + (i >> 3);
    out[word] = out[word] | (d << (28 - (i & 7) * 4));
  }
  return true;
}

/** Up to 16 characters below U+0100, one byte each (the length is in the tag). */
function shortInto(value: string, out: Uint32Array, at: number): boolean {
  out[at] = out[at + 1] = out[at + 2] = out[at + 3] = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff) return false;
    const word = at + (i >> 2);
    out[word] = out[word] | (c << ((i & 3) * 8));
  }
  return true;
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;
const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The word of UTF-16 code units 2w and 2w+1 (0 past the end). */
const unitPair = (value: string, w: number): number => {
  const i = 2 * w;
  const low = i < value.length ? value.charCodeAt(i) : 0;
  const high = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
  return low | (high << 16);
};

/**
 * MurmurHash3 x86_128 mixing over UTF-16 code units taken two per 32-bit word (not byte-compatible with the
 * reference implementation, which hashes bytes; it only has to be well mixed and 128 bits wide).
 */
export function hashInto(value: string, out: Uint32Array, at: number): void {
  let h1 = 0x9747b28c;
  let h2 = h1;
  let h3 = h1;
  let h4 = h1;
  const words = (value.length + 1) >> 1;
  const blocks = words >> 2;
  for (let b = 0; b < blocks; b++) {
    const w = b * 4;
    let k1 = unitPair(value, w);
    let k2 = unitPair(value, w + 1);
    let k3 = unitPair(value, w + 2);
    let k4 = unitPair(value, w + 3);
    k1 = Math.imul(rotl(Math.imul(k1, C1), 15), C2);
    h1 ^= k1;
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(rotl(Math.imul(k2, C2), 16), C3);
    h2 ^= k2;
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(rotl(Math.imul(k3, C3), 17), C4);
    h3 ^= k3;
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(rotl(Math.imul(k4, C4), 18), C1);
    h4 ^= k4;
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  const tail = blocks * 4;
  if (words > tail + 2) h3 ^= Math.imul(rotl(Math.imul(unitPair(value, tail + 2), C3), 17), C4);
  if (words > tail + 1) h2 ^= Math.imul(rotl(Math.imul(unitPair(value, tail + 1), C2), 16), C3);
  if (words > tail) h1 ^= Math.imul(rotl(Math.imul(unitPair(value, tail), C1), 15), C2);
  h1 ^= value.length;
  h2 ^= value.length;
  h3 ^= value.length;
  h4 ^= value.length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h3 = fmix32(h3);
  h4 = fmix32(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  out[at] = h1;
  out[at + 1] = h2;
  out[at + 2] = h3;
  out[at + 3] = h4;
}
