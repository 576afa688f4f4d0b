/**
 * Product-key helpers: the 5×5 format, GVLK lookup, and masking. GVLKs are published for everyone
 * (docs/reference/gvlk.md#gvlk-table) and shown whole; every other key (MAK, retail, KMS host key) is a secret and shown
 * only by its last 5 characters, as `slmgr /dli` does.
 */
import {GVLK_CATALOG, type GvlkRow} from './gvlk-catalog.js';

/** The base-24 digits of product keys; Windows 8+ keys also carry one `N` marking a position. */
export const KEY_ALPHABET = 'BCDFGHJKMPQRTVWXY2346789';

const FIVE_BY_FIVE = /^[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}$/;

/** Uppercase, typographic dashes to `-`, spaces dropped, 25 bare characters grouped 5×5. */
export function normalizeKey(key: string): string {
  const text = key
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, '');
  if (/^[A-Z0-9]{25}$/.test(text)) return text.match(/.{5}/g)!.join('-');
  return text;
}

/** True for 5 groups of 5 characters of the key alphabet (plus at most one `N`), after normalizing. */
export function isProductKeyFormat(key: string): boolean {
  const text = normalizeKey(key);
  if (!FIVE_BY_FIVE.test(text)) return false;
  const digits = text.replace(/-/g, '');
  const nCount = [...digits].filter((c) => c === 'N').length;
  return nCount <= 1 && [...digits].every((c) => c === 'N' || KEY_ALPHABET.includes(c));
}

/** The catalog rows of a published GVLK (several when Windows 10 and 11 or LTSC years share it); [] otherwise. */
export function findGvlk(key: string): GvlkRow[] {
  const text = normalizeKey(key);
  return GVLK_CATALOG.filter((row) => row.key === text);
}

export const isGvlk = (key: string): boolean => findGvlk(key).length > 0;

const MASK = 'XXXXX-XXXXX-XXXXX-XXXXX-';

/** `XXXXX-XXXXX-XXXXX-XXXXX-T83GX`: only the last 5 characters; anything too short to mask safely is hidden whole. */
export function maskKey(key: string): string {
  const text = normalizeKey(key).replace(/-/g, '');
  if (text.length < 10) return `${MASK}XXXXX`;
  return `${MASK}${text.slice(-5)}`;
}

/** The form to show a key in any output: published GVLKs whole, everything else masked. */
export function displayKey(key: string): string {
  return isGvlk(key) ? normalizeKey(key) : maskKey(key);
}
