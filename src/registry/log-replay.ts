/**
 * Replay of new-format transaction logs (Windows 8.1+, file type 6; regf.md §1.12): HvLE entries whose
 * two Marvin32 hashes check out are applied in sequence order from the earliest log base block on, across
 * .LOG1 and .LOG2, stopping at the first gap. Old-format (DIRT) logs are not replayed.
 */
import {BASE_BLOCK_SIZE, HDR, computeChecksum} from './base-block.js';
import {marvin32} from './marvin32.js';

interface LogEntry {
  sequence: number;
  binsSize: number;
  pages: {offset: number; data: Buffer}[];
}

export interface ReplayResult {
  bytes: Buffer;
  /** Log entries applied. */
  applied: number;
  /** Sequence number of the last entry applied. */
  lastSequence: number;
}

const hashMatches = (log: Buffer, at: number, data: Buffer): boolean => {
  const h = marvin32(data);
  return h.low === log.readUInt32LE(at) && h.high === log.readUInt32LE(at + 4);
};

/** Valid entries of one log, from its base block's sequence number on; stops at the first bad entry. */
function readEntries(log: Buffer): {start: number; entries: LogEntry[]} | undefined {
  if (log.length < 1024 || log.toString('latin1', 0, 4) !== 'regf' || log.readUInt32LE(HDR.fileType) !== 6) return undefined;
  if (computeChecksum(log) !== log.readUInt32LE(HDR.checksum)) return undefined;
  const start = log.readUInt32LE(HDR.seq1);
  const entries: LogEntry[] = [];
  let off = 512;
  while (off + 40 <= log.length && log.toString('latin1', off, off + 4) === 'HvLE') {
    const size = log.readUInt32LE(off + 4);
    if (size < 40 || size % 512 !== 0 || off + size > log.length) break;
    if (!hashMatches(log, off + 32, log.subarray(off, off + 32)) || !hashMatches(log, off + 24, log.subarray(off + 40, off + size))) break;
    const count = log.readUInt32LE(off + 20);
    let data = off + 40 + count * 8;
    if (data > off + size) break;
    const pages: LogEntry['pages'] = [];
    for (let i = 0; i < count; i++) {
      const pageOffset = log.readUInt32LE(off + 40 + i * 8);
      const pageSize = log.readUInt32LE(off + 44 + i * 8);
      if (data + pageSize > off + size) return {start, entries};
      pages.push({offset: pageOffset, data: log.subarray(data, data + pageSize)});
      data += pageSize;
    }
    const sequence = log.readUInt32LE(off + 12);
    if (sequence >= start) entries.push({sequence, binsSize: log.readUInt32LE(off + 16), pages});
    off += size;
  }
  return {start, entries};
}

/** Replay the logs into a copy of `primary`; undefined when no log holds entries to apply. */
export function replayLogs(primary: Buffer, logs: Buffer[]): ReplayResult | undefined {
  const primarySeq = primary.readUInt32LE(HDR.seq2);
  const bySequence = new Map<number, LogEntry>();
  let start = Infinity;
  for (const log of logs) {
    const read = readEntries(log);
    if (!read || read.start < primarySeq) continue;
    start = Math.min(start, read.start);
    for (const entry of read.entries) bySequence.set(entry.sequence, entry);
  }
  if (!Number.isFinite(start) || !bySequence.has(start)) return undefined;
  let bytes = Buffer.from(primary);
  let binsSize = primary.readUInt32LE(HDR.binsSize);
  let sequence = start;
  let applied = 0;
  for (let entry = bySequence.get(sequence); entry; entry = bySequence.get(++sequence)) {
    binsSize = entry.binsSize;
    const need = Math.max(BASE_BLOCK_SIZE + binsSize, ...entry.pages.map((page) => BASE_BLOCK_SIZE + page.offset + page.data.length));
    if (need > bytes.length) {
      const grown = Buffer.alloc(need);
      bytes.copy(grown);
      bytes = grown;
    }
    for (const page of entry.pages) page.data.copy(bytes, BASE_BLOCK_SIZE + page.offset);
    applied++;
  }
  const lastSequence = sequence - 1;
  bytes.writeUInt32LE(lastSequence, HDR.seq1);
  bytes.writeUInt32LE(lastSequence, HDR.seq2);
  bytes.writeUInt32LE(binsSize, HDR.binsSize);
  bytes.writeUInt32LE(computeChecksum(bytes), HDR.checksum);
  return {bytes: bytes.subarray(0, BASE_BLOCK_SIZE + binsSize), applied, lastSequence};
}
