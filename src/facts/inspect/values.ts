/**
 * Typed reads of registry values for inspect. Tolerant on purpose: inspect reports what an image holds,
 * so a value of an unexpected type is read as best it can be, or left undefined — never guessed.
 */
import type {HiveApi, RegValue} from '../../registry/types.js';
import {RegType} from '../../registry/types.js';
import {decodeDword, decodeSz, readDword} from '../../registry/values.js';

/** UTF-16LE text up to the first NUL (REG_SZ / REG_EXPAND_SZ data usually ends in one): the registry engine's reading. */
export const decodeString = decodeSz;

/** REG_MULTI_SZ: NUL-separated strings, ending with an empty one. */
export function decodeMultiString(data: Buffer): string[] {
  const text = data.subarray(0, data.length - (data.length % 2)).toString('utf16le');
  const parts = text.split('\0');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

export function valueAsString(value: RegValue | undefined): string | undefined {
  if (!value) return undefined;
  switch (value.type) {
    case RegType.SZ:
    case RegType.EXPAND_SZ:
      return decodeString(value.data);
    case RegType.MULTI_SZ:
      return decodeMultiString(value.data).join(' ');
    case RegType.DWORD: {
      const number = decodeDword(value.data);
      return number === undefined ? undefined : String(number);
    }
    default:
      return undefined;
  }
}

export function valueAsNumber(value: RegValue | undefined): number | undefined {
  if (!value) return undefined;
  const dword = readDword(value);
  if (dword !== undefined) return dword;
  if (value.type === RegType.QWORD && value.data.length >= 8) return Number(value.data.readBigUInt64LE(0));
  if (value.type === RegType.SZ || value.type === RegType.EXPAND_SZ) {
    const text = decodeString(value.data).trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  }
  return undefined;
}

export function valueAsStrings(value: RegValue | undefined): string[] | undefined {
  if (!value) return undefined;
  if (value.type === RegType.MULTI_SZ) return decodeMultiString(value.data);
  const text = valueAsString(value);
  return text === undefined ? undefined : [text];
}

/** Shorthands over a hive that may be absent. */
export const readString = (hive: HiveApi | undefined, key: string, name: string): string | undefined => valueAsString(hive?.getValue(key, name));
export const readNumber = (hive: HiveApi | undefined, key: string, name: string): number | undefined => valueAsNumber(hive?.getValue(key, name));
export const readStrings = (hive: HiveApi | undefined, key: string, name: string): string[] | undefined => valueAsStrings(hive?.getValue(key, name));
export const readBinary = (hive: HiveApi | undefined, key: string, name: string): Buffer | undefined => hive?.getValue(key, name)?.data;

/** A DWORD flag: true when non-zero, undefined when absent. */
export function readFlag(hive: HiveApi | undefined, key: string, name: string): boolean | undefined {
  const number = readNumber(hive, key, name);
  return number === undefined ? undefined : number !== 0;
}
