/** Shared builders for registry tests: a deterministic sample hive and byte-level cell helpers. */
import {Hive, HiveKey, RegType, type RegValue} from '../../src/registry/index.js';

export const clock = () => new Date('2024-05-01T12:00:00Z');

export const sz = (name: string, text: string): RegValue => ({name, type: RegType.SZ, data: Buffer.from(`${text}\0`, 'utf16le')});

export function dword(name: string, n: number): RegValue {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(n >>> 0);
  return {name, type: RegType.DWORD, data};
}

/** A small hive with subkeys, values of several sizes (one big-data value) and a wide key. */
export function smallHive(minor = 5): Hive {
  const hive = Hive.create({clock, minor});
  hive.setValue('Control\\Alpha', sz('Name', 'alpha'));
  hive.setValue('Control\\Beta', dword('Start', 3));
  hive.setValue('Control\\Gamma', {name: 'Blob', type: RegType.BINARY, data: Buffer.alloc(100, 5)});
  hive.setValue('Control', {name: 'Big', type: RegType.BINARY, data: Buffer.alloc(20_000, 9)});
  for (let i = 0; i < 20; i++) hive.createKey(`Wide\\k${i}`);
  return hive;
}

/** File offset of a key node's payload in serialized bytes (cell offsets are stable across serialize). */
export function nkOffset(hive: Hive, keyPath: string): number {
  const key = hive.key(keyPath);
  if (!(key instanceof HiveKey)) throw new Error(`no key ${keyPath}`);
  return 4096 + key.cell + 4;
}

/** Recompute the header checksum after a test mutates the base block. */
export function fixChecksum(bytes: Buffer): void {
  bytes.writeUInt32LE(Hive.checksumOf(bytes), 508);
}
