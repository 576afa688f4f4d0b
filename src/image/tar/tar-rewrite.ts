/**
 * Commit of a tar image: a new archive is written beside the old one (same folder), members copied byte
 * for byte unless changed, changed members rewritten in place, new ones appended; then fsync, verify,
 * optional backup, and one rename — the old archive stays intact until the new one is proven good.
 * Verification re-reads every byte of the new archive: its tar stream must hash (sha256) to what was
 * written, every member must parse, and every changed file must hold its new bytes — so a short write, a
 * bad kernel copy or an archive changed underneath is caught before the rename, at the cost of one read.
 * Plain tar: untouched byte ranges are copied by offset (the prefix by the kernel's copy); compressed: one
 * streamed decompress → compress pass of the same kind. Memory stays bounded by one chunk plus the changed files.
 */
import {createHash} from 'node:crypto';
import {constants as fsConstants, createWriteStream, promises as fs} from 'node:fs';
import {pipeline} from 'node:stream/promises';
import {PassThrough} from 'node:stream';
import {Header, Pax, type HeaderData} from 'tar';

import {badInput} from '../../errors.js';
import {commitArchiveCopy} from '../archive-commit.js';
import type {ArchiveCompression} from '../detect.js';
import {innerKey, splitInnerPath} from '../paths.js';
import type {TarIndex} from './tar-index.js';
import {FileSource, type StreamCompression, StreamSource, compressStream, decompressFile} from './tar-source.js';
import {BLOCK, type TarMember, padded, walkTar} from './tar-walk.js';
import type {CommitProgress, FileChange} from '../types.js';

export interface TarRewriteRequest {
  archive: string;
  compression: ArchiveCompression;
  index: TarIndex;
  changes: FileChange[];
  backup: boolean;
  onProgress?: (progress: CommitProgress) => void;
}

/** tar's record size: archives end with zero blocks padded to a multiple of it (GNU tar's default). */
const RECORD = 10240;
const COPY_CHUNK = 4 * 1024 * 1024;

interface Addition {
  storedPath: string;
  data?: Buffer;
  type: 'File' | 'Directory';
}

export async function rewriteTar(request: TarRewriteRequest): Promise<string[]> {
  const {archive, index, changes} = request;
  const replaced = new Map<string, FileChange>();
  const additions: Addition[] = [];
  const prefix = index.dotSlash ? './' : '';
  const addedDirs = new Set<string>();
  const withDirMembers = hasDirMembers(index);
  for (const change of changes) {
    const key = innerKey(change.path);
    const existing = index.get(key);
    if (existing && !existing.implied) {
      replaced.set(key, change);
      continue;
    }
    if (change.action !== 'write') continue;
    const parts = splitInnerPath(change.path);
    for (let n = 1; n < parts.length; n++) {
      const dir = parts.slice(0, n).join('/');
      const dirEntry = index.get(dir.toLowerCase());
      if ((dirEntry && !dirEntry.implied) || addedDirs.has(dir.toLowerCase())) continue;
      // Only add folder members when the archive has folder members at all (tar of a folder always does).
      if (!withDirMembers) break;
      addedDirs.add(dir.toLowerCase());
      additions.push({storedPath: `${prefix}${dir}/`, type: 'Directory'});
    }
    additions.push({storedPath: `${prefix}${change.path}`, data: change.after, type: 'File'});
  }

  return commitArchiveCopy(archive, {backup: request.backup}, async (temp) => {
    const progress = request.onProgress ?? (() => undefined);
    const expected =
      request.compression !== 'none'
        ? await rewriteCompressed(archive, request.compression, temp, index, replaced, additions, progress)
        : await rewritePlain(archive, temp, index, replaced, additions, progress);
    await verify(temp, request.compression, expected, progress);
  });
}

const hasDirMembers = (index: TarIndex): boolean => {
  for (const entry of index.entries.values()) if (entry.type === 'dir' && !entry.implied) return true;
  return false;
};

