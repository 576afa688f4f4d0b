/**
 * `.reg` text parser (Windows Registry Editor Version 5.00): `[key]`, `[-key]`, `"name"="string"`, `@=`,
 * `dword:`, `hex:`, `hex(N):` with `\` continuation lines, `"name"=-`, `;` comments. Errors name the file
 * and line. Strings allow only the escapes regedit writes: `\\` and `\"`.
 */
import {badInput, printableExcerpt} from '../errors.js';
import {normalizeRegPath} from './mount.js';
import {REG_HEADER, type RegDocument, type RegEntry, type RegSection} from './reg-types.js';
import {RegType, type RegValue} from './types.js';

/** Decode a `.reg` file's bytes: UTF-16LE with BOM (what regedit writes) or UTF-8. */
export function decodeRegFile(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

class Cursor {
  constructor(
    readonly text: string,
    private pos: number,
    private readonly fail: (message: string) => Error,
  ) {}

  get rest(): string {
    return this.text.slice(this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }

  expect(ch: string): void {
    if (this.text[this.pos] !== ch) throw this.fail(`expected ${JSON.stringify(ch)} at column ${this.pos + 1}`);
    this.pos++;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  /** A quoted string with `\\` and `\"` escapes; the cursor starts on the opening quote. */
  quoted(): string {
    this.expect('"');
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++];
      if (ch === '"') return out;
      if (ch === '\\') {
        const next = this.text[this.pos++];
        if (next !== '\\' && next !== '"') throw this.fail(`unsupported escape "\\${next ?? ''}" in a string (regedit writes only \\\\ and \\")`);
        out += next;
      } else {
        out += ch;
      }
    }
    throw this.fail('unterminated string');
  }
}

function parseHexBytes(text: string, fail: (message: string) => Error): Buffer {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  const out = Buffer.alloc(parts.length);
  parts.forEach((part, i) => {
    if (!/^[0-9a-fA-F]{1,2}$/.test(part)) throw fail(`bad hex byte ${JSON.stringify(part)}`);
    out[i] = parseInt(part, 16);
  });
  return out;
}

function parseData(name: string, raw: string, fail: (message: string) => Error): RegValue | undefined {
  const text = raw.trim();
  if (text === '-') return undefined;
  if (text.startsWith('"')) {
    const cursor = new Cursor(text, 0, fail);
    const value = cursor.quoted();
    cursor.skipSpace();
    if (cursor.rest !== '' && !cursor.rest.startsWith(';')) throw fail(`unexpected text after the string: ${JSON.stringify(cursor.rest)}`);
    return {name, type: RegType.SZ, data: Buffer.from(`${value}\0`, 'utf16le')};
  }
  const dword = /^dword:([0-9a-fA-F]{1,8})$/i.exec(text);
  if (dword) {
    const data = Buffer.alloc(4);
    data.writeUInt32LE(parseInt(dword[1], 16));
    return {name, type: RegType.DWORD, data};
  }
  const hex = /^hex(?:\(([0-9a-fA-F]{1,8})\))?:(.*)$/is.exec(text);
  if (hex) {
    const type = hex[1] === undefined ? RegType.BINARY : parseInt(hex[1], 16);
    return {name, type, data: parseHexBytes(hex[2], fail)};
  }
  throw fail(`cannot read the value data ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`);
}

/** Parse `.reg` text; throws badInput naming the file and line for anything regedit would not accept. */
export function parseReg(text: string, file?: string): RegDocument {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  let index = 0;
  const failAt = (line: number) => (message: string) => badInput(`line ${line}: ${message}`, {file, code: 'REG_SYNTAX'});
  while (index < lines.length && lines[index].trim() === '') index++;
  const header = (lines[index] ?? '').trim();
  if (header !== REG_HEADER) {
    const hint = header === 'REGEDIT4' ? 'REGEDIT4 files are not supported: export again from regedit as a version 5 (Unicode) file' : `a .reg file starts with "${REG_HEADER}"`;
    throw badInput(`line ${index + 1}: not a registry file ("${printableExcerpt(header, 60)}")`, {file, code: 'REG_SYNTAX', hint});
  }
  index++;
  const sections: RegSection[] = [];
  let current: RegSection | undefined;
  while (index < lines.length) {
    const lineNo = index + 1;
    const line = lines[index++];
    const fail = failAt(lineNo);
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(';')) continue;
    if (trimmed.startsWith('[')) {
      const close = trimmed.lastIndexOf(']');
      if (close < 0) throw fail('key line without a closing "]"');
      let keyPath = trimmed.slice(1, close);
      const remove = keyPath.startsWith('-');
      if (remove) keyPath = keyPath.slice(1);
      keyPath = normalizeRegPath(keyPath);
      if (keyPath === '') throw fail('empty key path');
      current = {path: keyPath, remove, entries: [], line: lineNo};
      sections.push(current);
      continue;
    }
    if (!trimmed.startsWith('"') && !trimmed.startsWith('@')) throw fail(`unexpected line ${JSON.stringify(trimmed.slice(0, 40))}`);
    if (!current) throw fail('a value before any [key] line');
    if (current.remove) throw fail('a value under a [-key] deletion');
    const cursor = new Cursor(line.trimStart(), 0, fail);
    let name = '';
    if (cursor.peek() === '@') cursor.expect('@');
    else name = cursor.quoted();
    cursor.skipSpace();
    cursor.expect('=');
    // Hex data may continue over several lines ending in `\` (regedit wraps at 80 columns). Only the data
    // decides: a value *name* holding "hex:" or a string ending in a backslash is not a continuation.
    let data = cursor.rest;
    while (/^\s*hex(\([0-9a-fA-F]+\))?:/i.test(data) && data.trimEnd().endsWith('\\') && index < lines.length) {
      data = data.trimEnd().slice(0, -1) + lines[index++].trim();
    }
    const entry: RegEntry = {name, line: lineNo, value: parseData(name, data, fail)};
    current.entries.push(entry);
  }
  return {sections};
}
