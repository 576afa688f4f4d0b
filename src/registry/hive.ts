/**
 * The regf engine's entry point: `Hive` implements the HiveApi contract (types.ts). Reading is lazy (only
 * the base block and bin headers are checked on open); writes edit cells in place; serialize() stamps a
 * clean header (docs/reference/hive-format.md#writer-invariants).
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';

import {badInput, unreadableReason, usageError} from '../errors.js';
import {BASE_BLOCK_SIZE, HDR, computeChecksum, parseBaseBlock, stampCleanHeader, type BaseBlock} from './base-block.js';
import {writeFiletime} from './filetime.js';
import {HiveKey} from './key.js';
import {dirtyReason, siblingLogFiles} from './logs.js';
import {describeLogProblems, replayLogs} from './log-replay.js';
import {verifyHive} from './verify.js';
import {NK, NK_FLAG, ROOT_FLAGS, nkAt} from './nk.js';
import {encodeName} from './names.js';
import {splitPath} from './paths.js';
import {findSubkey, findValue, keyName, readValue} from './reader.js';
import {createLoneSecurity, defaultRootDescriptor} from './sk.js';
import {HiveStore, NIL} from './store.js';
import type {HiveApi, HiveOpenOptions, LogProblem, LogRecovery, RegKey, RegValue} from './types.js';
import {addSubkey, deleteValueAt, removeSubkey, setValueAt, type WriteContext} from './writer.js';

export interface HiveCreateOptions {
  /** Format minor version: 5 for SYSTEM/SOFTWARE-like hives (default), 3 for NTUSER/BCD-like (docs/reference/hive-format.md#new-hive). */
  minor?: number;
  /** Stored root key name (no effect on paths). Default `ROOT`. */
  rootName?: string;
  /** Debug file name in the base block (last 31 characters kept). */
  fileName?: string;
  /** Clock for timestamps; default now. Fixed clocks give byte-identical hives. */
  clock?: () => Date;
}

export interface HiveParseOptions extends HiveOpenOptions {
  clock?: () => Date;
}

export class Hive implements HiveApi {
  readonly file?: string;
  /** The file as read: dirty when its header or logs say so, even when the logs were replayed in memory. */
  readonly dirty: boolean;
  readonly dirtyReason?: string;
  private changed = false;
  /** What an in-memory replay recovered (with the replayLogs option on a dirty hive). */
  recovery?: LogRecovery;
  /** With replayLogs on a dirty hive: the logs that could not be used and why. */
  logProblems?: LogProblem[];
  private readonly forceDirty: boolean;
  private readonly ctx: WriteContext;

  private constructor(
    private readonly store: HiveStore,
    private readonly header: BaseBlock,
    options: HiveParseOptions,
    fileDirtyReason: string | undefined,
  ) {
    this.file = options.file;
    this.dirtyReason = fileDirtyReason;
    this.dirty = this.dirtyReason !== undefined;
    this.forceDirty = options.forceDirty ?? false;
    this.ctx = {store, now: options.clock ?? (() => new Date())};
  }

  /** Transaction-log entries (new format) or dirty pages (old format) replayed on open. */
  get replayedEntries(): number {
    return this.recovery?.applied ?? 0;
  }

  /** Parse a hive held in memory; `bytes` is never modified. Throws badInput for a corrupt hive. */
  static parse(bytes: Buffer, options: HiveParseOptions = {}): Hive {
    let header = parseBaseBlock(bytes, options.file);
    const fileDirty = dirtyReason(header, options.logs);
    let recovery: LogRecovery | undefined;
    let problems: LogProblem[] | undefined;
    if (options.replayLogs && fileDirty) {
      const logs = (options.logs ?? []).map((log, i) => ({name: options.logNames?.[i] ?? `log ${i + 1}`, bytes: log}));
      const outcome = replayLogs(bytes, logs);
      problems = outcome.problems;
      const result = outcome.result;
      if (result) {
        // Never trust a replay blindly: the result must pass every check Windows makes.
        const report = verifyHive(result.bytes, options.file);
        if (report.errors > 0) {
          throw badInput(`replaying the transaction logs (${result.logsUsed.join(', ')}) gave an inconsistent hive (${report.issues[0]?.message ?? 'see reg verify'})`, {
            file: options.file,
            code: 'HIVE_REPLAY_FAILED',
            hint: 'boot Windows from the image and shut it down cleanly, or pass --force-dirty to use the hive without its logs',
          });
        }
        bytes = result.bytes;
        header = parseBaseBlock(bytes, options.file);
        recovery = {format: result.format, applied: result.applied, sequence: result.lastSequence, logs: result.logsUsed};
      }
    }
    const store = new HiveStore(bytes, header.binsSize, header.minor, options.file);
    const hive = new Hive(store, header, options, fileDirty);
    // Check the root now so that a hive with a broken root fails on open, not on first use.
    nkAt(store, header.rootCell);
    hive.recovery = recovery;
    hive.logProblems = problems;
    // A replayed hive differs from the file on disk: saving it writes the recovered state back, clean.
    if (recovery) hive.changed = true;
    return hive;
  }

