/** Read an answer file into a DOM with a real XML parser; malformed files fail with the file and line. */
import {DOMParser, type Document} from '@xmldom/xmldom';

import {badInput, printableExcerpt} from '../errors.js';

/** Answer files are UTF-8 (Windows SIM) or UTF-16 with a byte-order mark (hand-saved in Notepad). */
export function decodeXml(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return swap16(bytes.subarray(2)).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0x3c && bytes[1] === 0x00) return bytes.toString('utf16le');
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function swap16(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return copy.swap16();
}

interface LocatedError {
  locator?: {lineNumber?: number; columnNumber?: number};
}

/** True when the text's lines end in CRLF (files saved by Windows System Image Manager or Notepad). */
export const usesCrlf = (xml: string | Buffer): boolean => (typeof xml === 'string' ? xml : decodeXml(xml)).includes('\r\n');

/** Parse XML text; any parser error (not only fatal ones) rejects the file, as Windows Setup would. */
export function parseXmlDocument(xml: string | Buffer, file: string): Document {
  const text = typeof xml === 'string' ? (xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml) : decodeXml(xml);
  let problem: string | undefined;
  const parser = new DOMParser({
    // XML 1.0 line ends only: xmldom's default also folds U+0085 and U+2028 (XML 1.1), which would alter values.
    normalizeLineEndings: (source) => source.replace(/\r\n?/g, '\n'),
    onError: (level, message) => {
      if (level === 'warning') return;
      problem ??= message;
      throw new Error(message);
    },
  });
  try {
    return parser.parseFromString(text, 'text/xml');
  } catch (error) {
    const line = (error as LocatedError).locator?.lineNumber;
    const where = line && line > 0 ? ` at line ${line}` : '';
    const what = printable((problem ?? (error as Error).message).replace(/\s+/g, ' ').trim());
    throw badInput(`malformed answer file${where}: ${what}`, {file, code: 'UNATTEND_MALFORMED', cause: error});
  }
}

/** xmldom quotes the offending text, which for a binary file is kilobytes of bytes: keep one printable line. */
const printable = (message: string): string => printableExcerpt(message);
