/** Header handling shared by the CSV readers: PowerShell's `#TYPE` line and case-insensitive names. */
import type {CsvRow} from '../csv.js';

/** Header key: case, spaces, underscores and hyphens do not matter ("Computer Name" = "computername"). */
export const headerKey = (name: string): string => name.replace(/[\s_-]/g, '').toLowerCase();

/** Windows PowerShell 5.1 Export-Csv writes `#TYPE <type name>` above the header unless -NoTypeInformation. */
export const isTypeLine = (row: CsvRow): boolean => row.fields.length === 1 && /^#TYPE\b/i.test(row.fields[0]);

/** Index of the first header matching one of `names` (already header keys), or -1. */
export function columnOf(headers: string[], names: readonly string[]): number {
  const keys = headers.map(headerKey);
  for (const name of names) {
    const at = keys.indexOf(name);
    if (at !== -1) return at;
  }
  return -1;
}
