/**
 * Answer files an offline image would pick up, in Setup's implicit search order (docs/reference/answer-files.md#implicit-search), each with
 * the settings that matter for cloning: SkipRearm, ComputerName, product keys, plain-text passwords.
 */
import type {Element} from '@xmldom/xmldom';

import {isWinprepError} from '../../errors.js';
import {displayKey, isGvlk} from '../../licensing/index.js';
import type {HiveApi} from '../../registry/types.js';
import {childElements} from '../../unattend/dom.js';
import {parseUnattend, type UnattendDoc} from '../../unattend/index.js';
import type {AnswerFileFacts} from '../facts.js';
import {IMAGE_PATHS, type Image} from '../../image/types.js';
import {readString} from './values.js';

/** Components that hold SkipRearm: Security-SPP (7+), Security-Licensing-SLC (Vista) — docs/reference/generalization.md#rearm. */
const SKIP_REARM_COMPONENTS = ['Microsoft-Windows-Security-SPP', 'Microsoft-Windows-Security-Licensing-SLC'];
const SHELL_SETUP = 'Microsoft-Windows-Shell-Setup';
const SETUP = 'Microsoft-Windows-Setup';

/** A found answer file's facts plus the raw keys (kept in memory only, for the licensing verdict). */
export interface FoundAnswerFile {
  facts: AnswerFileFacts;
  rawProductKeys: {pass: string; key: string}[];
}

/** Inner paths to look at, highest precedence first, without duplicates (case-insensitive). */
export async function answerFileLocations(image: Image, system: HiveApi): Promise<{path: string; viaRegistry: boolean}[]> {
  const found: {path: string; viaRegistry: boolean}[] = [];
  const add = (path: string, viaRegistry = false): void => {
    if (!found.some((f) => f.path.toLowerCase() === path.toLowerCase())) found.push({path, viaRegistry});
  };
  const registered = readString(system, 'Setup', 'UnattendFile');
  const registeredInner = registered ? innerPathOf(registered) : undefined;
  if (registeredInner) add(registeredInner, true);
  const pantherUnattendDir = `${IMAGE_PATHS.pantherDir}/Unattend`;
  for (const name of (await image.readdir(pantherUnattendDir)).sort()) {
    if (/\.xml$/i.test(name)) add(`${pantherUnattendDir}/${name}`);
  }
  for (const path of [IMAGE_PATHS.pantherUnattend, IMAGE_PATHS.sysprepUnattend, 'Autounattend.xml', 'Unattend.xml']) {
    if (await image.exists(path)) add(await spelledAsInImage(image, path));
  }
  return found;
}

/**
 * SYSTEM\Setup\UnattendFile holds a Windows path (`C:\Windows\Panther\x.xml`, `%WINDIR%\…`); the image is the
 * system volume, so drive letter and %WINDIR% map to its root. Other places (UNC shares) are not in the image.
 */
export function innerPathOf(windowsPath: string): string | undefined {
  let text = windowsPath.trim().replace(/^"(.*)"$/, '$1');
  if (text.startsWith('\\\\')) return undefined;
  text = text.replace(/^%(windir|systemroot)%/i, '\\Windows').replace(/^%systemdrive%/i, '');
  text = text.replace(/^[A-Za-z]:/, '');
  const parts = text.split(/[\\/]+/).filter((part) => part.length > 0);
  if (parts.length === 0 || parts.some((part) => part === '..' || part.includes('%'))) return undefined;
  return parts.join('/');
}

/** The image's own spelling of a path that exists (inspect output shows what is there). */
async function spelledAsInImage(image: Image, path: string): Promise<string> {
  const slash = path.lastIndexOf('/');
  const dir = slash === -1 ? '' : path.slice(0, slash);
  const base = path.slice(slash + 1).toLowerCase();
  const name = (await image.readdir(dir)).find((entry) => entry.toLowerCase() === base);
  return name ? (dir ? `${dir}/${name}` : name) : path;
}

export async function readAnswerFile(image: Image, location: {path: string; viaRegistry: boolean}): Promise<FoundAnswerFile> {
  const bytes = await image.readFile(location.path);
  const empty = {passes: [], architectures: [], skipRearm: [], computerNames: [], productKeys: [], plainTextPasswords: 0};
  if (bytes === undefined) {
    return {facts: {path: location.path, wellFormed: false, error: 'SYSTEM\\Setup\\UnattendFile names this file, but it is missing', ...empty}, rawProductKeys: []};
  }
  let doc: UnattendDoc;
  try {
    doc = parseUnattend(bytes, location.path);
  } catch (error) {
    if (!isWinprepError(error)) throw error;
    return {facts: {path: location.path, wellFormed: false, error: error.message, ...empty}, rawProductKeys: []};
  }
  return analyze(doc, location.path);
}

function analyze(doc: UnattendDoc, path: string): FoundAnswerFile {
  const components = doc.components();
  const architectures = [...new Set(components.map((c) => c.arch).filter((arch) => arch !== ''))];
  const skipRearm: {pass: string; value: string; processed?: boolean}[] = [];
  const computerNames: {pass: string; value: string}[] = [];
  const rawProductKeys: {pass: string; key: string}[] = [];
  for (const component of components) {
    const setting = (name: string): string | undefined => {
      const element = childByName(component.element, name);
      return element && childElements(element).length === 0 ? (element.textContent ?? '').trim() : undefined;
    };
    if (SKIP_REARM_COMPONENTS.includes(component.name)) {
      const value = setting('SkipRearm');
      if (value !== undefined) skipRearm.push({pass: component.pass, value, ...(component.processed ? {processed: true} : {})});
    }
    if (component.name === SHELL_SETUP) {
      const name = setting('ComputerName');
      if (name !== undefined) computerNames.push({pass: component.pass, value: name});
      const key = setting('ProductKey');
      if (key) rawProductKeys.push({pass: component.pass, key});
    }
    if (component.name === SETUP) {
      // windowsPE: UserData\ProductKey\Key selects the edition (docs/reference/answer-files.md#settings).
      const productKey = childByName(childByName(component.element, 'UserData'), 'ProductKey');
      const key = childByName(productKey, 'Key')?.textContent?.trim();
      if (key) rawProductKeys.push({pass: component.pass, key});
    }
  }
  const root = doc.document.documentElement;
  const plainTextPasswords = root ? descendants(root).filter((e) => e.localName === 'PlainText' && (e.textContent ?? '').trim().toLowerCase() === 'true').length : 0;
  return {
    facts: {
      path,
      wellFormed: true,
      passes: doc.passes(),
      architectures,
      skipRearm,
      computerNames,
      productKeys: rawProductKeys.map(({pass, key}) => ({pass, value: displayKey(key), isGvlk: isGvlk(key)})),
      plainTextPasswords,
    },
    rawProductKeys,
  };
}

const childByName = (element: Element | undefined, name: string): Element | undefined => (element ? childElements(element, name)[0] : undefined);

function descendants(element: Element): Element[] {
  const out: Element[] = [];
  for (const child of childElements(element)) out.push(child, ...descendants(child));
  return out;
}
