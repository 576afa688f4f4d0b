/** Encode and decode the registry value types KMS settings use (REG_SZ, REG_DWORD, REG_MULTI_SZ). */
import {RegType, type RegValue} from '../registry/types.js';

const NUL = '\u0000';

export const szValue = (name: string, text: string): RegValue => ({name, type: RegType.SZ, data: Buffer.from(text + NUL, 'utf16le')});

export function dwordValue(name: string, value: number): RegValue {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(value >>> 0);
  return {name, type: RegType.DWORD, data};
}

/** REG_MULTI_SZ: each string NUL-terminated, then one more NUL ending the list. */
export const multiSzValue = (name: string, lines: string[]): RegValue => ({
  name,
  type: RegType.MULTI_SZ,
  data: Buffer.from(lines.map((line) => line + NUL).join('') + NUL, 'utf16le'),
});

export function decodeSz(data: Buffer): string {
  const text = data.subarray(0, data.length - (data.length % 2)).toString('utf16le');
  const end = text.indexOf(NUL);
  return end >= 0 ? text.slice(0, end) : text;
}

export function decodeMultiSz(data: Buffer): string[] {
  const text = data.subarray(0, data.length - (data.length % 2)).toString('utf16le');
  return text.split(NUL).filter((line) => line.length > 0);
}

export const decodeDword = (data: Buffer): number | undefined => (data.length >= 4 ? data.readUInt32LE(0) : undefined);

/** A value as text for reports: strings as they are, DWORDs in decimal, lists joined with "; ". */
export function describeValue(value: RegValue): string {
  switch (value.type) {
    case RegType.SZ:
    case RegType.EXPAND_SZ:
      return decodeSz(value.data);
    case RegType.DWORD:
      return String(decodeDword(value.data) ?? '');
    case RegType.MULTI_SZ:
      return decodeMultiSz(value.data).join('; ');
    default:
      return value.data.toString('hex');
  }
}

export const sameValue = (a: RegValue | undefined, b: RegValue): boolean => a !== undefined && a.type === b.type && a.data.equals(b.data);
