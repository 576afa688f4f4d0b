/**
 * One value as `.reg` text, as regedit writes it: `"name"="string"`, `dword:%08x`, `hex:` and `hex(N):`
 * bytes wrapped with `\` + CRLF + two spaces once a line reaches 77 characters (80 columns with the
 * backslash), the algorithm of Wine's regedit export.c (MAX_HEX_CHARS = 77).
 */
import {RegType, type RegValue} from './types.js';

const MAX_HEX_CHARS = 77;
export const CRLF = '\r\n';

export const escapeRegString = (text: string): string => text.replace(/[\\"]/g, (ch) => `\\${ch}`);

export const formatValueName = (name: string): string => (name === '' ? '@' : `"${escapeRegString(name)}"`);

/**
 * REG_SZ data that reads back identically from the `"..."` form: UTF-16 with exactly one terminating NUL,
 * no other NUL, no line breaks and no lone surrogates. Anything else is written as `hex(1):` so that an
 * import gives the same bytes.
 */
function stringForm(data: Buffer): string | undefined {
  if (data.length < 2 || data.length % 2 !== 0 || data[data.length - 1] !== 0 || data[data.length - 2] !== 0) return undefined;
  const text = data.toString('utf16le', 0, data.length - 2);
  if (/[\0\r\n]/.test(text)) return undefined;
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return undefined;
  return text;
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/** Hex bytes written straight into a Buffer: one flat string per value, no per-byte string garbage. */
function hexData(prefix: string, lineLength: number, data: Buffer): string {
  const out = Buffer.allocUnsafe(prefix.length + data.length * 3 + Math.ceil(data.length / 25) * 5 + 8);
  let pos = out.write(prefix, 0, 'latin1');
  let length = lineLength + prefix.length;
  const last = data.length - 1;
  for (let i = 0; i < data.length; i++) {
    out[pos++] = HEX_DIGITS[data[i] >> 4];
    out[pos++] = HEX_DIGITS[data[i] & 15];
    if (i === last) break;
    out[pos++] = 0x2c; // ','
    length += 3;
    if (length >= MAX_HEX_CHARS) {
      out[pos++] = 0x5c; // '\'
      out[pos++] = 0x0d;
      out[pos++] = 0x0a;
      out[pos++] = 0x20;
      out[pos++] = 0x20;
      length = 2;
    }
  }
  return out.toString('latin1', 0, pos);
}

/** One value line (possibly continued over several lines), without the final CRLF. */
export function formatValue(value: RegValue): string {
  const head = `${formatValueName(value.name)}=`;
  if (value.type === RegType.SZ) {
    const text = stringForm(value.data);
    if (text !== undefined) return `${head}"${escapeRegString(text)}"`;
  }
  if (value.type === RegType.DWORD && value.data.length === 4) return `${head}dword:${value.data.readUInt32LE(0).toString(16).padStart(8, '0')}`;
  const prefix = value.type === RegType.BINARY ? 'hex:' : `hex(${(value.type >>> 0).toString(16)}):`;
  return head + hexData(prefix, head.length, value.data);
}

/** The `"name"=data` line(s) of a value as regedit writes them (no final CRLF); `"name"=-` when it is deleted. */
export const regValueLine = (name: string, value: RegValue | undefined): string =>
  value ? formatValue({...value, name}) : `${formatValueName(name)}=-`;

export const formatKeyLine = (fullPath: string, remove = false): string => `[${remove ? '-' : ''}${fullPath}]`;
