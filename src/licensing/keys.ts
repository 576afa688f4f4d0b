/** `kms keys`: the GVLK catalog filtered by edition, product and build. */
import {badInput} from '../errors.js';
import {type CatalogFilter, type GvlkRow, GVLK_CATALOG, catalogRows} from './gvlk-catalog.js';

export interface KeysResult {
  filter: CatalogFilter;
  rows: GvlkRow[];
}

/** Matching catalog rows; a filter that matches nothing is bad input naming the flag, so typos don't pass silently. */
export function listGvlks(filter: CatalogFilter = {}): KeysResult {
  const rows = catalogRows(filter);
  if (rows.length === 0) {
    const given = Object.entries(filter)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `--${name} ${value}`)
      .join(' ');
    const editionIds = [...new Set(GVLK_CATALOG.flatMap((row) => row.editionIds))].sort();
    throw badInput(`no published GVLK matches ${given}`, {
      code: 'NO_GVLK',
      hint: `EditionIDs in the catalog: ${editionIds.join(', ')}`,
    });
  }
  return {filter, rows};
}
