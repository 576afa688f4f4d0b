/**
 * Transaction-log replay, in memory: the hive as Windows would see it after recovering it from its
 * .LOG/.LOG1/.LOG2 files. The primary's bytes are never modified; the caller decides whether to save.
 *
 * Both formats are described in docs/registry-recovery.md, after M. Suhanov's public specification
 * (https://github.com/msuhanov/regf/blob/master/Windows%20registry%20file%20format%20specification.md,
 * "Transaction log files"):
 * - new format (file type 6, Windows 8.1+): HvLE entries whose two Marvin32 hashes check out, applied in
 *   sequence order from the earliest log on, across .LOG1 and .LOG2, stopping at the first gap or bad entry;
 * - old format (file type 1, Windows XP to 8.0; type 2 before XP): a "DIRT" vector with one bit per
 *   512-byte page of the hive bins, followed by the dirty pages packed in bit order.
 * Every log that cannot be used is reported with the reason, so that a caller can say why nothing (or not
 * everything) was recovered.
 */
import {BASE_BLOCK_SIZE, HDR, HBIN_SIZE_UNIT, computeChecksum} from './base-block.js';
import {marvin32} from './marvin32.js';
import type {LogProblem} from './types.js';

/** One transaction log file: its name (for messages) and contents. */
export interface NamedLog {
  name: string;
  bytes: Buffer;
}

export type {LogProblem} from './types.js';

export type LogFormat = 'new' | 'old';

export interface ReplayResult {
  /** The recovered hive: base block made clean (equal sequence numbers, checksum) plus the bins. */
  bytes: Buffer;
  format: LogFormat;
  /** New format: log entries applied. Old format: dirty 512-byte pages written. */
  applied: number;
  /** Sequence number the recovered hive carries. */
  lastSequence: number;
  /** Logs whose data was applied, in the order applied. */
  logsUsed: string[];
}

export interface ReplayOutcome {
  result?: ReplayResult;
  /** Logs (or parts of logs) that could not be used, with the reason; also filled when a replay succeeded. */
  problems: LogProblem[];
}

const SECTOR = 512;

interface Page {
  offset: number;
  data: Buffer;
}

interface LogEntry {
  sequence: number;
  binsSize: number;
  flags: number;
  pages: Page[];
  log: string;
}

const hashMatches = (log: Buffer, at: number, data: Buffer): boolean => {
  const h = marvin32(data);
  return h.low === log.readUInt32LE(at) && h.high === log.readUInt32LE(at + 4);
};

/** The base-block faults that make any log unusable; undefined when the log's base block is sound. */
function baseBlockProblem(log: Buffer): string | undefined {
  if (log.length === 0) return 'is empty';
  if (log.length < SECTOR || log.toString('latin1', 0, 4) !== 'regf') return 'is not a transaction log (no "regf" base block at offset 0)';
  // The log's base block is a 512-byte partial copy whose checksum covers bytes 0..507 (the same XOR).
  if (computeChecksum(log) !== log.readUInt32LE(HDR.checksum)) return 'is corrupt: its base block checksum is wrong';
  const type = log.readUInt32LE(HDR.fileType);
  if (type !== 1 && type !== 2 && type !== 6) return `has file type ${type}, which is not a transaction log`;
  return undefined;
}

/** New format: the valid entries of one log from its base block's sequence number on. */
function readNewLog(name: string, log: Buffer, primarySeq: number, problems: LogProblem[]): {start: number; entries: LogEntry[]} | undefined {
  const start = log.readUInt32LE(HDR.seq1);
  if (start < primarySeq) {
    problems.push({log: name, reason: `is stale: its entries start at sequence ${start}, before the hive's ${primarySeq} (already in the hive)`});
    return undefined;
  }
  const entries: LogEntry[] = [];
  let off = SECTOR;
  let fault: string | undefined;
  while (!fault && off + 40 <= log.length && log.toString('latin1', off, off + 4) === 'HvLE') {
    const size = log.readUInt32LE(off + 4);
    const binsSize = log.readUInt32LE(off + 16);
    const count = log.readUInt32LE(off + 20);
    if (size < 40 || size % SECTOR !== 0 || off + size > log.length) fault = `entry size ${size} is invalid`;
    else if (binsSize === 0 || binsSize % HBIN_SIZE_UNIT !== 0) fault = `hive bins size 0x${binsSize.toString(16)} is not a multiple of 4096`;
    else if (!hashMatches(log, off + 32, log.subarray(off, off + 32)) || !hashMatches(log, off + 24, log.subarray(off + 40, off + size))) fault = 'an entry hash (Marvin32) is wrong';
    else if (off + 40 + count * 8 > off + size) fault = `${count} page references do not fit the entry`;
    if (fault) break;
    const pages: Page[] = [];
    let data = off + 40 + count * 8;
    for (let i = 0; i < count && !fault; i++) {
      const pageOffset = log.readUInt32LE(off + 40 + i * 8);
      const pageSize = log.readUInt32LE(off + 44 + i * 8);
      if (data + pageSize > off + size || pageOffset + pageSize > binsSize) fault = `page ${i} lies outside the entry or the hive bins`;
      else pages.push({offset: pageOffset, data: log.subarray(data, data + pageSize)});
      data += pageSize;
    }
    if (fault) break;
    const sequence = log.readUInt32LE(off + 12);
    if (sequence >= start) entries.push({sequence, binsSize, flags: log.readUInt32LE(off + 8), pages, log: name});
    off += size;
  }
  if (fault) {
    problems.push({log: name, reason: `${entries.length === 0 ? 'holds no usable entry' : `stops after ${entries.length} entries`}: ${fault} at offset ${off}`});
    return {start, entries};
  }
  if (entries.length === 0) problems.push({log: name, reason: off === SECTOR ? 'holds no log entries (no "HvLE" at offset 512)' : 'holds only entries older than its own base block'});
  return {start, entries};
}

