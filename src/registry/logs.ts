/**
 * Dirty-state detection (docs/reference/hive-format.md#transaction-logs): a primary is dirty when its sequence numbers differ or its checksum
 * is wrong, or when a sibling .LOG/.LOG1/.LOG2 holds a base block newer than the primary's.
 * Log replay is not implemented: a dirty hive is reported and writes are refused unless forced.
 */
import {readdir} from 'node:fs/promises';
import path from 'node:path';

import type {BaseBlock} from './base-block.js';

export function dirtyReason(block: BaseBlock, logs: Buffer[] = []): string | undefined {
  if (block.seq1 !== block.seq2) return `its sequence numbers differ (${block.seq1}/${block.seq2}): Windows did not finish writing it`;
  if (block.checksum !== block.storedChecksum) return 'its header checksum is wrong';
  for (const log of logs) {
    if (log.length < 512 || log.toString('latin1', 0, 4) !== 'regf') continue;
    const logSeq1 = log.readUInt32LE(4);
    const logSeq2 = log.readUInt32LE(8);
    // Old-format logs are usable only when their own seqs agree; new-format (type 6) carry HvLE entries.
    const type = log.readUInt32LE(28);
    const usable = type === 6 ? log.length >= 1024 && log.toString('latin1', 512, 516) === 'HvLE' : logSeq1 === logSeq2;
    if (usable && logSeq1 > block.seq2) return `a transaction log holds changes (sequence ${logSeq1}) newer than the hive (${block.seq2})`;
  }
  return undefined;
}

/** Sibling transaction logs of a hive file (`SYSTEM.LOG1`, `system.log2`, …), by case-insensitive name. */
export async function siblingLogFiles(file: string): Promise<string[]> {
  const dir = path.dirname(file);
  const base = path.basename(file).toLowerCase();
  const wanted = new Set([`${base}.log`, `${base}.log1`, `${base}.log2`]);
  try {
    return (await readdir(dir)).filter((name) => wanted.has(name.toLowerCase())).map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}
