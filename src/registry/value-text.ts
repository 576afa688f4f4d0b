/** Type names and decoded forms of values, for human output and the JSON results of `winprep reg`. */
import type {Integer} from '../json-types.js';
import {RegType, type RegValue} from './types.js';
import {decodeMultiSz, decodeSz, readDword} from './values.js';

const TYPE_NAMES: Record<number, string> = {
  [RegType.NONE]: 'REG_NONE',
  [RegType.SZ]: 'REG_SZ',
  [RegType.EXPAND_SZ]: 'REG_EXPAND_SZ',
  [RegType.BINARY]: 'REG_BINARY',
  [RegType.DWORD]: 'REG_DWORD',
  [RegType.DWORD_BIG_ENDIAN]: 'REG_DWORD_BIG_ENDIAN',
  [RegType.LINK]: 'REG_LINK',
  [RegType.MULTI_SZ]: 'REG_MULTI_SZ',
  [RegType.RESOURCE_LIST]: 'REG_RESOURCE_LIST',
  [RegType.FULL_RESOURCE_DESCRIPTOR]: 'REG_FULL_RESOURCE_DESCRIPTOR',
  [RegType.RESOURCE_REQUIREMENTS_LIST]: 'REG_RESOURCE_REQUIREMENTS_LIST',
  [RegType.QWORD]: 'REG_QWORD',
};

export const typeName = (type: number): string => TYPE_NAMES[type] ?? `0x${(type >>> 0).toString(16).padStart(8, '0')}`;

export type DecodedValue = string | Integer | string[];

/** The natural reading of a value, or undefined when its bytes do not fit its type. */
export function decodeValue(value: RegValue): DecodedValue | undefined {
  const {data} = value;
  switch (value.type) {
    case RegType.SZ:
    case RegType.EXPAND_SZ:
    case RegType.LINK:
      return decodeSz(data);
    case RegType.MULTI_SZ: {
      const items = data.toString('utf16le', 0, data.length & ~1).split('\0');
      while (items.length > 0 && items[items.length - 1] === '') items.pop();
      return items;
    }
    case RegType.DWORD:
      return data.length === 4 ? data.readUInt32LE(0) : undefined;
    case RegType.DWORD_BIG_ENDIAN:
      return data.length === 4 ? data.readUInt32BE(0) : undefined;
    case RegType.QWORD:
      // A string: QWORDs exceed JSON's exact integers.
      return data.length === 8 ? data.readBigUInt64LE(0).toString() : undefined;
    default:
      return undefined;
  }
}

export interface ValueJson {
  name: string;
  type: Integer;
  typeName: string;
  size: Integer;
  /** Raw bytes, hex. */
  data: string;
  /** Decoded value when the type has a natural reading. */
  value?: DecodedValue;
}

export const valueJson = (value: RegValue): ValueJson => ({
  name: value.name,
  type: value.type,
  typeName: typeName(value.type),
  size: value.data.length,
  data: value.data.toString('hex'),
  value: decodeValue(value),
});

/** One-line human form of a value's data, as `reg query` shows it. */
export function valueDisplay(value: RegValue): string {
  const decoded = decodeValue(value);
  if (Array.isArray(decoded)) return decoded.join('\\0');
  if (typeof decoded === 'number') return `0x${decoded.toString(16)} (${decoded})`;
  if (typeof decoded === 'string') return value.type === RegType.QWORD ? `0x${BigInt(decoded).toString(16)} (${decoded})` : decoded;
  return value.data.toString('hex').toUpperCase();
}

/**
 * The data of a value in a change report (generalize, kms): text, decimal number, "; "-joined list (empty
 * strings dropped) or hex bytes. Unlike valueDisplay, a DWORD of the wrong length still reads its first
 * four bytes, as Windows does.
 */
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
