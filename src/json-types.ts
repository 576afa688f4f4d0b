/**
 * Types that say more about a value in the `--json` schemas than TypeScript can. The schema generator
 * (scripts/schemas/) turns every `number` into JSON Schema's `number`; a field typed Integer becomes
 * `integer` (one `$defs/Integer` entry each schema refers to), so a pipeline validating the output knows a port,
 * a count or a build number is never fractional. To TypeScript it is a plain number: nothing changes at run time.
 */

/**
 * A whole number (a count, port, index, build number, size in bytes, registry DWORD, interval in minutes).
 * @asType integer
 */
export type Integer = number;
