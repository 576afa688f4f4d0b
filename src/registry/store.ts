/**
 * The hive's bytes: hive bins and cells (docs/reference/hive-format.md#hive-bin, docs/reference/hive-format.md#cells), bounds-checked cell access, and the allocator
 * (docs/reference/hive-format.md#write-operations): best fit among free cells with splitting, coalescing on free, new bins appended when nothing fits.
 * The caller's buffer is never mutated: the first write copies it (copy-on-write).
 */
import {badInput, type WinprepError} from '../errors.js';
import {BASE_BLOCK_SIZE, HBIN_SIZE_UNIT} from './base-block.js';
import {FreeCells} from './free-cells.js';

export const NIL = 0xffffffff;
const BIN_HEADER = 32;
const roundUp = (n: number, unit: number): number => Math.ceil(n / unit) * unit;

export class HiveStore {
  buf: Buffer;
  binsSize: number;
  readonly minor: number;
  readonly file?: string;
  /** Start (cell offset) of the bin holding each 4 KiB page of the bin area. */
  private binOfPage: Int32Array;
  private owned = false;
  /** Free cells (offset → size), built on the first allocation by scanning every bin. */
  private freeCells?: FreeCells;

  constructor(buf: Buffer, binsSize: number, minor: number, file?: string) {
    this.buf = buf;
    this.binsSize = binsSize;
    this.minor = minor;
    this.file = file;
    this.binOfPage = new Int32Array(binsSize / HBIN_SIZE_UNIT);
    this.indexBins();
  }

  fault(message: string, code = 'HIVE_CORRUPT'): WinprepError {
    return badInput(`corrupt registry hive: ${message}`, {file: this.file, code, hint: 'the hive is damaged; restore it from a backup or a clean image'});
  }

  /** Walk the bin headers only (cheap): signature, offset field, size (docs/reference/hive-format.md#hive-bin). */
  private indexBins(): void {
    let off = 0;
    while (off < this.binsSize) {
      const at = BASE_BLOCK_SIZE + off;
      if (this.buf.toString('latin1', at, at + 4) !== 'hbin') throw this.fault(`no "hbin" signature at bin offset 0x${off.toString(16)}`);
      const declared = this.buf.readUInt32LE(at + 4);
      if (declared !== off) throw this.fault(`bin at 0x${off.toString(16)} says it is at 0x${declared.toString(16)}`);
      const size = this.buf.readUInt32LE(at + 8);
      if (size === 0 || size % HBIN_SIZE_UNIT !== 0 || off + size > this.binsSize) {
        throw this.fault(`bin at 0x${off.toString(16)} has size 0x${size.toString(16)}, not a multiple of 4096 inside the hive bins`);
      }
      this.binOfPage.fill(off, off / HBIN_SIZE_UNIT, (off + size) / HBIN_SIZE_UNIT);
      off += size;
    }
  }

  binStart(cell: number): number {
    return this.binOfPage[Math.floor(cell / HBIN_SIZE_UNIT)];
  }

  binEnd(cell: number): number {
    const start = this.binStart(cell);
    return start + this.buf.readUInt32LE(BASE_BLOCK_SIZE + start + 8);
  }

  /** Checks that `cell` starts an allocated cell inside one bin; returns its payload length. */
  payloadLength(cell: number): number {
    if (!Number.isInteger(cell) || cell < 0 || cell % 8 !== 0 || cell + 8 > this.binsSize) {
      throw this.fault(`reference to cell 0x${(cell >>> 0).toString(16)} outside the hive bins`);
    }
    const binStart = this.binStart(cell);
    if (cell - binStart < BIN_HEADER) throw this.fault(`reference to cell 0x${cell.toString(16)} inside a bin header`);
    const size = this.buf.readInt32LE(BASE_BLOCK_SIZE + cell);
    if (size >= 0) throw this.fault(`reference to cell 0x${cell.toString(16)}, which is free`);
    const length = -size;
    if (length < 8 || length % 8 !== 0 || cell + length > this.binEnd(cell)) {
      throw this.fault(`cell 0x${cell.toString(16)} has size ${length}, which crosses its bin`);
    }
    return length - 4;
  }

  /** File offset of an allocated cell's payload, checking that it holds at least `need` bytes. */
  payload(cell: number, need = 0, what = 'cell'): number {
    const length = this.payloadLength(cell);
    if (need > length) throw this.fault(`${what} at 0x${cell.toString(16)} needs ${need} bytes but its cell holds ${length}`);
    return BASE_BLOCK_SIZE + cell + 4;
  }

  /** Make the buffer ours before the first write. */
  private own(extra: number): void {
    const used = BASE_BLOCK_SIZE + this.binsSize;
    if (this.owned && this.buf.length >= used + extra) return;
    const next = Buffer.alloc(Math.max(used + extra, Math.ceil(used * 1.5)));
    this.buf.copy(next, 0, 0, used);
    this.buf = next;
    this.owned = true;
  }

