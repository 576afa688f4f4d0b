/**
 * Which answer files an image carries and which one the next boot's specialize pass reads
 * (docs/reference/answer-files.md#implicit-search implicit search order), and a read-edit-stage helper over them.
 */
import type {Image} from '../image/types.js';
import {IMAGE_PATHS} from '../image/types.js';
import {nextSpecializeAnswerFile} from '../facts/setup-answer-file.js';
import {UnattendDoc, newUnattend, parseUnattend} from '../unattend/index.js';
import {childElements} from '../unattend/dom.js';
import type {Element} from '@xmldom/xmldom';
import type {OperationContext} from './types.js';
import {readString} from '../registry/index.js';

/** Answer files Windows may pick up (docs/reference/answer-files.md#implicit-search). */
export const ANSWER_FILE_LOCATIONS = [
  'Windows/Panther/Unattend/Unattend.xml',
  'Windows/Panther/Unattend/Autounattend.xml',
  IMAGE_PATHS.pantherUnattend,
  IMAGE_PATHS.sysprepUnattend,
  'Unattend.xml',
  'Autounattend.xml',
] as const;

const key = (p: string): string => p.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();

/** `C:\Windows\Panther\x.xml` or `%WINDIR%\x.xml` → an inner path; undefined when not inside the image. */
export function innerPathOfWindowsPath(windowsPath: string): string | undefined {
  let p = windowsPath.trim().replace(/\//g, '\\');
  if (p.startsWith('\\\\')) return undefined; // a UNC share is outside the image
  p = p.replace(/^%(windir|systemroot)%/i, 'Windows').replace(/^%systemdrive%/i, '');
  p = p.replace(/^[a-z]:/i, '').replace(/^\\+/, '');
  if (p.length === 0 || /^[a-z]:|%/i.test(p)) return undefined;
  return p.replace(/\\+/g, '/');
}

/** The in-image file SYSTEM\Setup\UnattendFile names (highest precedence, docs/reference/answer-files.md#implicit-search). */
export async function registeredAnswerFile(ctx: OperationContext): Promise<string | undefined> {
  const system = await ctx.image.hive(IMAGE_PATHS.systemHive);
  const value = readString(system?.getValue('Setup', 'UnattendFile'));
  return value ? innerPathOfWindowsPath(value) : undefined;
}

/** Answer files present in the image: known locations, SYSTEM\Setup\UnattendFile, and those inspect found. */
export async function existingAnswerFiles(ctx: OperationContext): Promise<string[]> {
  const candidates = [...ANSWER_FILE_LOCATIONS, ...ctx.facts.answerFiles.map((f) => f.path)];
  const registered = await registeredAnswerFile(ctx);
  if (registered) candidates.unshift(registered);
  const seen = new Set<string>();
  const found: string[] = [];
  for (const candidate of candidates) {
    if (seen.has(key(candidate))) continue;
    seen.add(key(candidate));
    if (await ctx.image.exists(candidate)) found.push(await spelledAsInImage(ctx.image, candidate));
  }
  return found;
}

/** The answer file the next specialize pass reads (src/facts/setup-answer-file.ts), in the image's spelling. */
export async function specializeAnswerFile(ctx: OperationContext): Promise<string> {
  const target = await nextSpecializeAnswerFile(ctx.image);
  return target.why === 'new' ? target.path : spelledAsInImage(ctx.image, target.path);
}

/** The image's own spelling of a path (the image is case-insensitive; reports keep its spelling). */
async function spelledAsInImage(image: Image, innerPath: string): Promise<string> {
  const parts = innerPath.replace(/\\/g, '/').split('/');
  const name = parts.pop()!;
  const dir = parts.join('/');
  const entries = await image.readdir(dir);
  const match = entries.find((e) => e.toLowerCase() === name.toLowerCase());
  return match ? (dir ? `${dir}/${match}` : match) : innerPath;
}

/**
 * Load an answer file (staged edits first), let `edit` change it and say what it changed, and stage the
 * file back only when something changed (so an unchanged file keeps every byte). With `create`, a missing
 * file starts from the empty template; otherwise a missing file is skipped (edit not called).
 */
export async function editAnswerFile<C>(image: Image, innerPath: string, create: boolean, edit: (doc: UnattendDoc, isNew: boolean) => C[]): Promise<C[]> {
  const bytes = await image.readFile(innerPath);
  if (!bytes && !create) return [];
  const doc = bytes ? parseUnattend(bytes, innerPath) : newUnattend(innerPath);
  const changes = edit(doc, !bytes);
  if (changes.length > 0) image.writeFile(innerPath, Buffer.from(doc.serialize(), 'utf8'));
  return changes;
}

/** Every descendant element with this local name. */
export function descendants(parent: Element, localName: string): Element[] {
  const found: Element[] = [];
  for (const child of childElements(parent)) {
    if (child.localName === localName) found.push(child);
    found.push(...descendants(child, localName));
  }
  return found;
}