function grow(bytes: Buffer, need: number): Buffer {
  if (need <= bytes.length) return bytes;
  const grown = Buffer.alloc(need);
  bytes.copy(grown);
  return grown;
}

/** Stamp the recovered base block: clean, the given sequence and bins size, checksum last. */
function finish(bytes: Buffer, sequence: number, binsSize: number): Buffer {
  bytes.writeUInt32LE(sequence >>> 0, HDR.seq1);
  bytes.writeUInt32LE(sequence >>> 0, HDR.seq2);
  bytes.writeUInt32LE(0, HDR.fileType);
  bytes.writeUInt32LE(binsSize, HDR.binsSize);
  bytes.writeUInt32LE(computeChecksum(bytes), HDR.checksum);
  return bytes.subarray(0, BASE_BLOCK_SIZE + binsSize);
}

function replayNew(primary: Buffer, logs: NamedLog[], problems: LogProblem[]): ReplayResult | undefined {
  const primarySeq = primary.readUInt32LE(HDR.seq2);
  const bySequence = new Map<number, LogEntry>();
  let start = Infinity;
  for (const {name, bytes} of logs) {
    const read = readNewLog(name, bytes, primarySeq, problems);
    if (!read || read.entries.length === 0) continue;
    start = Math.min(start, read.start);
    for (const entry of read.entries) if (!bySequence.has(entry.sequence)) bySequence.set(entry.sequence, entry);
  }
  if (!Number.isFinite(start)) return undefined;
  if (!bySequence.has(start)) {
    for (const {name} of logs) problems.push({log: name, reason: `has no entry with sequence ${start}, where recovery must start`});
    return undefined;
  }
  let bytes: Buffer = Buffer.from(primary);
  let binsSize = primary.readUInt32LE(HDR.binsSize);
  let sequence = start;
  let applied = 0;
  const used: string[] = [];
  for (let entry = bySequence.get(sequence); entry; entry = bySequence.get(++sequence)) {
    binsSize = entry.binsSize;
    bytes = grow(bytes, BASE_BLOCK_SIZE + binsSize);
    for (const page of entry.pages) page.data.copy(bytes, BASE_BLOCK_SIZE + page.offset);
    // Only bit 0 of the base block's flags is carried by log entries (specification, new format, note 11).
    bytes.writeUInt32LE((bytes.readUInt32LE(144) & ~1) | (entry.flags & 1), 144);
    if (!used.includes(entry.log)) used.push(entry.log);
    applied++;
  }
  return {bytes: finish(bytes, sequence - 1, binsSize), format: 'new', applied, lastSequence: sequence - 1, logsUsed: used};
}

interface OldLog {
  name: string;
  binsSize: number;
  timestamp: bigint;
  sequence: number;
  pages: Page[];
}

