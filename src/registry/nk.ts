/** Key node (`nk`) layout and accessors, docs/reference/hive-format.md#key-node. Offsets are relative to the cell payload. */
import {decodeName} from './names.js';
import type {HiveStore} from './store.js';

export const NK = {
  flags: 2,
  timestamp: 4,
  access: 12,
  parent: 16,
  subkeyCount: 20,
  volatileCount: 24,
  subkeyList: 28,
  volatileList: 32,
  valueCount: 36,
  valueList: 40,
  security: 44,
  classCell: 48,
  maxNameLen: 52,
  maxClassLen: 56,
  maxValueNameLen: 60,
  maxValueDataLen: 64,
  workVar: 68,
  nameLength: 72,
  classLength: 74,
  name: 76,
} as const;

export const NK_FLAG = {
  hiveEntry: 0x0004,
  noDelete: 0x0008,
  symLink: 0x0010,
  compName: 0x0020,
} as const;

/** Root flags of every Windows hive (docs/reference/hive-format.md#key-node, docs/reference/hive-format.md#writer-invariants). */
export const ROOT_FLAGS = 0x2c;

/** Payload file offset of a key node, checking signature and that the name fits. */
export function nkAt(store: HiveStore, cell: number): number {
  const length = store.payloadLength(cell);
  if (length < NK.name) throw store.fault(`key node at 0x${cell.toString(16)} needs ${NK.name} bytes but its cell holds ${length}`);
  const p = cell + 4100; // file offset of the payload: base block + cell + size field
  if (store.buf[p] !== 0x6e || store.buf[p + 1] !== 0x6b) throw store.fault(`cell 0x${cell.toString(16)} should be a key node ("nk")`);
  if (NK.name + store.buf.readUInt16LE(p + NK.nameLength) > length) throw store.fault(`key node at 0x${cell.toString(16)} has a name longer than its cell`);
  return p;
}

export function nkName(store: HiveStore, p: number): string {
  const buf = store.buf;
  return decodeName(buf, p + NK.name, buf.readUInt16LE(p + NK.nameLength), (buf.readUInt16LE(p + NK.flags) & NK_FLAG.compName) !== 0);
}

export const u32 = (store: HiveStore, p: number, field: number): number => store.buf.readUInt32LE(p + field);

/** Raise a max-length field (never lower it, docs/reference/hive-format.md#key-node); MaxNameLen is 16 bits, bytes 54–55 kept. */
export function raiseMax(store: HiveStore, p: number, field: number, value: number): void {
  const buf = store.writable();
  if (field === NK.maxNameLen) {
    if (buf.readUInt16LE(p + field) < value) buf.writeUInt16LE(Math.min(value, 0xffff), p + field);
    return;
  }
  if (buf.readUInt32LE(p + field) < value) buf.writeUInt32LE(value >>> 0, p + field);
}
