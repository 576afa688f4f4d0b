/**
 * Sequential byte sources for the tar walk: a file read by position (plain tar: skipping data costs no I/O)
 * or any stream of chunks (tar.gz through gunzip). Memory stays bounded by one chunk.
 */
import {createReadStream, type promises as fs} from 'node:fs';
import {type Gunzip, createGunzip} from 'node:zlib';

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
    let left = n;
    while (left > 0) {
      const chunk = await this.read(Math.min(CHUNK, left));
      if (chunk.length === 0) return;
      left -= chunk.length;
      await sink(chunk);
    }
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
    let left = n;
    while (left > 0) {
      const part = await this.take(Math.min(left, CHUNK));
      if (part.length === 0) return;
      left -= part.length;
      await sink(part);
    }
  }

  /** Close the underlying stream early (e.g. a lazy read that found its member). */
  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

/** A decompressed stream of a .gz file; a read error of the file ends the stream with that error (no hang). */
export function gunzipFile(file: string): Gunzip {
  const gunzip = createGunzip();
  const raw = createReadStream(file, {highWaterMark: 1024 * 1024});
  raw.on('error', (error) => gunzip.destroy(error));
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip);
}
