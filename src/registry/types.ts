/**
 * The contract of our regf engine, shared by every part of winprep that touches a hive.
 * Implementation: src/registry/hive.ts (class Hive implements HiveApi), exported from src/registry/index.ts.
 * Paths are relative to the hive root, case-insensitive, `\` or `/` separated; '' is the root key.
 */

import type {Integer} from '../json-types.js';

/** Value types by their Windows numbers (winnt.h). Unknown numbers are kept as raw bytes. */
export const RegType = {
  NONE: 0,
  SZ: 1,
  EXPAND_SZ: 2,
  BINARY: 3,
  DWORD: 4,
  DWORD_BIG_ENDIAN: 5,
  LINK: 6,
  MULTI_SZ: 7,
  RESOURCE_LIST: 8,
  FULL_RESOURCE_DESCRIPTOR: 9,
  RESOURCE_REQUIREMENTS_LIST: 10,
  QWORD: 11,
} as const;

/** A value as stored: its name ('' = the key's default value), type number and raw data bytes. */
export interface RegValue {
  name: string;
  type: number;
  data: Buffer;
}

/** A read-only view of one key. Children are read lazily from the hive on each call. */
export interface RegKey {
  readonly name: string;
  /** Path from the hive root with the stored spelling, `\` separated; '' for the root. */
  readonly path: string;
  readonly lastWritten: Date;
  readonly className?: string;
  subkeys(): RegKey[];
  subkey(name: string): RegKey | undefined;
  values(): RegValue[];
  value(name: string): RegValue | undefined;
}

/** A transaction log that could not be used, and why (e.g. "is stale: …", "is corrupt: …"). */
export interface LogProblem {
  log: string;
  reason: string;
}

/** What an in-memory replay of a dirty hive's transaction logs did. */
export interface LogRecovery {
  /** new: Windows 8.1+ HvLE entries; old: Windows XP to 8.0 DIRT pages. */
  format: 'new' | 'old';
  /** Log entries (new format) or 512-byte dirty pages (old format) applied. */
  applied: Integer;
  /** Sequence number of the recovered hive. */
  sequence: Integer;
  /** Log files whose data was applied. */
  logs: string[];
}

export interface HiveApi {
  /** The file the hive was read from, for error messages. */
  readonly file?: string;
  /** True when the base block's sequence numbers differ or a .LOG1/.LOG2 holds newer data. */
  readonly dirty: boolean;
  readonly dirtyReason?: string;
  /** True once any write has been made since load (a log replay counts: saving writes the recovered hive). */
  readonly modified: boolean;
  /**
   * With the replayLogs option: what replaying the transaction logs in memory recovered. `dirty` and
   * `dirtyReason` still describe the file as read; the keys and values are the recovered ones.
   */
  readonly recovery?: LogRecovery;
  /** With the replayLogs option on a dirty hive: every log (or part of one) that could not be used, and why. */
  readonly logProblems?: LogProblem[];

  root(): RegKey;
  key(path: string): RegKey | undefined;
  getValue(keyPath: string, name: string): RegValue | undefined;

  /** Creates the key and any missing parents; returns the (new or existing) key. */
  createKey(path: string): RegKey;
  /** Deletes the key with everything below it; false when it did not exist. */
  deleteKey(path: string): boolean;
  /** Sets (creates or replaces) a value, creating the key when missing. No-op when type and data are equal. */
  setValue(keyPath: string, value: RegValue): void;
  /** false when the value did not exist. */
  deleteValue(keyPath: string, name: string): boolean;

  /** The whole hive as a clean regf file (equal sequence numbers, correct checksum). */
  serialize(): Buffer;
}

/**
 * Constructors of the implementation (src/registry/hive.ts, `export class Hive implements HiveApi`):
 *   Hive.parse(bytes: Buffer, options?: HiveOpenOptions): Hive   — lazy: reads only what is asked for
 *   Hive.create(): Hive                                          — a brand-new empty hive
 *   Hive.load(file: string, options?: HiveOpenOptions): Promise<Hive> — reads file + sibling .LOG1/.LOG2
 * A corrupt or truncated hive throws WinprepError badInput (exit 3) naming the file and the fault.
 * Writing to a dirty hive throws WinprepError badInput code HIVE_DIRTY unless forceDirty.
 */
export interface HiveOpenOptions {
  /** File name for messages and for the .reg mount prefix (SYSTEM → HKEY_LOCAL_MACHINE\SYSTEM). */
  file?: string;
  /** Contents of the sibling transaction logs (.LOG1, .LOG2, .LOG), to detect a dirty hive. */
  logs?: Buffer[];
  /** File names of `logs`, in the same order, for messages about unusable logs. */
  logNames?: string[];
  forceDirty?: boolean;
  /**
   * Replay the transaction logs (Windows 8.1+ HvLE or XP–8.0 DIRT format) into a dirty hive in memory
   * before use; the result is verified. The file is untouched unless the caller saves the hive, which then
   * writes the recovered state back clean. Unusable logs are listed in `logProblems`.
   */
  replayLogs?: boolean;
}
