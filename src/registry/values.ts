/**
 * One registry value built from, or read as, a string, a number or a list: the codecs the image-changing
 * commands (generalize, kms) use for the single values they read and write. Whole hives and .reg text are
 * elsewhere in the engine; value-text.ts holds the human and JSON forms.
 */
import {RegType, type RegValue} from './types.js';

const NUL = '\u0000';

export function szValue(name: string, text: string): RegValue {
  return {name, type: RegType.SZ, data: Buffer.from(text + NUL, 'utf16le')};
}

export function dwordValue(name: string, n: number): RegValue {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(n >>> 0);
  return {name, type: RegType.DWORD, data};
}

/** REG_MULTI_SZ: each string NUL-terminated, then one more NUL ending the list. */
export const multiSzValue = (name: string, lines: string[]): RegValue => ({
  name,
  type: RegType.MULTI_SZ,
  data: Buffer.from(lines.map((line) => line + NUL).join('') + NUL, 'utf16le'),
});

/**
 * UTF-16LE text up to the first NUL, whatever the value's type says: Windows tolerates a missing terminator
 * and reads REG_SZ/EXPAND_SZ so (docs/reference/hive-format.md#values). An odd last byte is not part of any character.
 */
export function decodeSz(data: Buffer): string {
  const text = data.toString('utf16le', 0, data.length & ~1);
  const nul = text.indexOf(NUL);
  return nul < 0 ? text : text.slice(0, nul);
}

/** REG_MULTI_SZ strings, empty ones dropped (a list setting has no use for them). */
export function decodeMultiSz(data: Buffer): string[] {
  const text = data.toString('utf16le', 0, data.length & ~1);
  return text.split(NUL).filter((line) => line.length > 0);
}

/** The first four bytes as a little-endian DWORD (a longer value is read as Windows reads it). */
export const decodeDword = (data: Buffer): number | undefined => (data.length >= 4 ? data.readUInt32LE(0) : undefined);

/** A REG_DWORD or REG_DWORD_BIG_ENDIAN value's number; undefined when absent, too short or of another type. */
export function readDword(value: RegValue | undefined): number | undefined {
  if (!value || value.data.length < 4) return undefined;
  if (value.type === RegType.DWORD) return decodeDword(value.data);
  if (value.type === RegType.DWORD_BIG_ENDIAN) return value.data.readUInt32BE(0);
  return undefined;
}

/** A REG_SZ or REG_EXPAND_SZ value's text (not expanded); undefined when absent or of another type. */
export function readString(value: RegValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.type === RegType.SZ || value.type === RegType.EXPAND_SZ) return decodeSz(value.data);
  return undefined;
}

/** Both present, same type, same bytes (the name is not compared). */
export const sameValue = (a: RegValue | undefined, b: RegValue | undefined): boolean =>
  a !== undefined && b !== undefined && a.type === b.type && a.data.equals(b.data);
