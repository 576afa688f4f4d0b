/**
 * Value cells (`vk`) and where their data lives (docs/reference/hive-format.md#values): inline when ≤ 4 bytes, one data cell, or a
 * `db` record when the hive version and length demand it (docs/reference/hive-format.md#big-data).
 */
import {readBigData, bigDataCells, isBigDataCell, needsBigData, writeBigData} from './big-data.js';
import {decodeName, encodeName} from './names.js';
import {NIL, type HiveStore} from './store.js';

export const VK = {nameLength: 2, dataSize: 4, dataCell: 8, type: 12, flags: 16, spare: 18, name: 20} as const;
const VALUE_COMP_NAME = 0x0001;
const INLINE = 0x80000000;
/** Windows caps a single data cell, and so any value in a 1.3 hive, at 1 MiB (docs/reference/hive-format.md#values). */
const MAX_CELL_DATA = 1024 * 1024;

export function vkAt(store: HiveStore, cell: number): number {
  const length = store.payloadLength(cell);
  if (length < VK.name) throw store.fault(`value at 0x${cell.toString(16)} needs ${VK.name} bytes but its cell holds ${length}`);
  const p = cell + 4100; // file offset of the payload: base block + cell + size field
  if (store.buf[p] !== 0x76 || store.buf[p + 1] !== 0x6b) throw store.fault(`cell 0x${cell.toString(16)} should be a value ("vk")`);
  if (VK.name + store.buf.readUInt16LE(p + VK.nameLength) > length) throw store.fault(`value at 0x${cell.toString(16)} has a name longer than its cell`);
  return p;
}

export function vkName(store: HiveStore, p: number): string {
  const buf = store.buf;
  return decodeName(buf, p + VK.name, buf.readUInt16LE(p + VK.nameLength), (buf.readUInt16LE(p + VK.flags) & VALUE_COMP_NAME) !== 0);
}

export const vkType = (store: HiveStore, p: number): number => store.buf.readUInt32LE(p + VK.type);
export const vkDataLength = (store: HiveStore, p: number): number => store.buf.readUInt32LE(p + VK.dataSize) & 0x7fffffff;

export function vkData(store: HiveStore, p: number): Buffer {
  const buf = store.buf;
  const raw = buf.readUInt32LE(p + VK.dataSize);
  const length = raw & 0x7fffffff;
  if (raw & INLINE) {
    if (length > 4) throw store.fault(`value at file offset 0x${p.toString(16)} claims ${length} inline bytes (at most 4)`);
    return Buffer.from(buf.subarray(p + VK.dataCell, p + VK.dataCell + length));
  }
  if (length === 0) return Buffer.alloc(0);
  const cell = buf.readUInt32LE(p + VK.dataCell);
  // hivex writes long values as one plain cell even in ≥ 1.4 hives (docs/reference/hive-format.md#hivex-limits): read both forms.
  if (needsBigData(store.minor, length) && isBigDataCell(store, cell)) return readBigData(store, cell, length);
  const data = store.payload(cell, length, 'value data');
  return Buffer.from(buf.subarray(data, data + length));
}

/** The cells holding a value's data (none when inline). */
export function vkDataCells(store: HiveStore, p: number): number[] {
  const raw = store.buf.readUInt32LE(p + VK.dataSize);
  const length = raw & 0x7fffffff;
  if (raw & INLINE || length === 0) return [];
  const cell = store.buf.readUInt32LE(p + VK.dataCell);
  if (cell === NIL) return [];
  if (needsBigData(store.minor, length) && isBigDataCell(store, cell)) return bigDataCells(store, cell);
  return [cell];
}

/** Store data per docs/reference/hive-format.md#values and point the vk at it. The old data must have been freed by the caller. */
export function writeVkData(store: HiveStore, vkCell: number, data: Buffer): void {
  let sizeField: number;
  let ref: number;
  if (data.length <= 4) {
    sizeField = (INLINE | data.length) >>> 0;
    const word = Buffer.alloc(4);
    data.copy(word);
    ref = word.readUInt32LE(0);
  } else if (needsBigData(store.minor, data.length)) {
    sizeField = data.length;
    ref = writeBigData(store, data);
  } else {
    if (data.length > MAX_CELL_DATA) throw store.fault(`a value of ${data.length} bytes exceeds the 1 MiB limit of a version 1.${store.minor} hive`, 'VALUE_TOO_LARGE');
    sizeField = data.length;
    ref = store.allocate(data.length);
    data.copy(store.buf, store.payload(ref));
  }
  const p = vkAt(store, vkCell);
  store.buf.writeUInt32LE(sizeField, p + VK.dataSize);
  store.buf.writeUInt32LE(ref, p + VK.dataCell);
}

export function freeVkData(store: HiveStore, vkCell: number): void {
  for (const cell of vkDataCells(store, vkAt(store, vkCell))) store.free(cell);
}

/** Allocate a vk with its name (compressed when possible) and data. */
export function createVk(store: HiveStore, name: string, type: number, data: Buffer): number {
  const encoded = encodeName(name);
  const cell = store.allocate(VK.name + encoded.bytes.length);
  const p = store.payload(cell);
  const buf = store.buf;
  buf.write('vk', p, 'latin1');
  buf.writeUInt16LE(encoded.bytes.length, p + VK.nameLength);
  buf.writeUInt32LE(type >>> 0, p + VK.type);
  // The default value (empty name) has flags 0 in every Windows hive (docs/reference/hive-format.md#values).
  buf.writeUInt16LE(encoded.compressed && name.length > 0 ? VALUE_COMP_NAME : 0, p + VK.flags);
  encoded.bytes.copy(buf, p + VK.name);
  writeVkData(store, cell, data);
  return cell;
}

export function setVkType(store: HiveStore, vkCell: number, type: number): void {
  store.buf.writeUInt32LE(type >>> 0, vkAt(store, vkCell) + VK.type);
}
