/**
 * A tar image, plain or compressed (gzip, xz, zstd, bzip2). Opening makes one streamed pass (node-tar
 * headers) that indexes every entry and refuses hostile ones; nothing is ever extracted by entry name. Plain
 * tars are read by offset; compressed ones spool the files winprep reads (the run's declared reads, OpenImageOptions.prefetch) to a private
 * temp dir, others on demand. The volume root is the archive's root, or the one top-level folder holding
 * Windows (`tar czf ref.tar.gz ref`), or the folder `--root` names.
 */
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {badInput, errnoCode, usageError} from '../../errors.js';
import type {ArchiveCompression} from '../detect.js';
import {removeOnExit} from '../../fs/exit-cleanup.js';
import type {ImageLock} from '../lock.js';
import {innerKey, normalizeInnerPath} from '../paths.js';
import {readMatcher} from '../read-patterns.js';
import {type OriginalEntry, StagedImage} from '../staged-image.js';
import {type TarEntry, TarIndex} from './tar-index.js';
import {rewriteTar} from './tar-rewrite.js';
import {FileSource, type StreamCompression, StreamSource, decompressFile} from './tar-source.js';
import {type TarMember, walkTar} from './tar-walk.js';
import type {CommitOptions, FileChange, OpenImageOptions} from '../types.js';

export class TarImage extends StagedImage {
  private constructor(
    archive: string,
    readonly compression: ArchiveCompression,
    options: OpenImageOptions,
    lock: ImageLock | undefined,
    private readonly tarIndex: TarIndex,
    /** Spooled tar.gz members by inner key → temp file. */
    private readonly spool: Map<string, string>,
    private readonly spoolDir: string | undefined,
    /** The archive folder that is the volume root ('' for the archive's root), as spelled in the archive. */
    private readonly root: string,
  ) {
    super('tar', archive, options, lock);
  }