  /** A brand-new empty hive: one bin, a root key and one sk (docs/reference/hive-format.md#new-hive). */
  static create(options: HiveCreateOptions = {}): Hive {
    const minor = options.minor ?? 5;
    if (minor < 3 || minor > 6) throw usageError(`hive format version 1.${minor} is not supported (1.3 to 1.6)`);
    const now = (options.clock ?? (() => new Date()))();
    const buf = Buffer.alloc(BASE_BLOCK_SIZE + 4096);
    buf.write('regf', 0, 'latin1');
    buf.writeUInt32LE(1, HDR.major);
    buf.writeUInt32LE(minor, HDR.minor);
    buf.writeUInt32LE(1, HDR.format);
    buf.writeUInt32LE(0x20, HDR.rootCell);
    buf.writeUInt32LE(4096, HDR.binsSize);
    buf.writeUInt32LE(1, HDR.cluster);
    if (options.fileName) Buffer.from(options.fileName.slice(-31), 'utf16le').copy(buf, HDR.fileName);
    buf.write('hbin', BASE_BLOCK_SIZE, 'latin1');
    buf.writeUInt32LE(4096, BASE_BLOCK_SIZE + 8);
    buf.writeInt32LE(4096 - 32, BASE_BLOCK_SIZE + 32);
    const store = new HiveStore(buf, 4096, minor);
    const rootName = encodeName(options.rootName ?? 'ROOT');
    const root = store.allocate(NK.name + rootName.bytes.length);
    const security = createLoneSecurity(store, defaultRootDescriptor());
    const p = store.payload(root);
    const out = store.buf;
    out.write('nk', p, 'latin1');
    out.writeUInt16LE(rootName.compressed ? ROOT_FLAGS : ROOT_FLAGS & ~NK_FLAG.compName, p + NK.flags);
    writeFiletime(out, p + NK.timestamp, now);
    for (const field of [NK.parent, NK.subkeyList, NK.volatileList, NK.valueList, NK.classCell]) out.writeUInt32LE(NIL, p + field);
    out.writeUInt32LE(security, p + NK.security);
    out.writeUInt16LE(rootName.bytes.length, p + NK.nameLength);
    rootName.bytes.copy(out, p + NK.name);
    stampCleanHeader(out, 1, store.binsSize, now);
    return Hive.parse(store.snapshot(), {clock: options.clock, file: options.fileName});
  }

  /** Read a hive file and its sibling .LOG/.LOG1/.LOG2 (for dirty detection). */
  static async load(file: string, options: HiveParseOptions = {}): Promise<Hive> {
    const bytes = await readHiveFile(file);
    if (options.logs) return Hive.parse(bytes, {...options, file: options.file ?? file});
    const names = await siblingLogFiles(file);
    const logs = await Promise.all(names.map((log) => readFile(log).catch(() => Buffer.alloc(0))));
    return Hive.parse(bytes, {...options, file: options.file ?? file, logs, logNames: names.map((name) => path.basename(name))});
  }

  /**
   * The file name Windows stored in the base block (its last 31 characters, e.g.
   * `\SystemRoot\System32\Config\SOFTWARE`), '' when none; Windows keeps it for debugging only.
   */
  get storedFileName(): string {
    const raw = this.store.buf.toString('utf16le', HDR.fileName, HDR.fileName + 64);
    const end = raw.indexOf('\0');
    return end < 0 ? raw : raw.slice(0, end);
  }

  /** Format minor version (3–6). */
  get minor(): number {
    return this.header.minor;
  }

  get modified(): boolean {
    return this.changed;
  }

  root(): HiveKey {
    return new HiveKey(this.store, this.header.rootCell, '', true);
  }

  /** Cell of the key at `parts` below the root, with its path in stored spelling. */
  private locate(parts: string[]): {cell: number; path: string} | undefined {
    let cell = this.header.rootCell;
    const names: string[] = [];
    for (const part of parts) {
      const child = findSubkey(this.store, cell, part);
      if (child === undefined) return undefined;
      cell = child;
      names.push(keyName(this.store, cell));
    }
    return {cell, path: names.join('\\')};
  }

  key(keyPath: string): RegKey | undefined {
    return this.keyAt(splitPath(keyPath));
  }

