/**
 * A block-level walk over a tar stream, decoding headers with node-tar's Header and Pax (pax `x`/`g`
 * records, GNU `L`/`K` long names). Unlike node-tar's Parser it reports where every member's bytes lie
 * (first extended header → end of padded data), so untouched members can be copied byte for byte.
 */
import {Header, Pax, type HeaderData} from 'tar';

import {badInput} from '../../errors.js';
import type {BlockSource} from './tar-source.js';

export const BLOCK = 512;
/** Extended-header bodies (pax records, GNU long names) larger than this are refused as hostile. */
const MAX_META_BODY = 1024 * 1024;

export const padded = (size: number): number => Math.ceil(size / BLOCK) * BLOCK;

export interface TarMember {
  /** Offset of the member's first block (its first extended header, if any) in the tar stream. */
  start: number;
  dataStart: number;
  /** Offset just past the padded data. */
  end: number;
  size: number;
  /** Path and link path as stored (after pax / GNU long-name records). */
  path: string;
  linkpath?: string;
  type: string;
  header: HeaderData;
  /** Every header block of the member (extended headers included), exactly as stored. */
  rawHeader: Buffer;
}

export interface WalkResult {
  /** Offset of the end-of-archive marker (or of the end of data when the marker is missing). */
  endOffset: number;
}

const META_TYPES = new Set(['ExtendedHeader', 'OldExtendedHeader', 'GlobalExtendedHeader', 'NextFileHasLongPath', 'NextFileHasLongLinkpath']);

/**
 * Walk the members of a tar. `onMember` is called with the source positioned at the member's data; it may
 * consume some or all of the data; the walk skips the rest.
 */
export async function walkTar(
  source: BlockSource,
  file: string,
  onMember: (member: TarMember) => Promise<void>,
  options: {limit?: number} = {},
): Promise<WalkResult> {
  let seen = 0;
  let ex: HeaderData | undefined;
  let gex: HeaderData | undefined;
  let memberStart = source.position;
  const rawBlocks: Buffer[] = [];
  while (true) {
    const blockOffset = source.position;
    const block = await source.read(BLOCK);
    if (block.length === 0) {
      if (rawBlocks.length > 0) throw badInput('tar ends inside a member header', {file, code: 'TAR_TRUNCATED'});
      return {endOffset: blockOffset};
    }
    if (block.length < BLOCK) throw badInput(`tar truncated at offset ${blockOffset}`, {file, code: 'TAR_TRUNCATED'});
    if (isZeroBlock(block)) {
      if (rawBlocks.length > 0) throw badInput(`tar has an extended header with no member at offset ${blockOffset}`, {file});
      return {endOffset: blockOffset};
    }
    const header = decodeHeader(block, ex, gex, blockOffset, file);
    if (!header.cksumValid) throw badInput(`tar header checksum mismatch at offset ${blockOffset}`, {file, code: 'TAR_ENTRY_INVALID'});
    const type = header.type;
    const size = header.size ?? 0;
    rawBlocks.push(Buffer.from(block));
    if (META_TYPES.has(type)) {
      if (size > MAX_META_BODY) throw badInput(`tar extended header of ${size} bytes at offset ${blockOffset}`, {file});
      const body = await source.read(padded(size));
      if (body.length < padded(size)) throw badInput(`tar truncated at offset ${source.position}`, {file, code: 'TAR_TRUNCATED'});
      rawBlocks.push(body);
      const text = body.subarray(0, size).toString('utf8');
      if (type === 'GlobalExtendedHeader') {
        gex = Pax.parse(text, gex, true);
        // A global header is a member of its own: copied as is, applying to everything after it.
        const end = source.position;
        await onMember({start: memberStart, dataStart: end, end, size: 0, path: '', type, header: {}, rawHeader: Buffer.concat(rawBlocks)});
        rawBlocks.length = 0;
        memberStart = end;
      } else if (type === 'NextFileHasLongPath' || type === 'NextFileHasLongLinkpath') {
        ex = {...ex, [type === 'NextFileHasLongPath' ? 'path' : 'linkpath']: text.replace(/\0.*$/s, '')};
      } else {
        ex = Pax.parse(text, ex, false);
      }
      continue;
    }
    const dataStart = source.position;
    // Entries with no data body whatever the size field says (links, dirs, devices) per POSIX.
    const bodySize = ['Link', 'SymbolicLink', 'Directory', 'CharacterDevice', 'BlockDevice', 'FIFO'].includes(type) ? 0 : size;
    const member: TarMember = {
      start: memberStart,
      dataStart,
      end: dataStart + padded(bodySize),
      size: bodySize,
      path: header.path ?? '',
      linkpath: header.linkpath || undefined,
      type,
      header: withGnuOwners(headerData(header), block),
      rawHeader: Buffer.concat(rawBlocks),
    };
    rawBlocks.length = 0;
    ex = undefined;
    await onMember(member);
    if (options.limit !== undefined && ++seen >= options.limit) return {endOffset: member.end};
    if (source.position > member.end) throw new Error(`tar walk: member consumer read past ${member.path}`);
    await source.skip(member.end - source.position);
    if (source.position < member.end) throw badInput(`tar truncated inside ${member.path}`, {file, code: 'TAR_TRUNCATED'});
    memberStart = source.position;
  }
}

const isZeroBlock = (block: Buffer): boolean => {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
};

function headerData(header: Header): HeaderData {
  return {
    path: header.path,
    mode: header.mode,
    uid: header.uid,
    gid: header.gid,
    size: header.size,
    mtime: header.mtime,
    atime: header.atime,
    ctime: header.ctime,
    uname: header.uname,
    gname: header.gname,
    linkpath: header.linkpath,
  };
}

/** node-tar reads owner names only from POSIX `ustar\000` headers; GNU tar's `ustar  \0` has them at the same place. */
function withGnuOwners(data: HeaderData, block: Buffer): HeaderData {
  if (block.subarray(257, 265).toString('latin1') !== 'ustar  \0') return data;
  const field = (offset: number) => block.subarray(offset, offset + 32).toString('utf8').replace(/\0.*$/s, '');
  return {...data, uname: data.uname || field(265), gname: data.gname || field(297)};
}

/** node-tar throws plain errors on some malformed number fields; those are bad input too. */
function decodeHeader(block: Buffer, ex: HeaderData | undefined, gex: HeaderData | undefined, offset: number, file: string): Header {
  try {
    return new Header(block, 0, ex, gex);
  } catch (error) {
    throw badInput(`tar header at offset ${offset} is malformed: ${(error as Error).message}`, {file, code: 'TAR_ENTRY_INVALID'});
  }
}
