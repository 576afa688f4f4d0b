/**
 * What every image kind shares: the staged view (changes first, then the image), case-insensitive
 * lookups, the hive cache, and the commit/discard life cycle. Each kind supplies the original files and
 * applies a list of changes all-or-nothing.
 */
import type {HiveApi} from '../registry/types.js';
import {badInput, usageError} from '../errors.js';
import {parseHive} from './hive-loader.js';
import {type ReadMatcher, readMatcher} from './read-patterns.js';
import type {ImageLock} from './lock.js';
import {baseName, innerKey, isUnder, normalizeInnerPath, splitInnerPath} from './paths.js';
import type {ChangeAction, CommitOptions, CommitReport, FileChange, Image, ImageKind, OpenImageOptions} from './types.js';

export type EntryType = 'file' | 'dir';

export interface OriginalEntry {
  /** Inner path with the image's spelling. */
  path: string;
  type: EntryType;
}

interface StagedChange {
  path: string;
  action: ChangeAction;
  data?: Buffer;
}

interface CachedHive {
  path: string;
  hive: HiveApi;
}

/** Transaction-log siblings of a hive; reset when the hive is rewritten clean. */
export const HIVE_LOG_SUFFIXES = ['.LOG1', '.LOG2', '.LOG'] as const;

export abstract class StagedImage implements Image {
  private readonly staged = new Map<string, StagedChange>();
  private readonly hives = new Map<string, CachedHive>();
  private closed = false;
  private readonly unplanned = new Set<string>();
  /** Whether the run declared it would read this inner key (OpenImageOptions.prefetch). */
  protected readonly prefetched: ReadMatcher;

  protected constructor(
    readonly kind: ImageKind,
    readonly path: string,
    protected readonly options: OpenImageOptions,
    private readonly lock: ImageLock | undefined,
    readonly index?: number,
  ) {
    this.prefetched = readMatcher(options.prefetch);
  }

  /**
   * Original files read that no declared pattern covers: each cost a compressed tar one more pass. Tests run
   * every operation and rule and expect none (src/image/read-patterns.ts).
   */
  get unplannedReads(): readonly string[] {
    return [...this.unplanned].sort();
  }

  /** Resolve an inner path case-insensitively to the image's entry, or undefined. */
  protected abstract resolveOriginal(innerPath: string): Promise<OriginalEntry | undefined>;
  /** Contents of an original file (spelled path from resolveOriginal). */
  protected abstract readOriginal(entry: OriginalEntry): Promise<Buffer>;
  /** Entries directly inside an original directory (spelled path). */
  protected abstract readdirOriginal(dir: OriginalEntry): Promise<OriginalEntry[]>;
  /** Apply every change all-or-nothing; return where backups were kept. */
  protected abstract applyChanges(changes: FileChange[], options: CommitOptions): Promise<string[]>;
  /** What applyChanges wants the caller told (CommitReport.notes). */
  protected readonly commitNotes: string[] = [];
  /** Remove private temp files; called once after commit or discard. */
  protected async cleanup(): Promise<void> {}

  async exists(innerPath: string): Promise<boolean> {
    const staged = this.stagedAt(innerPath);
    if (staged) return staged.action === 'write';
    if ((await this.resolveOriginal(innerPath)) !== undefined) return true;
    return this.stagedBelow(innerPath).length > 0;
  }

  async readFile(innerPath: string): Promise<Buffer | undefined> {
    const staged = this.stagedAt(innerPath);
    if (staged) return staged.action === 'write' ? staged.data : undefined;
    const entry = await this.resolveOriginal(innerPath);
    if (!entry || entry.type !== 'file') return undefined;
    const key = innerKey(entry.path);
    if (!this.prefetched(key)) this.unplanned.add(key);
    return this.readOriginal(entry);
  }

  async readdir(innerPath: string): Promise<string[]> {
    const names = new Map<string, string>();
    const dir = await this.resolveOriginal(innerPath);
    if (dir?.type === 'dir') {
      for (const child of await this.readdirOriginal(dir)) names.set(baseName(child.path).toLowerCase(), baseName(child.path));
    }
    const dirKey = innerKey(innerPath);
    for (const change of this.staged.values()) {
      const key = innerKey(change.path);
      if (!isUnder(change.path, innerPath) || key === dirKey) continue;
      const rest = splitInnerPath(change.path).slice(splitInnerPath(innerPath).length);
      const first = rest[0]!;
      if (change.action === 'write') names.set(first.toLowerCase(), names.get(first.toLowerCase()) ?? first);
      else if (rest.length === 1) names.delete(first.toLowerCase());
    }
    return [...names.values()].sort((a, b) => a.localeCompare(b));
  }

  async listFiles(innerDir = ''): Promise<string[]> {
    const files = new Map<string, string>();
    const root = await this.resolveOriginal(innerDir);
    if (root?.type === 'dir') await this.collectFiles(root, files);
    else if (root?.type === 'file') files.set(innerKey(root.path), root.path);
    for (const [key, change] of this.staged) {
      if (!isUnder(change.path, innerDir)) continue;
      if (change.action === 'write') files.set(key, change.path);
      else files.delete(key);
    }
    return [...files.values()].sort((a, b) => a.localeCompare(b));
  }