interface Expected {
  members: number;
  /** sha256 of the whole tar stream written (before compression). */
  digest: string;
  /** sha256 of the data of every rewritten or added file, by stored path. */
  hashes: Map<string, string>;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Header block(s) for a changed or new member: metadata of the old member kept, size and mtime new. */
function encodeMember(base: HeaderData, storedPath: string, type: 'File' | 'Directory', data?: Buffer): Buffer {
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const fields: HeaderData = {
    path: storedPath,
    mode: base.mode ?? (type === 'Directory' ? 0o755 : 0o644),
    uid: base.uid ?? 0,
    gid: base.gid ?? 0,
    uname: base.uname ?? '',
    gname: base.gname ?? '',
    size: data?.length ?? 0,
    mtime: now,
    type,
  };
  const header = new Header(fields);
  const parts: Buffer[] = [];
  if (header.encode()) parts.push(new Pax({...fields, atime: undefined, ctime: undefined}).encode());
  parts.push(header.block!);
  if (data) {
    parts.push(data);
    const pad = padded(data.length) - data.length;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  return Buffer.concat(parts);
}

function endMarker(offset: number): Buffer {
  const minimum = offset + 2 * BLOCK;
  return Buffer.alloc(Math.ceil(minimum / RECORD) * RECORD - offset);
}

type Progress = (progress: CommitProgress) => void;

async function rewritePlain(archive: string, temp: string, index: TarIndex, replaced: Map<string, FileChange>, additions: Addition[], progress: Progress): Promise<Expected> {
  const spans = [...replaced.keys()]
    .flatMap((key) => index.get(key)!.spans.map((span, i, all) => ({key, ...span, last: i === all.length - 1})))
    .sort((a, b) => a.start - b.start);
  const expected: Expected = {members: index.memberCount, digest: '', hashes: new Map()};
  const stream = createHash('sha256');
  const source = await fs.open(archive, 'r');
  try {
    const {size, mode} = await source.stat();
    const firstChange = spans[0]?.start ?? index.endOffset;
    // A long untouched prefix is copied by the kernel (sendfile / copy_file_range / reflink), then cut
    // at the first change; a short one is copied by offset like the rest.
    const kernelPrefix = firstChange >= size / 2;
    if (kernelPrefix) await fs.copyFile(archive, temp, fsConstants.COPYFILE_EXCL);
    const out = await fs.open(temp, kernelPrefix ? 'r+' : 'wx', mode & 0o7777);
    try {
      await out.chmod(mode & 0o7777);
      let position = 0;
      const write = async (data: Buffer) => {
        await writeAll(out, data, position);
        stream.update(data);
        position += data.length;
        progress({phase: 'write', done: Math.min(position, size), total: size});
      };
      if (kernelPrefix) {
        await out.truncate(firstChange);
        // The kernel copied the prefix; the digest still covers it, from the source, so verify checks the copy.
        await copyRange(source, 0, firstChange, async (data) => {
          stream.update(data);
          progress({phase: 'write', done: Math.min(position + data.length, size), total: size});
        });
        position = firstChange;
      } else {
        await copyRange(source, 0, firstChange, write);
      }
      for (let i = 0; i < spans.length; i++) {
        const span = spans[i]!;
        const change = replaced.get(span.key)!;
        expected.members--;
        if (span.last && change.action === 'write') {
          const member = await readMemberAt(source, size, span.start, archive);
          await write(encodeMember(member.header, member.path, 'File', change.after));
          expected.members++;
          expected.hashes.set(member.path, sha256(change.after!));
        }
        const nextStart = spans[i + 1]?.start ?? index.endOffset;
        await copyRange(source, span.end, nextStart, write);
      }
      for (const addition of additions) {
        await write(encodeMember({}, addition.storedPath, addition.type, addition.data));
        expected.members++;
        if (addition.data) expected.hashes.set(addition.storedPath, sha256(addition.data));
      }
      await write(endMarker(position));
      await out.sync();
    } finally {
      await out.close();
    }
  } finally {
    await source.close();
  }
  expected.digest = stream.digest('hex');
  return expected;
}

async function readMemberAt(handle: fs.FileHandle, size: number, start: number, file: string): Promise<TarMember> {
  let found: TarMember | undefined;
  await walkTar(new FileSource(handle, size, start), file, async (member) => {
    found = member;
  }, {limit: 1});
  if (!found) throw badInput(`archive changed while open: no member at offset ${start}`, {file});
  return found;
}

async function copyRange(
  source: fs.FileHandle,
  from: number,
  to: number,
  write: (data: Buffer) => Promise<void>,
  onDone?: (offset: number) => void,
): Promise<void> {
  const buffer = Buffer.allocUnsafe(COPY_CHUNK);
  for (let offset = from; offset < to; ) {
    const want = Math.min(COPY_CHUNK, to - offset);
    const {bytesRead} = await source.read(buffer, 0, want, offset);
    if (bytesRead === 0) throw new Error(`archive shrank while copying at offset ${offset}`);
    await write(buffer.subarray(0, bytesRead));
    offset += bytesRead;
    onDone?.(offset);
  }
}

async function writeAll(handle: fs.FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const {bytesWritten} = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

async function rewriteCompressed(
  archive: string,
  compression: StreamCompression,
  temp: string,
  index: TarIndex,
  replaced: Map<string, FileChange>,
  additions: Addition[],
  progress: Progress,
): Promise<Expected> {
  const expected: Expected = {members: 0, digest: '', hashes: new Map()};
  const stream = createHash('sha256');
  const lastStart = new Map([...replaced.keys()].map((key) => [index.get(key)!.spans.at(-1)!.start, key]));
  const {mode, size} = await fs.stat(archive);
  const tarOut = new PassThrough({highWaterMark: 1024 * 1024});
  // The output pipeline never rejects: a failure (disk full) is recorded and wakes a writer waiting for drain.
  let failure: Error | undefined;
  const written = pipeline(tarOut, compressStream(compression, archive), createWriteStream(temp, {flags: 'wx', mode: mode & 0o7777})).then(
    () => undefined,
    (error: Error) => {
      failure = error;
      tarOut.emit('drain');
    },
  );
  let position = 0;
  const write = async (data: Buffer) => {
    if (failure) throw failure;
    stream.update(data);
    position += data.length;
    if (!tarOut.write(data)) await new Promise<void>((resolve) => tarOut.once('drain', resolve));
    if (failure) throw failure;
  };
  let read = 0;
  const input = decompressFile(archive, compression, (bytes) => {
    read += bytes;
    progress({phase: 'write', done: read, total: size});
  });
  const source = new StreamSource(input);
  try {
    await walkTar(source, archive, async (member) => {
      const key = member.type === 'GlobalExtendedHeader' ? '' : innerKey(member.path);
      const change = key === '' ? undefined : replaced.get(key);
      if (!change) {
        await write(member.rawHeader);
        await source.pipeTo(member.end - member.dataStart, write);
        expected.members++;
        return;
      }
      if (lastStart.get(member.start) === key && change.action === 'write') {
        await write(encodeMember(member.header, member.path, 'File', change.after));
        expected.members++;
        expected.hashes.set(member.path, sha256(change.after!));
      }
    });
  } catch (error) {
    tarOut.destroy();
    await written;
    throw error;
  } finally {
    input.destroy();
  }
  for (const addition of additions) {
    await write(encodeMember({}, addition.storedPath, addition.type, addition.data));
    expected.members++;
    if (addition.data) expected.hashes.set(addition.storedPath, sha256(addition.data));
  }
  await write(endMarker(position));
  tarOut.end();
  await written;
  if (failure) throw failure;
  const handle = await fs.open(temp, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  expected.digest = stream.digest('hex');
  return expected;
}

/**
 * Re-read the new archive: its whole tar stream hashes to what was written, every member parses, the count
 * matches, and every changed file holds its new bytes.
 */
async function verify(file: string, compression: ArchiveCompression, expected: Expected, progress: Progress): Promise<void> {
  let members = 0;
  const seen = new Map<string, string>();
  const onMember = async (member: TarMember, source: FileSource | StreamSource) => {
    members++;
    const want = expected.hashes.get(member.path);
    if (want === undefined) return;
    const hash = createHash('sha256');
    await source.pipeTo(member.size, (chunk) => {
      hash.update(chunk);
    });
    seen.set(member.path, hash.digest('hex'));
  };
  const stream = createHash('sha256');
  const {size} = await fs.stat(file);
  if (compression !== 'none') {
    let read = 0;
    const input = decompressFile(file, compression, (bytes) => {
      read += bytes;
      progress({phase: 'verify', done: read, total: size});
    });
    const hashing = new PassThrough({highWaterMark: 1024 * 1024});
    input.on('error', (error) => hashing.destroy(error));
    input.on('data', (chunk: Buffer) => stream.update(chunk));
    input.pipe(hashing);
    const source = new StreamSource(hashing);
    try {
      await walkTar(source, file, (member) => onMember(member, source));
      await source.skip(Number.MAX_SAFE_INTEGER); // the end marker and record padding count too
    } finally {
      input.destroy();
    }
  } else {
    const handle = await fs.open(file, 'r');
    try {
      const source = new FileSource(handle, size);
      await walkTar(source, file, (member) => onMember(member, source));
      await copyRange(handle, 0, size, async (data) => {
        stream.update(data);
      }, (done) => progress({phase: 'verify', done, total: size}));
    } finally {
      await handle.close();
    }
  }
  const bad = [...expected.hashes].filter(([name, hash]) => seen.get(name) !== hash).map(([name]) => name);
  const digest = stream.digest('hex');
  if (members !== expected.members || bad.length > 0 || digest !== expected.digest) {
    const what = digest === expected.digest ? '' : 'its bytes differ from what was written; ';
    throw new Error(`rewritten archive failed verification (${what}members ${members}/${expected.members}; wrong: ${bad.join(', ') || 'none'}); the original is unchanged`);
  }
}
