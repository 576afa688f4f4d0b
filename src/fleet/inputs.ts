/**
 * Open the audit inputs: detect each file's format from its content (images by their first bytes, or a
 * folder holding Windows\), and give its records as a stream. Unreadable paths and files of no known
 * format are bad input (exit 3), except inside a folder of inputs, where such files are skipped.
 */
import type {Stats} from 'node:fs';
import {open, readdir, realpath, stat} from 'node:fs/promises';
import path from 'node:path';

import {badInput, isWinprepError, unreadableReason} from '../errors.js';
import {classifyHead} from '../image/detect.js';
import {sniffDelimiter} from './csv.js';
import {headerKey} from './readers/header.js';
import {readEventsCsv} from './readers/events-csv.js';
import {readFingerprints, recordFromFingerprint} from './readers/fingerprint-json.js';
import {readSlmgrDlv} from './readers/slmgr-dlv.js';
import {INVENTORY_COLUMNS, readInventoryCsv} from './readers/inventory-csv.js';
import {readHead, readTextChunks} from './text-stream.js';
import type {InputFormat, ReaderItem} from './types.js';

export interface OpenedInput {
  file: string;
  format: InputFormat;
  items: () => AsyncIterable<ReaderItem>;
}

export interface SkippedInput {
  file: string;
  reason: string;
}

const SLMGR_MARKERS = /Client Machine ID \(CMID\)|Software licensing service version|^\s*License Status:/im;

/**
 * Open every input: files by content, folders holding `Windows\` as images, other folders as the files
 * in them (files there of no known format are skipped, not fatal). The same file named twice is read once.
 */
export async function openInputs(paths: string[]): Promise<{inputs: OpenedInput[]; skipped: SkippedInput[]}> {
  const inputs: OpenedInput[] = [];
  const skipped: SkippedInput[] = [];
  const seen = new Set<string>();
  const once = async (file: string): Promise<boolean> => {
    const real = await realpath(file);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
  for (const input of paths) {
    const info = await statInput(input);
    if (!info.isDirectory()) {
      if (await once(input)) inputs.push(await openInput(input));
      continue;
    }
    const entries = await readdir(input, {withFileTypes: true});
    if (entries.some((e) => e.isDirectory() && e.name.toLowerCase() === 'windows')) {
      if (await once(input)) inputs.push({file: input, format: 'image', items: () => imageItems(input)});
      continue;
    }
    const files = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => path.join(input, e.name)).sort();
    if (files.length === 0) throw badInput(`${input}: neither a Windows image nor a folder of audit inputs`, {file: input, code: 'INPUT_FORMAT'});
    for (const file of files) {
      if (!(await once(file))) continue;
      try {
        inputs.push(await openInput(file));
      } catch (error) {
        if (!isWinprepError(error) || error.code !== 'INPUT_FORMAT') throw error;
        skipped.push({file, reason: 'not a known input format'});
      }
    }
  }
  return {inputs, skipped};
}

/** Open one file (or image folder) as an input, detecting its format from content. */
export async function openInput(file: string): Promise<OpenedInput> {
  const info = await statInput(file);
  if (info.isDirectory()) return {file, format: 'image', items: () => imageItems(file)};
  if (await isImageFile(file)) return {file, format: 'image', items: () => imageItems(file)};
  const head = await readHead(file);
  const format = detectFormat(head);
  if (!format) {
    throw badInput(`${file}: not a fingerprint, slmgr /dlv text, event 12290 export (CSV or XML), CSV inventory or image`, {
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
    // Loaded on demand: the XML parser costs ~6 MB of memory that CSV and text audits do not need.
    'events-xml': () => loadedItems(async () => (await import('./readers/events-xml.js')).readEventsXml(readTextChunks(file))),
    'inventory-csv': () => readInventoryCsv(readTextChunks(file), delimiter),
  };
  return {file, format, items: readers[format]};
}

async function statInput(file: string): Promise<Stats> {
  try {
    return await stat(file);
  } catch (error) {
    throw badInput(`${file}: ${unreadableReason(error)}`, {file, code: 'INPUT_UNREADABLE'});
  }
}

/** WIM, tar and tar.gz images are recognized by their first bytes, as the image layer does. */
async function isImageFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const {bytesRead} = await handle.read(head, 0, 512, 0);
    classifyHead(head.subarray(0, bytesRead), file);
    return true;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
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

async function* loadedItems(load: () => Promise<AsyncIterable<ReaderItem>>): AsyncGenerator<ReaderItem> {
  yield* await load();
}

async function* imageItems(path: string): AsyncGenerator<ReaderItem> {
  // Loaded on demand: the image layer is only needed when an input is an image.
  const {fingerprintImage} = await import('./fingerprint-image.js');
  yield recordFromFingerprint(await fingerprintImage(path), 0);
}
