/**
 * Sequential byte sources for the tar walk: a file read by position (plain tar: skipping data costs no I/O)
 * or any stream of chunks (tar.gz through gunzip). Memory stays bounded by one chunk.
 */
import {spawn} from 'node:child_process';
import {createReadStream, type promises as fs} from 'node:fs';
import {Duplex, PassThrough, type Readable, type Writable} from 'node:stream';
import {type Gunzip, createGunzip, createGzip} from 'node:zlib';

import {badInput, missingTool} from '../../errors.js';
import type {ArchiveCompression} from '../detect.js';

export interface BlockSource {
  readonly position: number;
  /** Up to n bytes; fewer only at the end of the stream. */
  read(n: number): Promise<Buffer>;
  /** Skip up to n bytes (fewer only at the end). */
  skip(n: number): Promise<void>;
  /** Hand the next n bytes (fewer at the end) to `sink` chunk by chunk, awaiting it (back-pressure). */
  pipeTo(n: number, sink: (chunk: Buffer) => Promise<void> | void): Promise<void>;
}

const CHUNK = 1024 * 1024;

/** Feed `n` bytes to `sink` a chunk at a time from `next` (which returns at most what it is asked; empty at the end). */
async function pump(next: (max: number) => Promise<Buffer>, n: number, sink: (chunk: Buffer) => Promise<void> | void): Promise<void> {
  let left = n;
  while (left > 0) {
    const chunk = await next(Math.min(CHUNK, left));
    if (chunk.length === 0) return;
    left -= chunk.length;
    await sink(chunk);
  }
}

export class FileSource implements BlockSource {
  position: number;

  constructor(
    private readonly handle: fs.FileHandle,
    private readonly size: number,
    start = 0,
  ) {
    this.position = start;
  }

  async read(n: number): Promise<Buffer> {
    const length = Math.max(0, Math.min(n, this.size - this.position));
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const {bytesRead} = await this.handle.read(buffer, done, length - done, this.position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    this.position += done;
    return buffer.subarray(0, done);
  }

  async skip(n: number): Promise<void> {
    this.position = Math.min(this.size, this.position + n);
  }

  async pipeTo(n: number, sink: (chunk: Buffer) => Promise<void> | void): Promise<void> {
    await pump((max) => this.read(max), n, sink);
  }
}

export class StreamSource implements BlockSource {
  position = 0;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private done = false;
  private readonly iterator: AsyncIterator<Buffer>;

  constructor(stream: AsyncIterable<Buffer>) {
    this.iterator = stream[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<void> {
    while (this.queued < n && !this.done) {
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
        break;
      }
      if (next.value.length === 0) continue;
      this.queue.push(next.value);
      this.queued += next.value.length;
    }
  }

  /** Take up to n bytes from the queue, pulling at most one chunk when the queue is empty. */
  private async take(n: number): Promise<Buffer> {
    if (this.queued === 0) await this.fill(1);
    if (this.queued === 0) return Buffer.alloc(0);
    const head = this.queue[0]!;
    if (head.length <= n) {
      this.queue.shift();
      this.queued -= head.length;
      this.position += head.length;
      return head;
    }
    this.queue[0] = head.subarray(n);
    this.queued -= n;
    this.position += n;
    return head.subarray(0, n);
  }

  async read(n: number): Promise<Buffer> {
    await this.fill(n);
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n) {
      const part = await this.take(n - got);
      if (part.length === 0) break;
      parts.push(part);
      got += part.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
  }

  async skip(n: number): Promise<void> {
    await this.pipeTo(n, () => undefined);
  }

  async pipeTo(n: number, sink: (chunk: Buffer) => Promise<void> | void): Promise<void> {
    await pump((max) => this.take(max), n, sink);
  }

  /** Close the underlying stream early (e.g. a lazy read that found its member). */
  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

/**
 * A decompressed stream of a .gz file; a read error of the file ends the stream with that error (no hang).
 * `onRead` counts the compressed bytes read (progress).
 */
export function gunzipFile(file: string, onRead?: (bytes: number) => void): Gunzip {
  const gunzip = createGunzip();
  const raw = createReadStream(file, {highWaterMark: 1024 * 1024});
  raw.on('error', (error) => gunzip.destroy(error));
  if (onRead) raw.on('data', (chunk) => onRead(chunk.length));
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip);
}

/** The system tools behind the compressions zlib lacks, with the Debian package that installs each. */
const CODEC_TOOLS = {
  xz: {command: 'xz', debianPackage: 'xz-utils'},
  zstd: {command: 'zstd', debianPackage: 'zstd'},
  bzip2: {command: 'bzip2', debianPackage: 'bzip2'},
} as const;

export type StreamCompression = Exclude<ArchiveCompression, 'none'>;

/**
 * The decompressed tar stream of a compressed archive: zlib for gzip, the system's xz, zstd or bzip2 otherwise
 * (fed the file on stdin, so that `onRead` can count the compressed bytes read, for progress).
 */
export function decompressFile(file: string, compression: StreamCompression, onRead?: (bytes: number) => void): Readable {
  if (compression === 'gzip') return gunzipFile(file, onRead);
  const {readable, writable} = runCodec(compression, ['-d', '-c', '-q'], file);
  const raw = createReadStream(file, {highWaterMark: 1024 * 1024});
  raw.on('error', (error) => readable.destroy(error));
  if (onRead) raw.on('data', (chunk) => onRead(chunk.length));
  readable.on('close', () => raw.destroy());
  raw.pipe(writable);
  return readable;
}

/** A compressor of the same kind, so a rewritten archive keeps its compression (each tool at its default level). */
export function compressStream(compression: StreamCompression, file: string): Duplex {
  if (compression === 'gzip') return createGzip();
  const {readable, writable} = runCodec(compression, ['-c', '-q'], file);
  return Duplex.from({readable, writable});
}

/**
 * Run a codec tool. Its output is handed on through a PassThrough that ends only when the tool exits 0, so a
 * failure after the last byte (corrupt data, a full disk) still fails the reader; closing the output early
 * (a read that found its member) stops the tool. A missing tool is exit 6 naming its package.
 */
function runCodec(compression: Exclude<StreamCompression, 'gzip'>, args: string[], file: string): {readable: Readable; writable: Writable} {
  const {command, debianPackage} = CODEC_TOOLS[compression];
  const child = spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe']});
  const output = new PassThrough({highWaterMark: 1024 * 1024});
  let stderr = '';
  let finished = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.pipe(output, {end: false});
  child.stdin.on('error', () => undefined);
  child.on('error', (error: NodeJS.ErrnoException) => {
    finished = true;
    output.destroy(error.code === 'ENOENT' ? missingTool(command, debianPackage) : error);
  });
  child.on('close', (code, signal) => {
    if (finished) return;
    finished = true;
    if (code === 0) output.end();
    else {
      const why = stderr.split('\n').map((line) => line.trim()).find(Boolean) ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
      const message = args.includes('-d') ? `corrupt ${compression} data (${command}: ${why})` : `${command} could not compress the new archive: ${why}`;
      output.destroy(badInput(message, {file, code: 'TAR_BAD_COMPRESSION'}));
    }
  });
  output.on('close', () => {
    if (finished) return;
    finished = true;
    child.kill();
  });
  return {readable: output, writable: child.stdin};
}
