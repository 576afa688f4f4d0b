/**
 * Windows\Setup\State\State.ini mirrors the registry ImageState (docs/reference/setup-state.md#image-state):
 * `[State]` / `ImageState="..."`. Edited in place, keeping the file's encoding, line endings and other lines.
 */
import {readGeneralizeTemplate} from './package-files.js';

export interface StateIniEdit {
  bytes: Buffer;
  before?: string;
}

function decode(bytes: Buffer): {text: string; utf16: boolean} {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return {text: bytes.subarray(2).toString('utf16le'), utf16: true};
  return {text: bytes.toString('latin1'), utf16: false};
}

export function readImageState(bytes: Buffer): string | undefined {
  const match = /^[ \t]*ImageState[ \t]*=[ \t]*"?([^"\r\n]*)"?/im.exec(decode(bytes).text);
  return match?.[1];
}

/** New contents with ImageState set; undefined when the file already says so. */
export function setImageState(bytes: Buffer | undefined, state: string): StateIniEdit | undefined {
  if (!bytes) {
    const text = readGeneralizeTemplate('State.ini').replace(/IMAGE_STATE_[A-Z_]+/, state).replace(/\r?\n/g, '\r\n');
    return {bytes: Buffer.from(text, 'latin1')};
  }
  const before = readImageState(bytes);
  if (before === state) return undefined;
  const {text, utf16} = decode(bytes);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const line = `ImageState="${state}"`;
  let next: string;
  if (before !== undefined) next = text.replace(/^([ \t]*)ImageState[ \t]*=[^\r\n]*/im, (_m, indent: string) => `${indent}${line}`);
  else if (/^\[State\][ \t]*(?=\r?\n|$)/im.test(text)) next = text.replace(/^\[State\][ \t]*(?=\r?\n|$)/im, (header) => `${header}${eol}${line}`);
  else next = `${text}${text.length > 0 && !text.endsWith('\n') ? eol : ''}[State]${eol}${line}${eol}`;
  const out = utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(next, 'utf16le')]) : Buffer.from(next, 'latin1');
  return {bytes: out, before};
}
