/**
 * Key and value names: Windows' upcase, collation, `lh` hash and `lf` hint (docs/reference/hive-format.md#name-collation), and the
 * compressed (Latin-1) versus UTF-16LE name encodings (docs/reference/hive-format.md#key-node). Names are handled one UTF-16 code unit at a
 * time so that lone surrogates and NULs survive a read/write round trip byte for byte (docs/reference/hive-format.md#reader-robustness).
 */

let upcaseTable: Uint16Array | undefined;

/** Simple one-unit-in, one-unit-out uppercase, as RtlUpcaseUnicodeChar (`ß` stays `ß`), docs/reference/hive-format.md#name-collation. */
function table(): Uint16Array {
  if (upcaseTable) return upcaseTable;
  const t = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      t[c] = c;
      continue;
    }
    const u = String.fromCharCode(c).toUpperCase();
    t[c] = u.length === 1 ? u.charCodeAt(0) : c;
  }
  upcaseTable = t;
  return t;
}

export const upcaseUnit = (unit: number): number => table()[unit];

/** The name upcased unit by unit (never `toUpperCase()` on the whole string). */
export function upcaseName(name: string): string {
  const t = table();
  let out = '';
  for (let i = 0; i < name.length; i++) out += String.fromCharCode(t[name.charCodeAt(i)]);
  return out;
}

/** Windows collation of subkey names: upcased units compared numerically, shorter prefix first. */
export function compareNames(a: string, b: string): number {
  const t = table();
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = t[a.charCodeAt(i)] - t[b.charCodeAt(i)];
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export const namesEqual = (a: string, b: string): boolean => a.length === b.length && compareNames(a, b) === 0;

/** `lh` hash: h = h*37 + upcase(unit), mod 2^32 (docs/reference/hive-format.md#name-collation). */
export function nameHash(name: string): number {
  const t = table();
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 37) + t[name.charCodeAt(i)]) >>> 0;
  return h;
}

/**
 * `lf` hint as we write it: the leading ASCII characters of the name (up to four, case kept), one byte
 * each, then NUL. Windows converts the first characters to "ASCII (extended)" — a code-page conversion whose
 * result for characters above 0x7F depends on the system (docs/registry-recovery.md, "The lf name hint") —
 * and its lookup compares hint characters only up to the first NUL byte (ReactOS cmindex.c,
 * CmpCompareInIndex). Stopping at the first non-ASCII character therefore gives a hint every Windows
 * reads correctly, whatever its code page.
 */
export function lfHint(name: string): number {
  const bytes = [0, 0, 0, 0];
  for (let i = 0; i < 4 && i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c > 0x7f) break;
    bytes[i] = c;
  }
  return (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
}

/**
 * Whether a stored `lf` hint misleads Windows' lookup for `name`: it compares, up to the first NUL hint
 * byte, each hint character with the name's, both upcased (ReactOS cmindex.c, CmpCompareInIndex). A
 * position holding a character above 0x7F is not judged: Windows stores there the character converted to
 * the system's code page (yarp's public CompHive, made on Windows: key U+009F carries hint byte 0x81), and
 * which code page is not recorded in the hive. Returns the first position found wrong, or undefined.
 */
export function lfHintMismatch(name: string, stored: number): number | undefined {
  for (let i = 0; i < 4; i++) {
    const byte = (stored >>> (i * 8)) & 0xff;
    if (byte === 0 || i >= name.length) return undefined;
    const c = name.charCodeAt(i);
    if (c > 0x7f) continue;
    if (upcaseUnit(byte) !== upcaseUnit(c)) return i;
  }
  return undefined;
}

/** Windows stores a name compressed whenever every unit fits in one byte (docs/reference/hive-format.md#key-node). */
export function canCompress(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 0xff) return false;
  return true;
}

export interface EncodedName {
  bytes: Buffer;
  compressed: boolean;
}

export function encodeName(name: string): EncodedName {
  const compressed = canCompress(name);
  return {bytes: compressed ? Buffer.from(name, 'latin1') : Buffer.from(name, 'utf16le'), compressed};
}

/** Decode a stored name; Node's latin1/utf16le decoders copy units without replacement, so this is lossless. */
export function decodeName(buf: Buffer, start: number, length: number, compressed: boolean): string {
  return buf.toString(compressed ? 'latin1' : 'utf16le', start, start + (compressed ? length : length & ~1));
}

/** Length of a name in bytes as UTF-16 (what the max-length fields count, docs/reference/hive-format.md#key-node). */
export const utf16Bytes = (name: string): number => name.length * 2;
