/**
 * Where Windows mounts a hive, so that a `.reg` exported on Windows imports as it is (issue 3 item 4):
 * SYSTEM → HKEY_LOCAL_MACHINE\SYSTEM, and likewise SOFTWARE, SAM, SECURITY. Other hives need a prefix.
 */
import {upcaseName} from './names.js';

const MACHINE_HIVES = new Set(['SYSTEM', 'SOFTWARE', 'SAM', 'SECURITY']);

const ROOT_ALIASES: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKU: 'HKEY_USERS',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

/** The mount prefix for a hive file name, or undefined when the name is not a machine hive's. */
export function mountPrefixFor(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const upper = base.toUpperCase();
  return MACHINE_HIVES.has(upper) ? `HKEY_LOCAL_MACHINE\\${upper}` : undefined;
}

/**
 * The mount prefix for the file name Windows stores in a hive's base block (its last 31 characters, e.g.
 * `\SystemRoot\System32\Config\SOFTWARE` or `…em32\config\SYSTEM`): the last path component names
 * the hive. Suhanov's format specification documents the field (base block offset 48, "File name").
 */
export function mountPrefixForStoredName(storedName: string): string | undefined {
  const last = storedName.split('\\').pop() ?? '';
  return last === '' ? undefined : mountPrefixFor(last);
}

/**
 * Where regedit shows a hive of an offline image, for the .reg text of a change report: machine hives as
 * mountPrefixFor says, the NetworkService profile's NTUSER.DAT under HKEY_USERS\S-1-5-20 (where the KMS
 * client caches its host, docs/reference/generalization.md#kms-host-cache), any other NTUSER.DAT as HKEY_CURRENT_USER, and any other hive file
 * (COMPONENTS, DEFAULT, …) as HKEY_LOCAL_MACHINE\<NAME>, the name regedit's Load Hive suggests.
 * Unlike mountPrefixFor it always answers: the report names the hive file beside it.
 */
export function mountPrefixForHive(innerPath: string): string {
  const base = innerPath.split(/[\\/]/).pop()!.toUpperCase();
  if (base === 'NTUSER.DAT') return /serviceprofiles[\\/]networkservice[\\/]/i.test(innerPath) ? 'HKEY_USERS\\S-1-5-20' : 'HKEY_CURRENT_USER';
  return mountPrefixFor(innerPath) ?? `HKEY_LOCAL_MACHINE\\${base}`;
}

/** Expand a leading HKLM/HKCU/… abbreviation and drop surrounding backslashes. */
export function normalizeRegPath(regPath: string): string {
  const trimmed = regPath.replace(/^\\+|\\+$/g, '');
  const first = trimmed.split('\\', 1)[0];
  const alias = ROOT_ALIASES[first.toUpperCase()];
  return alias ? alias + trimmed.slice(first.length) : trimmed;
}

/** The path below the mount prefix (`''` for the hive root), or undefined when outside it. */
export function stripMountPrefix(regPath: string, mountPrefix: string): string | undefined {
  const full = normalizeRegPath(regPath);
  const prefix = normalizeRegPath(mountPrefix);
  if (prefix === '') return full;
  const head = full.slice(0, prefix.length);
  if (upcaseName(head) !== upcaseName(prefix)) return undefined;
  if (full.length === prefix.length) return '';
  return full[prefix.length] === '\\' ? full.slice(prefix.length + 1) : undefined;
}