/** Old format: the dirty pages of one log, or undefined (with the reason in `problems`). */
function readOldLog(name: string, log: Buffer, primaryTimestamp: bigint, problems: LogProblem[]): OldLog | undefined {
  const fail = (reason: string): undefined => {
    problems.push({log: name, reason});
    return undefined;
  };
  const seq1 = log.readUInt32LE(HDR.seq1);
  const seq2 = log.readUInt32LE(HDR.seq2);
  if (seq1 !== seq2) return fail(`is incomplete: its own sequence numbers differ (${seq1}/${seq2}), Windows did not finish writing it`);
  const timestamp = log.readBigUInt64LE(HDR.timestamp);
  // A log applies to the write whose timestamp it carries (specification, old format, base block note 3).
  if (timestamp < primaryTimestamp) return fail('is stale: it was written before the hive\'s last write');
  const binsSize = log.readUInt32LE(HDR.binsSize);
  if (binsSize === 0 || binsSize % HBIN_SIZE_UNIT !== 0) return fail(`is corrupt: hive bins size 0x${binsSize.toString(16)} is not a multiple of 4096`);
  if (log.length < SECTOR + 4 || log.toString('latin1', SECTOR, SECTOR + 4) !== 'DIRT') return fail('is corrupt: no dirty vector ("DIRT") at offset 512');
  // One bit per 512-byte page of the bins, least significant bit first; the pages follow on the next sector.
  const bitmapBytes = binsSize / 4096;
  if (log.length < SECTOR + 4 + bitmapBytes) return fail('is truncated inside its dirty vector');
  const first = Math.ceil((SECTOR + 4 + bitmapBytes) / SECTOR) * SECTOR;
  const pages: Page[] = [];
  for (let bit = 0; bit < bitmapBytes * 8; bit++) {
    if (((log[SECTOR + 4 + (bit >> 3)] >> (bit & 7)) & 1) === 0) continue;
    const at = first + pages.length * SECTOR;
    if (at + SECTOR > log.length) return fail(`is truncated: its dirty vector lists more pages than the ${pages.length} it holds`);
    pages.push({offset: bit * SECTOR, data: log.subarray(at, at + SECTOR)});
  }
  if (pages.length === 0) return fail('lists no dirty pages');
  return {name, binsSize, timestamp, sequence: seq1, pages};
}

function replayOld(primary: Buffer, logs: NamedLog[], problems: LogProblem[]): ReplayResult | undefined {
  const primaryValid = computeChecksum(primary) === primary.readUInt32LE(HDR.checksum);
  // With a broken base block, the first bin's copy of the timestamp stands in for it (old format, note 3).
  const primaryTimestamp = primaryValid ? primary.readBigUInt64LE(HDR.timestamp) : primary.length >= BASE_BLOCK_SIZE + 28 ? primary.readBigUInt64LE(BASE_BLOCK_SIZE + 20) : 0n;
  const candidates = logs.map((log) => readOldLog(log.name, log.bytes, primaryTimestamp, problems)).filter((log): log is OldLog => log !== undefined);
  if (candidates.length === 0) return undefined;
  // Windows 8 (and Windows 7 since KB3140410) recovers from the log holding the more recent data.
  const chosen = candidates.reduce((best, log) => (log.timestamp > best.timestamp ? log : best));
  for (const other of candidates) if (other !== chosen) problems.push({log: other.name, reason: `not used: ${chosen.name} holds more recent data`});
  let bytes = grow(Buffer.from(primary), BASE_BLOCK_SIZE + chosen.binsSize);
  // A broken primary base block is recovered from the log's copy (old format, base block note 4).
  if (!primaryValid) logs.find((log) => log.name === chosen.name)!.bytes.copy(bytes, 0, 0, SECTOR);
  for (const page of chosen.pages) page.data.copy(bytes, BASE_BLOCK_SIZE + page.offset);
  const sequence = Math.max(chosen.sequence, bytes.readUInt32LE(HDR.seq1));
  bytes = Buffer.from(finish(bytes, sequence, chosen.binsSize));
  return {bytes, format: 'old', applied: chosen.pages.length, lastSequence: sequence, logsUsed: [chosen.name]};
}

/**
 * Replay the logs over a copy of `primary`. The format is taken from each log's file type; new-format
 * logs win when both kinds are present (Windows 8.1+ writes only those). `result` is undefined when no
 * log holds anything to apply; `problems` then says why for every log.
 */
export function replayLogs(primary: Buffer, logs: NamedLog[]): ReplayOutcome {
  const problems: LogProblem[] = [];
  if (logs.length === 0) return {problems: [{log: '(none)', reason: 'no .LOG, .LOG1 or .LOG2 file lies beside the hive'}]};
  const newLogs: NamedLog[] = [];
  const oldLogs: NamedLog[] = [];
  for (const log of logs) {
    const problem = baseBlockProblem(log.bytes);
    if (problem) problems.push({log: log.name, reason: problem});
    else if (log.bytes.readUInt32LE(HDR.fileType) === 6) newLogs.push(log);
    else oldLogs.push(log);
  }
  const result = (newLogs.length > 0 ? replayNew(primary, newLogs, problems) : undefined) ?? (oldLogs.length > 0 ? replayOld(primary, oldLogs, problems) : undefined);
  return {result, problems};
}

/** One line naming every unusable log and why, for messages. */
export const describeLogProblems = (problems: LogProblem[]): string => problems.map((p) => `${p.log} ${p.reason}`).join('; ');
