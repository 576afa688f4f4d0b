/**
 * Small codecs for the registry values generalize reads and writes, and their .reg text form.
 * (The registry engine's exportReg covers whole hives; generalize needs single changed values.)
 */
import {RegType, type RegValue} from '../registry/types.js';

const TYPE_NAMES: Record<number, string> = {
  [RegType.NONE]: 'REG_NONE',
  [RegType.SZ]: 'REG_SZ',
  [RegType.EXPAND_SZ]: 'REG_EXPAND_SZ',
  [RegType.BINARY]: 'REG_BINARY',
  [RegType.DWORD]: 'REG_DWORD',
  [RegType.DWORD_BIG_ENDIAN]: 'REG_DWORD_BIG_ENDIAN',
  [RegType.LINK]: 'REG_LINK',
  [RegType.MULTI_SZ]: 'REG_MULTI_SZ',
  [RegType.QWORD]: 'REG_QWORD',
};

export const typeName = (type: number): string => TYPE_NAMES[type] ?? `REG_TYPE_${type}`;

export function szValue(name: string, text: string): RegValue {
  return {name, type: RegType.SZ, data: Buffer.from(`${text}\0`, 'utf16le')};
}

export function dwordValue(name: string, n: number): RegValue {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(n >>> 0);
  return {name, type: RegType.DWORD, data};
}

/** REG_SZ/EXPAND_SZ text without the terminating NULs (tolerates odd lengths). */
export function decodeString(data: Buffer): string {
  const even = data.subarray(0, data.length - (data.length % 2));
  return even.toString('utf16le').replace(/\0+$/, '');
}

export function readDword(value: RegValue | undefined): number | undefined {
  if (!value || value.data.length < 4) return undefined;
  if (value.type === RegType.DWORD) return value.data.readUInt32LE(0);
  if (value.type === RegType.DWORD_BIG_ENDIAN) return value.data.readUInt32BE(0);
  return undefined;
}

export function readString(value: RegValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.type === RegType.SZ || value.type === RegType.EXPAND_SZ) return decodeString(value.data);
  return undefined;
}

/** Human/JSON form of a value's data: text, number, or hex bytes. */
export function describeValue(value: RegValue): string {
  switch (value.type) {
    case RegType.SZ:
    case RegType.EXPAND_SZ:
      return decodeString(value.data);
    case RegType.DWORD:
    case RegType.DWORD_BIG_ENDIAN:
      return String(readDword(value) ?? value.data.toString('hex'));
    case RegType.MULTI_SZ:
      return decodeString(value.data).split('\0').filter((s) => s.length > 0).join('; ');
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

const regString = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const hexBytes = (data: Buffer): string => [...data].map((b) => b.toString(16).padStart(2, '0')).join(',');

/** The `"name"=data` line of a .reg file; `"name"=-` when the value is deleted. */
export function regValueLine(name: string, value: RegValue | undefined): string {
  const left = name === '' ? '@' : regString(name);
  if (!value) return `${left}=-`;
  switch (value.type) {
    case RegType.SZ:
      return `${left}=${regString(decodeString(value.data))}`;
    case RegType.DWORD:
      return `${left}=dword:${value.data.readUInt32LE(0).toString(16).padStart(8, '0')}`;
    case RegType.BINARY:
      return `${left}=hex:${hexBytes(value.data)}`;
    default:
      return `${left}=hex(${value.type.toString(16)}):${hexBytes(value.data)}`;
  }
}
