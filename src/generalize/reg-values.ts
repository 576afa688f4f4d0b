/**
 * Small codecs for the single registry values generalize and KMS configuration read and write, and their
 * .reg text form. (The registry engine's exportReg covers whole hives; these work on one changed value.)
 * Shared by src/generalize and src/kms; type names and .reg value text come from the registry engine.
 */
import {decodeValue, escapeRegString, formatValue} from '../registry/index.js';
import {RegType, type RegValue} from '../registry/types.js';

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

/** REG_SZ/EXPAND_SZ text up to the first NUL, whatever the value's type says (Windows reads it so, regf.md §1.8). */
export const decodeSz = (data: Buffer): string => decodeValue({name: '', type: RegType.SZ, data}) as string;

/** REG_MULTI_SZ strings, empty ones dropped. */
export function decodeMultiSz(data: Buffer): string[] {
  const text = data.subarray(0, data.length - (data.length % 2)).toString('utf16le');
  return text.split(NUL).filter((line) => line.length > 0);
}

/** The first four bytes as a little-endian DWORD (a longer value is read as Windows reads it). */
export const decodeDword = (data: Buffer): number | undefined => (data.length >= 4 ? data.readUInt32LE(0) : undefined);

export function readDword(value: RegValue | undefined): number | undefined {
  if (!value || value.data.length < 4) return undefined;
  if (value.type === RegType.DWORD) return decodeDword(value.data);
  if (value.type === RegType.DWORD_BIG_ENDIAN) return value.data.readUInt32BE(0);
  return undefined;
}

export function readString(value: RegValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.type === RegType.SZ || value.type === RegType.EXPAND_SZ) return decodeSz(value.data);
  return undefined;
}

/** Human/JSON form of a value's data: text, number, "; "-joined list, or hex bytes. */
export function describeValue(value: RegValue): string {
  switch (value.type) {
    case RegType.SZ:
    case RegType.EXPAND_SZ:
      return decodeSz(value.data);
    case RegType.DWORD:
    case RegType.DWORD_BIG_ENDIAN:
      return String(readDword(value) ?? value.data.toString('hex'));
    case RegType.MULTI_SZ:
      return decodeMultiSz(value.data).join('; ');
    case RegType.QWORD:
      return value.data.length >= 8 ? value.data.readBigUInt64LE(0).toString() : value.data.toString('hex');
    default:
      return value.data.toString('hex');
  }
}

export const sameValue = (a: RegValue | undefined, b: RegValue | undefined): boolean =>
  a !== undefined && b !== undefined && a.type === b.type && a.data.equals(b.data);

/** Where a hive is mounted in .reg text (regedit's names for the offline hives). */
export function mountPrefixForHive(innerPath: string): string {
  const base = innerPath.replace(/\\/g, '/').split('/').pop()!.toUpperCase();
  if (base === 'NTUSER.DAT' && /serviceprofiles\/networkservice\//i.test(innerPath)) return 'HKEY_USERS\\S-1-5-20';
  if (base === 'NTUSER.DAT') return 'HKEY_CURRENT_USER';
  return `HKEY_LOCAL_MACHINE\\${base}`;
}

/** The `"name"=data` line(s) of a .reg file as regedit writes them; `"name"=-` when the value is deleted. */
export function regValueLine(name: string, value: RegValue | undefined): string {
  if (value) return formatValue({...value, name});
  return `${name === '' ? '@' : `"${escapeRegString(name)}"`}=-`;
}
