/**
 * Open one audit input: detect its format from its content (images from being a folder or an archive),
 * and return its records as a stream. Unreadable files and unknown formats are bad input (exit 3).
 */
import {stat} from 'node:fs/promises';

import {badInput} from '../errors.js';
import {sniffDelimiter} from './csv.js';
import {headerKey} from './readers/header.js';
import {INVENTORY_COLUMNS} from './readers/inventory-csv.js';
import {readEventsCsv} from './readers/events-csv.js';
import {readEventsXml} from './readers/events-xml.js';
import {readFingerprints, recordFromFingerprint} from './readers/fingerprint-json.js';
import {readSlmgrDlv} from './readers/slmgr-dlv.js';
import {readInventoryCsv} from './readers/inventory-csv.js';
import {readHead, readTextChunks} from './text-stream.js';
import type {InputFormat, ReaderItem} from './types.js';

export interface OpenedInput {
  file: string;
  format: InputFormat;
  items: () => AsyncIterable<ReaderItem>;
}

const IMAGE_FILE = /\.(wim|esd|tar|tgz|tar\.gz)$/i;
const SLMGR_MARKERS = /Client Machine ID \(CMID\)|Software licensing service version|^\s*License Status:/im;

export async function openInput(file: string): Promise<OpenedInput> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw badInput(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {file, code: 'INPUT_UNREADABLE'});
  }
  if (info.isDirectory() || IMAGE_FILE.test(file)) return {file, format: 'image', items: () => imageItems(file)};
  const head = await readHead(file);
  const format = detectFormat(head);
  if (!format) {
    throw badInput(`${file}: not a fingerprint, slmgr /dlv text, event 12290 export (CSV or XML) or CSV inventory`, {
      file,
      code: 'INPUT_FORMAT',
      hint: 'CSV inventories need a header row naming at least one of ComputerName, CMID, MachineGuid, MachineSid, SusClientId, DUID',
    });
  }
  const delimiter = sniffDelimiter(headerLine(head));
  const readers: Record<Exclude<InputFormat, 'image'>, () => AsyncIterable<ReaderItem>> = {
    fingerprint: () => readFingerprints(readTextChunks(file)),
    'slmgr-dlv': () => readSlmgrDlv(readTextChunks(file)),
    'events-csv': () => readEventsCsv(readTextChunks(file), delimiter),
    'events-xml': () => readEventsXml(readTextChunks(file)),
    'inventory-csv': () => readInventoryCsv(readTextChunks(file), delimiter),
  };
  return {file, format, items: readers[format]};
}

/** The format of a text input from its first few kilobytes, or undefined. */
export function detectFormat(head: string): Exclude<InputFormat, 'image'> | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'fingerprint';
  if (text.startsWith('<')) return /<Event[\s>]/.test(text) ? 'events-xml' : undefined;
  if (SLMGR_MARKERS.test(text)) return 'slmgr-dlv';
  const header = headerLine(text);
  const delimiter = sniffDelimiter(header);
  const keys = header.split(delimiter).map((name) => headerKey(name.replace(/"/g, '')));
  if (keys.includes('message') && (keys.includes('id') || keys.includes('timecreated'))) return 'events-csv';
  const identityAliases = Object.entries(INVENTORY_COLUMNS)
    .filter(([name]) => name !== 'lastActivation' && name !== 'os')
    .flatMap(([, aliases]) => aliases);
  if (keys.some((key) => identityAliases.includes(key))) return 'inventory-csv';
  return undefined;
}

/** The CSV header: the first line that is not PowerShell's `#TYPE` line. */
function headerLine(text: string): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return lines.find((line) => line.trim() && !/^#TYPE\b/i.test(line)) ?? '';
}

async function* imageItems(path: string): AsyncGenerator<ReaderItem> {
  // Loaded on demand: the image layer is only needed when an input is an image.
  const {fingerprintImage} = await import('./fingerprint-image.js');
  yield recordFromFingerprint(await fingerprintImage(path), 0);
}
