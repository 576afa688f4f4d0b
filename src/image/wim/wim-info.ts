/** The images of a WIM file and their XML metadata (docs/reference/wim.md#xml-metadata), via `wimlib-imagex info --xml`. */
import {DOMParser, type Element} from '@xmldom/xmldom';

import {badInput, usageError} from '../../errors.js';
import {didYouMean} from '../../suggest.js';
import type {WimImageRef} from '../types.js';
import type {Integer} from '../../json-types.js';
import {runWimlib} from './wim-tool.js';

export interface WimImageInfo {
  index: Integer;
  name: string;
  description?: string;
  /** WINDOWS/EDITIONID */
  edition?: string;
  productName?: string;
  installationType?: string;
  /** FLAGS (wimlib and DISM set it to the edition at capture) */
  flags?: string;
  /** WINDOWS/ARCH as a name: 0 x86, 5 arm, 6 ia64, 9 amd64, 12 arm64 (docs/reference/wim.md#xml-metadata) */
  architecture?: string;
  /** WINDOWS/VERSION/BUILD */
  build?: Integer;
}

const WIM_ARCH: Record<string, string> = {'0': 'x86', '5': 'arm', '6': 'ia64', '9': 'amd64', '12': 'arm64'};

export async function listWimImages(wim: string): Promise<WimImageInfo[]> {
  const {stdout} = await runWimlib(['info', wim, '--xml'], {file: wim});
  return parseWimXml(decodeXml(stdout), wim);
}

/** The XML is UTF-16LE with a BOM (docs/reference/wim.md#layout); tolerate UTF-8 too. */
export function decodeXml(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length > 1 && bytes[1] === 0) return bytes.toString('utf16le');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

export function parseWimXml(xml: string, file: string): WimImageInfo[] {
  let doc;
  try {
    doc = new DOMParser({onError: () => undefined}).parseFromString(xml, 'text/xml');
  } catch {
    throw badInput('unreadable WIM XML metadata', {file, code: 'WIM_XML'});
  }
  const images: WimImageInfo[] = [];
  const nodes = doc.getElementsByTagName('IMAGE');
  for (let i = 0; i < nodes.length; i++) {
    const image = nodes.item(i)!;
    const index = Number(image.getAttribute('INDEX'));
    if (!Number.isInteger(index) || index < 1) continue;
    const windows = child(image, 'WINDOWS');
    images.push({
      index,
      name: text(child(image, 'NAME')) ?? '',
      description: text(child(image, 'DESCRIPTION')),
      edition: text(windows && child(windows, 'EDITIONID')),
      productName: text(windows && child(windows, 'PRODUCTNAME')),
      installationType: text(windows && child(windows, 'INSTALLATIONTYPE')),
      flags: text(child(image, 'FLAGS')),
      architecture: archName(text(windows && child(windows, 'ARCH'))),
      ...buildOf(windows),
    });
  }
  return images.sort((a, b) => a.index - b.index);
}

function child(parent: Element, name: string): Element | undefined {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).tagName === name) return node as Element;
  }
  return undefined;
}

const text = (element: Element | undefined): string | undefined => {
  const value = element?.textContent?.trim();
  return value ? value : undefined;
};

export const describeImages = (images: WimImageInfo[]): string =>
  images.map((image) => `${image.index}: ${image.name}${image.edition ? ` (${image.edition})` : ''}`).join('; ');

function archName(code: string | undefined): string | undefined {
  return code === undefined ? undefined : (WIM_ARCH[code.trim()] ?? `unknown (${code.trim()})`);
}

/**
 * The image `ref` names: a number is the 1-based index; a name matches NAME exactly, else ignoring case
 * (winprep's own rule, not a documented DISM behaviour: an exact spelling always wins), and only when one image has it. No ref: the only
 * image, or a usage error listing them (exit 2) so that nothing is ever guessed in a multi-image WIM.
 */
export function pickWimImage(wim: string, images: WimImageInfo[], ref: WimImageRef | undefined): WimImageInfo {
  if (images.length === 0) throw usageError(`${wim} holds no images`);
  if (ref === undefined) {
    if (images.length === 1) return images[0]!;
    throw usageError(`${wim} holds ${images.length} images; choose one with --index (number or name): ${describeImages(images)}`, {
      code: 'WIM_IMAGE_REQUIRED',
      hint: `e.g. --index ${images[0]!.index} or --index "${images[0]!.name}"; image inspect ${wim} lists them`,
    });
  }
  if (typeof ref === 'number') {
    // An image may be named with digits only ("2019"): the number is an index first, as wimlib reads it, then a name.
    const found = images.find((image) => image.index === ref) ?? images.find((image) => image.name === String(ref));
    if (!found) throw usageError(`${wim} has no image ${ref}; images: ${describeImages(images)}`, {code: 'WIM_IMAGE_NOT_FOUND'});
    return found;
  }
  const exact = images.filter((image) => image.name === ref);
  const matches = exact.length > 0 ? exact : images.filter((image) => image.name.toLowerCase() === ref.toLowerCase());
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw usageError(`${wim} has ${matches.length} images named "${ref}" (${matches.map((image) => image.index).join(', ')}); choose one by number with --index`, {code: 'WIM_IMAGE_NOT_FOUND'});
  }
  throw usageError(`${wim} has no image named "${ref}"${didYouMean(ref, images.map((image) => image.name))}; images: ${describeImages(images)}`, {code: 'WIM_IMAGE_NOT_FOUND'});
}

function buildOf(windows: Element | undefined): {build?: number} {
  const version = windows && child(windows, 'VERSION');
  const build = Number(text(version && child(version, 'BUILD')));
  return Number.isInteger(build) && build > 0 ? {build} : {};
}
