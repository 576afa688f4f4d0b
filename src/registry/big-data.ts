/**
 * Big data (`db`) records: values longer than 16344 bytes in hives of version ≥ 1.4 are stored as a list
 * of 16344-byte segments (docs/reference/hive-format.md#big-data, docs/reference/hive-format.md#writer-invariants).
 */
import type {HiveStore} from './store.js';

export const DB_SEGMENT = 16344;

/** True when a value of this length must go through a `db` record in this hive version. */
export const needsBigData = (minor: number, length: number): boolean => minor >= 4 && length > DB_SEGMENT;

export function isBigDataCell(store: HiveStore, cell: number): boolean {
  const p = store.payload(cell, 2);
  return store.buf[p] === 0x64 && store.buf[p + 1] === 0x62;
}

export function readBigData(store: HiveStore, cell: number, length: number): Buffer {
  const p = store.payload(cell, 8, 'big data record');
  const count = store.buf.readUInt16LE(p + 2);
  const listCell = store.buf.readUInt32LE(p + 4);
  if (count !== Math.ceil(length / DB_SEGMENT)) {
    throw store.fault(`big data record at 0x${cell.toString(16)} has ${count} segments for ${length} bytes`);
  }
  const list = store.payload(listCell, count * 4, 'big data segment list');
  const out = Buffer.allocUnsafe(length);
  let done = 0;
  for (let i = 0; i < count; i++) {
    const take = Math.min(DB_SEGMENT, length - done);
    const segment = store.payload(store.buf.readUInt32LE(list + i * 4), take, 'big data segment');
    store.buf.copy(out, done, segment, segment + take);
    done += take;
  }
  return out;
}

/** Cells of a `db` record (the record, its list, its segments), for freeing and checking. */
export function bigDataCells(store: HiveStore, cell: number): number[] {
  const p = store.payload(cell, 8, 'big data record');
  const count = store.buf.readUInt16LE(p + 2);
  const listCell = store.buf.readUInt32LE(p + 4);
  const list = store.payload(listCell, count * 4, 'big data segment list');
  const cells = [cell, listCell];
  for (let i = 0; i < count; i++) cells.push(store.buf.readUInt32LE(list + i * 4));
  return cells;
}

export function writeBigData(store: HiveStore, data: Buffer): number {
  const count = Math.ceil(data.length / DB_SEGMENT);
  if (count > 0xffff) throw store.fault(`a value of ${data.length} bytes is too large for a registry hive`, 'VALUE_TOO_LARGE');
  const segments: number[] = [];
  for (let i = 0; i < count; i++) {
    const chunk = data.subarray(i * DB_SEGMENT, Math.min(data.length, (i + 1) * DB_SEGMENT));
    // Windows' segment cells are 16352 bytes: 16344 of data plus 4 spare, and hivex reads cell size − 8
    // bytes per segment, so every segment (the last one too) gets the 4 spare bytes.
    const segment = store.allocate(chunk.length + 4);
    chunk.copy(store.buf, store.payload(segment));
    segments.push(segment);
  }
  const listCell = store.allocate(count * 4);
  const list = store.payload(listCell);
  segments.forEach((segment, i) => store.buf.writeUInt32LE(segment, list + i * 4));
  const cell = store.allocate(12);
  const p = store.payload(cell);
  store.buf.write('db', p, 'latin1');
  store.buf.writeUInt16LE(count, p + 2);
  store.buf.writeUInt32LE(listCell, p + 4);
  return cell;
}
