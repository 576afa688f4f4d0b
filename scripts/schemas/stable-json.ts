/**
 * JSON text of a schema with a fixed key order, so regenerating an unchanged type gives the same bytes and a
 * changed one a small diff: JSON Schema keywords in a conventional order, then names (properties, $defs) sorted.
 */
const KEYWORD_ORDER = [
  '$schema', '$id', '$comment', 'title', 'description', '$ref', 'type', 'const', 'enum', 'format', 'pattern',
  'minimum', 'maximum', 'items', 'properties', 'required', 'additionalProperties', 'anyOf', 'oneOf', 'allOf',
  'if', 'then', 'else', '$defs',
];

const rank = (key: string): number => {
  const at = KEYWORD_ORDER.indexOf(key);
  return at === -1 ? KEYWORD_ORDER.length : at;
};

const byKeyword = (a: string, b: string): number => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Maps whose keys are names, not keywords: their keys sort alphabetically. */
const NAME_MAPS = new Set(['properties', '$defs', 'patternProperties']);

function canonical(value: unknown, keysAreNames = false): unknown {
  if (Array.isArray(value)) return value.map((item) => canonical(item));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  entries.sort(([a], [b]) => (keysAreNames ? byName(a, b) : byKeyword(a, b)));
  return Object.fromEntries(
    entries.map(([key, item]) => {
      if (!keysAreNames && key === 'required' && Array.isArray(item)) return [key, [...(item as string[])].sort(byName)];
      return [key, canonical(item, !keysAreNames && NAME_MAPS.has(key))];
    }),
  );
}

export const stableJson = (schema: unknown): string => `${JSON.stringify(canonical(schema), null, 2)}\n`;
