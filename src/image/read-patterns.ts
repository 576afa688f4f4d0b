/**
 * The files a run will read, declared by whoever reads them (facts, generalize operations, validate rules, KMS
 * configuration), so that an image whose reads are costly prefetches exactly those in one pass: a compressed
 * tar spools them while it is decompressed once, a WIM extracts them in one wimlib call. The image layer
 * itself knows no Windows path. A read nobody declared still works, only slower (one more pass), and is
 * recorded (StagedImage.unplannedReads) so that tests catch a missing declaration.
 *
 * A pattern is an inner path, `/`-separated and case-insensitive like the image's paths: `*` matches within one
 * segment (`Windows/System32/config/*`), a segment `**` matches any number of segments (`Windows/Panther/**`).
 */
export type ReadPattern = string;

/** A predicate over inner keys (src/image/paths.ts innerKey: lower case, `/`-separated, no leading `/`). */
export type ReadMatcher = (innerKey: string) => boolean;

const escape = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

function patternSource(pattern: ReadPattern): string {
  const segments = pattern.replaceAll('\\', '/').replace(/^\/+/, '').toLowerCase().split('/');
  let source = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      // Any number of segments, including none: `a/**` matches `a/b` and `a/b/c`; `a/**/x` matches `a/x`.
      source += last ? '(?:[^/]+(?:/[^/]+)*)?' : '(?:[^/]+/)*';
      return;
    }
    source += segment.split('*').map(escape).join('[^/]*') + (last ? '' : '/');
  });
  return source;
}

/** One matcher for a set of patterns; no patterns match nothing. */
export function readMatcher(patterns: readonly ReadPattern[] = []): ReadMatcher {
  if (patterns.length === 0) return () => false;
  const regex = new RegExp(`^(?:${patterns.map(patternSource).join('|')})$`);
  return (innerKey) => regex.test(innerKey);
}
