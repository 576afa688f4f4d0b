/**
 * Files as streams of text chunks. Windows tools write UTF-8 (with or without BOM) or UTF-16LE
 * (PowerShell 5.1 `>` redirection), so the encoding is taken from the BOM, or from NUL bytes in the head.
 */
import {createReadStream} from 'node:fs';
import {open} from 'node:fs/promises';
import {TextDecoder} from 'node:util';

const CHUNK = 64 * 1024;

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Guess the encoding of a file from its first bytes. */
export function sniffEncoding(head: Uint8Array): TextEncodingName {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // ASCII text in UTF-16LE without a BOM has a NUL in every odd byte.
  if (head.length >= 2 && head[0] !== 0 && head[1] === 0) return 'utf-16le';
  return 'utf-8';
}

/** The first `bytes` bytes of a file, decoded (for format detection). */
export async function readHead(file: string, bytes = 8192): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const {bytesRead} = await handle.read(buffer, 0, bytes, 0);
    const head = buffer.subarray(0, bytesRead);
    return new TextDecoder(sniffEncoding(head)).decode(head, {stream: true});
  } finally {
    await handle.close();
  }
}

/** Decode an async iterable of byte chunks into text chunks, dropping any BOM. */
export async function* decodeChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  for await (const chunk of chunks) {
    decoder ??= new TextDecoder(sniffEncoding(chunk));
    const text = decoder.decode(chunk, {stream: true});
    if (text) yield text;
  }
  const rest = decoder?.decode();
  if (rest) yield rest;
}

/** A file's text, chunk by chunk: memory stays bounded whatever the file size. */
export function readTextChunks(file: string): AsyncGenerator<string> {
  return decodeChunks(createReadStream(file, {highWaterMark: CHUNK}));
}

export interface NumberedLine {
  /** 1-based */
  line: number;
  text: string;
}

/** Longest line kept; the rest of a longer line is dropped (bounded memory on binary or damaged input). */
const MAX_LINE = 1024 * 1024;

/** Lines (without CR/LF) with their numbers, from text chunks. */
export async function* numberedLines(chunks: AsyncIterable<string>): AsyncGenerator<NumberedLine> {
  let pending = '';
  let line = 0;
  let dropping = false;
  for await (const chunk of chunks) {
    pending += chunk;
    let start = 0;
    let newline = pending.indexOf('\n', start);
    while (newline !== -1) {
      const end = newline > start && pending.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      line++;
      if (!dropping) yield {line, text: pending.slice(start, end)};
      dropping = false;
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
    if (pending.length > MAX_LINE) {
      if (!dropping) yield {line: line + 1, text: pending.slice(0, MAX_LINE)};
      dropping = true;
      pending = '';
    }
  }
  if (pending.length > 0 && !dropping) yield {line: ++line, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending};
}