  /** Like key(), with the path already split (for names that contain `/`). */
  keyAt(parts: string[]): RegKey | undefined {
    const found = this.locate(parts);
    return found && new HiveKey(this.store, found.cell, found.path, parts.length === 0);
  }

  getValue(keyPath: string, name: string): RegValue | undefined {
    const found = this.locate(splitPath(keyPath));
    if (!found) return undefined;
    const value = findValue(this.store, found.cell, name);
    return value && readValue(this.store, value.cell);
  }

  private ensureWritable(): void {
    if (this.dirty && !this.recovery && !this.forceDirty) throw dirtyHiveError(this);
  }

  createKey(keyPath: string): RegKey {
    return this.createKeyAt(splitPath(keyPath));
  }

  createKeyAt(parts: string[]): RegKey {
    let cell = this.header.rootCell;
    const names: string[] = [];
    for (const part of parts) {
      let child = findSubkey(this.store, cell, part);
      if (child === undefined) {
        this.ensureWritable();
        child = addSubkey(this.ctx, cell, part);
        this.changed = true;
      }
      cell = child;
      names.push(keyName(this.store, cell));
    }
    return new HiveKey(this.store, cell, names.join('\\'), parts.length === 0);
  }

  deleteKey(keyPath: string): boolean {
    return this.deleteKeyAt(splitPath(keyPath));
  }

  deleteKeyAt(parts: string[]): boolean {
    if (parts.length === 0) throw usageError('the root key of a hive cannot be deleted');
    const parent = this.locate(parts.slice(0, -1));
    if (!parent) return false;
    const child = findSubkey(this.store, parent.cell, parts[parts.length - 1]);
    if (child === undefined) return false;
    this.ensureWritable();
    removeSubkey(this.ctx, parent.cell, child);
    this.changed = true;
    return true;
  }

  setValue(keyPath: string, value: RegValue): void {
    this.setValueAt(splitPath(keyPath), value);
  }

  setValueAt(parts: string[], value: RegValue): void {
    const existing = this.locate(parts);
    if (existing) {
      const found = findValue(this.store, existing.cell, value.name);
      if (found) {
        const old = readValue(this.store, found.cell);
        if (old.type === value.type >>> 0 && old.data.equals(value.data)) return;
      }
    }
    this.ensureWritable();
    const key = existing?.cell ?? (this.createKeyAt(parts) as HiveKey).cell;
    if (setValueAt(this.ctx, key, value)) this.changed = true;
  }

  deleteValue(keyPath: string, name: string): boolean {
    return this.deleteValueAt(splitPath(keyPath), name);
  }

  deleteValueAt(parts: string[], name: string): boolean {
    const found = this.locate(parts);
    if (!found || !findValue(this.store, found.cell, name)) return false;
    this.ensureWritable();
    this.changed = deleteValueAt(this.ctx, found.cell, name) || this.changed;
    return true;
  }

  /**
   * The hive as a file. Unmodified: the bytes as read (a dirty hive stays dirty; nothing is lost).
   * Modified: a clean hive, sequence numbers old+1, fresh timestamp and checksum (docs/reference/hive-format.md#writer-invariants).
   */
  serialize(): Buffer {
    const out = this.store.snapshot();
    if (!this.changed) return out;
    const seq = Math.max(this.header.seq1, this.header.seq2) + 1;
    stampCleanHeader(out, seq, this.store.binsSize, this.ctx.now());
    return out;
  }

  /** The store's checksum now (for tests of the header). */
  static checksumOf(bytes: Buffer): number {
    return computeChecksum(bytes);
  }
}

/**
 * HIVE_DIRTY for a write to a dirty hive whose logs were not replayed. When a replay was tried, the
 * message names each unusable log and why, and the hint no longer suggests --replay-logs.
 */
export function dirtyHiveError(hive: Pick<HiveApi, 'file' | 'dirtyReason' | 'logProblems'>): Error {
  const tried = hive.logProblems !== undefined;
  const logs = tried ? `; its logs cannot be replayed: ${describeLogProblems(hive.logProblems!)}` : '';
  return badInput(`the hive is dirty: ${hive.dirtyReason}${logs}; writing it would lose the changes held in its transaction logs`, {
    file: hive.file,
    code: 'HIVE_DIRTY',
    hint: tried
      ? 'boot Windows from the image and shut it down cleanly, or pass --force-dirty to write the hive without what only its logs hold'
      : 'boot Windows from the image and shut it down cleanly, pass --replay-logs to recover the logged changes first, or --force-dirty to write anyway',
  });
}

async function readHiveFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw badInput(`cannot read hive: ${unreadableReason(error)}`, {file, code: 'HIVE_UNREADABLE'});
  }
}