  /** Call before mutating bytes in place. */
  writable(): Buffer {
    if (!this.owned) this.own(0);
    return this.buf;
  }

  /** The used part of the file (base block + bins), as a fresh copy. */
  snapshot(): Buffer {
    return Buffer.from(this.buf.subarray(0, BASE_BLOCK_SIZE + this.binsSize));
  }

  private scanFreeCells(): FreeCells {
    if (this.freeCells) return this.freeCells;
    const free = new FreeCells();
    let bin = 0;
    while (bin < this.binsSize) {
      const end = this.binEnd(bin);
      let cell = bin + BIN_HEADER;
      while (cell < end) {
        const size = this.buf.readInt32LE(BASE_BLOCK_SIZE + cell);
        const length = Math.abs(size);
        // Refuse to write into bins whose cells do not tile: Windows would silently free data (docs/reference/hive-format.md#hive-bin).
        if (length < 8 || length % 8 !== 0 || cell + length > end) throw this.fault(`cells do not tile the bin at 0x${bin.toString(16)} (cell 0x${cell.toString(16)}, size ${size})`);
        if (size > 0) free.add(cell, length);
        cell += length;
      }
      bin = end;
    }
    this.freeCells = free;
    return free;
  }

  /** Allocate a cell with room for `payloadLength` bytes (zeroed); returns its offset. */
  allocate(payloadLength: number): number {
    const need = roundUp(payloadLength + 4, 8);
    const free = this.scanFreeCells();
    this.writable();
    // Best fit keeps big free cells (freed big-data segments, whole bins) for big allocations.
    let found = free.bestFit(need);
    if (found < 0) found = this.appendBin(need);
    const size = free.size(found)!;
    free.delete(found);
    let taken = size;
    if (size - need >= 8) {
      taken = need;
      const rest = found + need;
      this.buf.writeInt32LE(size - need, BASE_BLOCK_SIZE + rest);
      free.add(rest, size - need);
    }
    this.buf.writeInt32LE(-taken, BASE_BLOCK_SIZE + found);
    this.buf.fill(0, BASE_BLOCK_SIZE + found + 4, BASE_BLOCK_SIZE + found + taken);
    return found;
  }

  /** Append a bin big enough for a cell of `cellSize` bytes; its space becomes one free cell. */
  private appendBin(cellSize: number): number {
    const binSize = roundUp(cellSize + BIN_HEADER, HBIN_SIZE_UNIT);
    const start = this.binsSize;
    this.own(binSize);
    const at = BASE_BLOCK_SIZE + start;
    // The area may hold trailing slack from the original file (docs/reference/hive-format.md#write-operations): clear it.
    this.buf.fill(0, at, at + binSize);
    this.buf.write('hbin', at, 'latin1');
    this.buf.writeUInt32LE(start, at + 4);
    this.buf.writeUInt32LE(binSize, at + 8);
    this.buf.writeInt32LE(binSize - BIN_HEADER, at + BIN_HEADER);
    this.binsSize += binSize;
    const pageCount = this.binsSize / HBIN_SIZE_UNIT;
    if (pageCount > this.binOfPage.length) {
      // Grow the page table geometrically: appending bins one by one stays linear.
      const pages = new Int32Array(Math.max(pageCount, this.binOfPage.length * 2));
      pages.set(this.binOfPage);
      this.binOfPage = pages;
    }
    this.binOfPage.fill(start, start / HBIN_SIZE_UNIT, pageCount);
    const cell = start + BIN_HEADER;
    this.scanFreeCells().add(cell, binSize - BIN_HEADER);
    return cell;
  }

  /** Free a cell: zero its payload (no secrets left behind) and coalesce with free neighbours in its bin. */
  free(cell: number): void {
    const length = this.payloadLength(cell) + 4;
    const free = this.scanFreeCells();
    this.writable();
    this.buf.fill(0, BASE_BLOCK_SIZE + cell + 4, BASE_BLOCK_SIZE + cell + length);
    let start = cell;
    let size = length;
    const end = this.binEnd(cell);
    const next = cell + length;
    if (next < end && free.has(next)) {
      size += free.size(next)!;
      free.delete(next);
      this.buf.writeInt32LE(0, BASE_BLOCK_SIZE + next);
    }
    let prev = this.binStart(cell) + BIN_HEADER;
    while (prev < cell) {
      const prevSize = Math.abs(this.buf.readInt32LE(BASE_BLOCK_SIZE + prev));
      if (prev + prevSize === cell) {
        if (free.has(prev)) {
          start = prev;
          size += prevSize;
          this.buf.writeInt32LE(0, BASE_BLOCK_SIZE + cell);
        }
        break;
      }
      if (prevSize < 8) break;
      prev += prevSize;
    }
    this.buf.writeInt32LE(size, BASE_BLOCK_SIZE + start);
    free.add(start, size);
  }
}
