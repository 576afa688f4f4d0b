/**
 * A tar or tar.gz image. Opening makes one streamed pass (node-tar headers) that indexes every entry and
 * refuses hostile ones; nothing is ever extracted by entry name. Plain tars are read by offset; tar.gz
 * images spool the files winprep reads (spool-patterns.ts) to a private temp dir, others on demand.
 */
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {badInput, errnoCode} from '../../errors.js';
import type {ArchiveCompression} from '../detect.js';
import {removeOnExit} from '../../fs/exit-cleanup.js';
import type {ImageLock} from '../lock.js';
import {innerKey} from '../paths.js';
import {isSpooled} from '../spool-patterns.js';
import {type OriginalEntry, StagedImage} from '../staged-image.js';
import {type TarEntry, TarIndex} from './tar-index.js';
import {rewriteTar} from './tar-rewrite.js';
import {FileSource, StreamSource, gunzipFile} from './tar-source.js';
import {type TarMember, walkTar} from './tar-walk.js';
import type {FileChange, OpenImageOptions} from '../types.js';

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
  ) {
    super('tar', archive, options, lock);
  }

  static async open(archive: string, compression: ArchiveCompression, options: OpenImageOptions, lock: ImageLock | undefined): Promise<TarImage> {
    const index = new TarIndex(archive);
    const spool = new Map<string, string>();
    let spoolDir: string | undefined;
    let forgetSpool: () => void = () => undefined;
    try {
      if (compression === 'gzip') {
        spoolDir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-tar-'));
        forgetSpool = removeOnExit(spoolDir);
        const dir = spoolDir;
        await walkGzip(archive, async (member, source) => {
          index.add(member);
          const key = memberKey(member);
          if (key === undefined || member.type === 'Directory' || !isSpooled(key) || member.size === 0) return;
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
    return new TarImage(archive, compression, options, lock, index, spool, spoolDir);
  }

  protected async resolveOriginal(innerPath: string): Promise<OriginalEntry | undefined> {
    const entry = this.tarIndex.get(innerKey(innerPath));
    if (!entry || entry.type === 'other') return undefined;
    return {path: entry.path, type: entry.type === 'dir' ? 'dir' : 'file'};
  }

  protected async readOriginal(original: OriginalEntry): Promise<Buffer> {
    const entry = this.followLinks(innerKey(original.path));
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
      .childrenOf(innerKey(dir.path))
      .filter((entry) => entry.type !== 'other')
      .map((entry) => ({path: entry.path, type: entry.type === 'dir' ? 'dir' : 'file'}));
  }

  protected async applyChanges(changes: FileChange[]): Promise<string[]> {
    return rewriteTar({archive: this.path, compression: this.compression, index: this.tarIndex, changes, backup: Boolean(this.options.backup)});
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
    await walkGzip(this.path, async (member, source) => {
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

/** Walk a tar.gz through gunzip; records the end offset in `index` when given. */
export async function walkGzip(
  archive: string,
  onMember: (member: TarMember, source: StreamSource) => Promise<void>,
  index?: TarIndex,
): Promise<void> {
  const stream = gunzipFile(archive);
  const source = new StreamSource(stream);
  try {
    const result = await walkTar(source, archive, (member) => onMember(member, source));
    if (index) index.endOffset = result.endOffset;
  } finally {
    stream.destroy();
  }
}

function wrapZlib(error: unknown, file: string): unknown {
  const code = errnoCode(error);
  if (typeof code === 'string' && code.startsWith('Z_')) return badInput(`corrupt gzip data (${code})`, {file, code: 'TAR_BAD_GZIP'});
  return error;
}