  private async collectFiles(dir: OriginalEntry, into: Map<string, string>): Promise<void> {
    for (const child of await this.readdirOriginal(dir)) {
      if (child.type === 'dir') await this.collectFiles(child, into);
      else into.set(innerKey(child.path), child.path);
    }
  }

  writeFile(innerPath: string, data: Buffer): void {
    this.assertOpen();
    const key = innerKey(innerPath);
    if (key === '') throw usageError('cannot write the image root as a file');
    const previous = this.staged.get(key);
    this.staged.set(key, {path: previous?.path ?? normalizeInnerPath(innerPath), action: 'write', data: Buffer.from(data)});
    // Bytes written directly win over an earlier hive() view of the same file.
    this.hives.delete(key);
  }

  deleteFile(innerPath: string): void {
    this.assertOpen();
    const key = innerKey(innerPath);
    const previous = this.staged.get(key);
    this.staged.set(key, {path: previous?.path ?? normalizeInnerPath(innerPath), action: 'delete'});
    this.hives.delete(key);
  }

  async hive(innerPath: string): Promise<HiveApi | undefined> {
    const key = innerKey(innerPath);
    const cached = this.hives.get(key);
    if (cached) return cached.hive;
    const bytes = await this.readFile(innerPath);
    if (!bytes) return undefined;
    const logs: Buffer[] = [];
    const logNames: string[] = [];
    const spelled = await this.spell(innerPath);
    for (const suffix of HIVE_LOG_SUFFIXES) {
      const log = await this.readFile(`${innerPath}${suffix}`);
      if (log && log.length > 0) {
        logs.push(log);
        logNames.push(`${spelled}${suffix}`);
      }
    }
    const hive = parseHive(bytes, {file: spelled, logs, logNames, forceDirty: this.options.forceDirty, replayLogs: this.options.replayLogs});
    this.hives.set(key, {path: spelled, hive});
    return hive;
  }

  async changes(): Promise<FileChange[]> {
    await this.stageModifiedHives();
    const result: FileChange[] = [];
    for (const change of this.staged.values()) {
      const entry = await this.resolveOriginal(change.path);
      if (entry?.type === 'dir' && change.action === 'write') {
        throw badInput(`cannot write ${entry.path}: it is a folder in the image`, {file: this.path});
      }
      const before = entry?.type === 'file' ? await this.readOriginal(entry) : undefined;
      if (change.action === 'delete' && !before) continue;
      if (change.action === 'write' && before && change.data && before.equals(change.data)) continue;
      result.push({
        path: entry?.path ?? (await this.spell(change.path)),
        action: change.action,
        ...(before ? {before} : {}),
        ...(change.action === 'write' ? {after: change.data} : {}),
      });
    }
    return result;
  }

  async commit(options: CommitOptions = {}): Promise<CommitReport> {
    this.assertOpen();
    if (this.options.readOnly) throw usageError(`${this.path} was opened read-only; nothing can be committed`);
    try {
      const changes = await this.changes();
      const backups = changes.length > 0 ? await this.applyChanges(changes, options) : [];
      return {changed: changes.map((change) => change.path), backups, ...(this.commitNotes.length > 0 ? {notes: this.commitNotes} : {})};
    } finally {
      await this.close();
    }
  }

  async discard(): Promise<void> {
    if (this.closed) return;
    await this.close();
  }

  private async close(): Promise<void> {
    this.closed = true;
    this.staged.clear();
    this.hives.clear();
    try {
      await this.cleanup();
    } finally {
      await this.lock?.release();
    }
  }

  /** Serialize every hive edited through hive() and stage it, with its transaction logs emptied. */
  private async stageModifiedHives(): Promise<void> {
    for (const [key, cached] of this.hives) {
      if (!cached.hive.modified) continue;
      this.staged.set(key, {path: cached.path, action: 'write', data: cached.hive.serialize()});
      // A clean rewritten hive must not be paired with old log data (it could replay over our changes).
      for (const suffix of HIVE_LOG_SUFFIXES) {
        const log = `${cached.path}${suffix}`;
        const current = await this.readFile(log);
        if (current && current.length > 0) this.writeFile(log, Buffer.alloc(0));
      }
    }
  }

  private stagedAt(innerPath: string): StagedChange | undefined {
    return this.staged.get(innerKey(innerPath));
  }

  private stagedBelow(innerPath: string): StagedChange[] {
    const key = innerKey(innerPath);
    return [...this.staged.values()].filter((c) => c.action === 'write' && innerKey(c.path) !== key && isUnder(c.path, innerPath));
  }

  /** The image's spelling of a path: the longest existing prefix as stored, the rest as given. */
  protected async spell(innerPath: string): Promise<string> {
    const parts = splitInnerPath(innerPath);
    for (let n = parts.length; n > 0; n--) {
      const entry = await this.resolveOriginal(parts.slice(0, n).join('/'));
      if (entry) return [entry.path, ...parts.slice(n)].filter((p) => p !== '').join('/');
    }
    return parts.join('/');
  }

  private assertOpen(): void {
    if (this.closed) throw usageError(`${this.path}: the image was already committed or discarded`);
  }
}
