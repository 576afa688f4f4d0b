/**
 * The files winprep may read from an image (inspect, validate, generalize, KMS configuration). A tar.gz
 * image spools these to a private temp dir during its one opening pass; anything else is read lazily.
 */
const SPOOLED_PREFIXES = [
  'windows/system32/config/',
  'windows/serviceprofiles/networkservice/ntuser.dat',
  'windows/panther/',
  'windows/system32/sysprep/',
  'windows/setup/',
  'windows/system32/kernel32.dll',
];

/** Answer files at the volume root (docs/reference/answer-files.md#implicit-search) are read too. */
const ROOT_FILE = /^[^/]+\.xml$/;

export function isSpooled(innerKey: string): boolean {
  if (ROOT_FILE.test(innerKey)) return true;
  if (innerKey.startsWith('windows/system32/config/')) return !innerKey.slice('windows/system32/config/'.length).includes('/');
  return SPOOLED_PREFIXES.some((prefix) => innerKey.startsWith(prefix));
}