  static async open(archive: string, compression: ArchiveCompression, options: OpenImageOptions, lock: ImageLock | undefined): Promise<TarImage> {
    const index = new TarIndex(archive);
    const spool = new Map<string, string>();
    let spoolDir: string | undefined;
    let forgetSpool: () => void = () => undefined;
    try {
      if (compression !== 'none') {
        spoolDir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-tar-'));
        forgetSpool = removeOnExit(spoolDir);
        const dir = spoolDir;
        const wanted = readMatcher(options.prefetch);
        await walkCompressed(archive, compression, async (member, source) => {
          index.add(member);
          const key = memberKey(member);
          // The volume root is not known yet: a path under one top-level folder may be the volume's too.
          if (key === undefined || member.type === 'Directory' || !(wanted(key) || wanted(key.replace(/^[^/]+\//, ''))) || member.size === 0) return;
          const file = path.join(dir, String(index.memberCount));
          await spoolMember(source, member.size, file);
          spool.set(key, file);
        }, index);
      } else {
        await withFile(archive, async (source) => {
          index.endOffset = (await walkTar(source, archive, async (member) => index.add(member))).endOffset;
        });
      }
    } catch (error) {
      if (spoolDir) await fs.rm(spoolDir, {recursive: true, force: true});
      forgetSpool();
      throw wrapZlib(error, archive);
    }
    let root: string;
    try {
      root = volumeRoot(index, options.root, archive);
    } catch (error) {
      if (spoolDir) await fs.rm(spoolDir, {recursive: true, force: true});
      forgetSpool();
      throw error;
    }
    return new TarImage(archive, compression, options, lock, index, spool, spoolDir, root);
  }

  /** Archive path of an inner path (relative to the volume root). */
  private inArchive(innerPath: string): string {
    const inner = normalizeInnerPath(innerPath);
    return this.root === '' ? inner : inner === '' ? this.root : `${this.root}/${inner}`;
  }

  /** Inner path of an archive path under the volume root. */
  private inVolume(archivePath: string): string {
    return this.root === '' ? archivePath : archivePath.slice(this.root.length + 1);
  }

  protected async resolveOriginal(innerPath: string): Promise<OriginalEntry | undefined> {
    const entry = this.tarIndex.get(innerKey(this.inArchive(innerPath)));
    if (!entry || entry.type === 'other') return undefined;
    return {path: this.inVolume(entry.path), type: entry.type === 'dir' ? 'dir' : 'file'};
  }

  protected async readOriginal(original: OriginalEntry): Promise<Buffer> {
    const entry = this.followLinks(innerKey(this.inArchive(original.path)));
    if (!entry) return Buffer.alloc(0);
    const key = innerKey(entry.path);
    const spooled = this.spool.get(key);
    if (spooled) return fs.readFile(spooled);
    if (this.compression === 'none') {
      const handle = await fs.open(this.path, 'r');
      try {
        const buffer = Buffer.alloc(entry.size);
        const {bytesRead} = await handle.read(buffer, 0, entry.size, entry.dataStart);
        if (bytesRead < entry.size) throw badInput(`archive changed while open: ${entry.path} is truncated`, {file: this.path});
        return buffer;
      } finally {
        await handle.close();
      }
    }
    return this.readLazily(key);
  }

  protected async readdirOriginal(dir: OriginalEntry): Promise<OriginalEntry[]> {
    return this.tarIndex
      .childrenOf(innerKey(this.inArchive(dir.path)))
      .filter((entry) => entry.type !== 'other')
      .map((entry) => ({path: this.inVolume(entry.path), type: entry.type === 'dir' ? 'dir' : 'file'}));
  }

  protected async applyChanges(changes: FileChange[], options: CommitOptions): Promise<string[]> {
    const inArchive = changes.map((change) => ({...change, path: this.inArchive(change.path)}));
    return rewriteTar({
      archive: this.path,
      compression: this.compression,
      index: this.tarIndex,
      changes: inArchive,
      backup: Boolean(this.options.backup),
      onProgress: options.onProgress,
    });
  }

  protected override async cleanup(): Promise<void> {
    if (this.spoolDir) await fs.rm(this.spoolDir, {recursive: true, force: true});
  }

  /** Hard links read their target's data; symbolic links their (inside-the-image) target's. */
  private followLinks(key: string): TarEntry | undefined {
    let entry = this.tarIndex.get(key);
    for (let hops = 0; entry && (entry.type === 'hardlink' || entry.type === 'symlink') && hops < 16; hops++) {
      entry = this.tarIndex.get((entry.linkTarget ?? '').toLowerCase());
    }
    return entry?.type === 'file' ? entry : undefined;
  }

  /** A tar.gz member that was not spooled: one more streamed pass, stopping at the member. */
  private async readLazily(key: string): Promise<Buffer> {
    const entry = this.tarIndex.get(key)!;
    const target = entry.spans.at(-1)!.start;
    let data: Buffer | undefined;
    const spoolFile = this.spoolDir ? path.join(this.spoolDir, `lazy-${this.spool.size}`) : undefined;
    await walkCompressed(this.path, this.compression as StreamCompression, async (member, source) => {
      if (member.start !== target) return;
      if (spoolFile) {
        await spoolMember(source, member.size, spoolFile);
        this.spool.set(key, spoolFile);
        data = await fs.readFile(spoolFile);
      }
      throw STOP;
    }).catch((error: unknown) => {
      if (error !== STOP) throw error;
    });
    return data ?? Buffer.alloc(0);
  }
}

const STOP = Symbol('stop');

const memberKey = (member: TarMember): string | undefined => {
  const key = innerKey(member.path);
  return key === '' ? undefined : key;
};

async function spoolMember(source: StreamSource | FileSource, size: number, file: string): Promise<void> {
  const handle = await fs.open(file, 'wx', 0o600);
  try {
    await source.pipeTo(size, async (chunk) => {
      await handle.write(chunk);
    });
  } finally {
    await handle.close();
  }
}

async function withFile<T>(file: string, use: (source: FileSource) => Promise<T>): Promise<T> {
  const handle = await fs.open(file, 'r');
  try {
    const {size} = await handle.stat();
    return await use(new FileSource(handle, size));
  } finally {
    await handle.close();
  }
}

/** Walk a compressed tar through its decompressor; records the end offset in `index` when given. */
export async function walkCompressed(
  archive: string,
  compression: StreamCompression,
  onMember: (member: TarMember, source: StreamSource) => Promise<void>,
  index?: TarIndex,
): Promise<void> {
  const stream = decompressFile(archive, compression);
  const source = new StreamSource(stream);
  try {
    const result = await walkTar(source, archive, (member) => onMember(member, source));
    if (index) index.endOffset = result.endOffset;
  } finally {
    stream.destroy();
  }
}

/**
 * The volume root inside the archive: the folder `--root` names; else the archive's root when it holds
 * Windows; else its one top-level folder holding a Windows volume (how `tar czf ref.tar.gz ref` stores it).
 */
function volumeRoot(index: TarIndex, wanted: string | undefined, archive: string): string {
  const volumes = index.childrenOf('').filter((entry) => entry.type === 'dir' && index.get(`${innerKey(entry.path)}/windows/system32/config/system`));
  const listed = volumes.map((entry) => entry.path).join(', ');
  if (wanted !== undefined) {
    const entry = index.get(innerKey(wanted));
    if (entry?.type !== 'dir') {
      throw usageError(`--root ${wanted}: no such folder in ${archive}`, {hint: listed ? `folders holding Windows: ${listed}` : undefined});
    }
    return entry.path;
  }
  if (index.get('windows')) return '';
  if (volumes.length === 1) return volumes[0]!.path;
  if (volumes.length > 1) throw usageError(`${archive} holds ${volumes.length} Windows volumes (${listed})`, {hint: 'pick one with --root <folder>'});
  return '';
}

function wrapZlib(error: unknown, file: string): unknown {
  const code = errnoCode(error);
  if (typeof code === 'string' && code.startsWith('Z_')) return badInput(`corrupt gzip data (${code})`, {file, code: 'TAR_BAD_GZIP'});
  return error;
}
