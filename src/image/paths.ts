/**
 * Inner paths of an image: relative to the volume root, `/` or `\` separated, compared case-insensitively
 * like Windows. Library callers pass user-ish spellings; the layers resolve them to the image's own spelling.
 */
import {badInput} from '../errors.js';

/** Split an inner path into components, dropping empty and `.` parts; `..` is refused (never escape the root). */
export function splitInnerPath(innerPath: string): string[] {
  const parts = innerPath.split(/[\\/]+/).filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw badInput(`inner path "${innerPath}" contains "..": paths stay inside the image`);
  return parts;
}

/** Canonical spelling for display and for staging keys' original casing: `a/b/c`, no leading slash. */
export const normalizeInnerPath = (innerPath: string): string => splitInnerPath(innerPath).join('/');

/** The case-folded key of an inner path (Windows compares names case-insensitively). */
export const innerKey = (innerPath: string): string => normalizeInnerPath(innerPath).toLowerCase();

export const parentOf = (innerPath: string): string => {
  const parts = splitInnerPath(innerPath);
  return parts.slice(0, -1).join('/');
};

export const baseName = (innerPath: string): string => {
  const parts = splitInnerPath(innerPath);
  return parts.at(-1) ?? '';
};

/** True when `innerPath` is `dir` itself or lies below it ('' is the root and contains everything). */
export function isUnder(innerPath: string, dir: string): boolean {
  const key = innerKey(innerPath);
  const dirKey = innerKey(dir);
  return dirKey === '' || key === dirKey || key.startsWith(`${dirKey}/`);
}
