/**
 * Which product key goes into the image: `auto` picks the published GVLK of the image's EditionID and build
 * (docs/reference/gvlk.md#gvlk-table); an explicit GVLK is checked against the image's edition, so a key of another edition is
 * refused before Windows Setup would fail on it (docs/reference/answer-files.md#settings: an invalid key makes Setup fail).
 */
import {badInput} from '../errors.js';
import type {OsFacts} from '../facts/facts.js';
import {type GvlkRow, buildInRange, findGvlk, gvlkFor, maskKey, sameText} from '../licensing/index.js';

export interface KeyChoice {
  key: string;
  source: 'catalog' | 'given';
  row?: GvlkRow;
  warnings: string[];
}

const rowNames = (rows: GvlkRow[]): string => [...new Set(rows.map((r) => r.name))].slice(0, 6).join('; ');

export function chooseProductKey(option: {auto: true} | {auto: false; key: string}, os: OsFacts): KeyChoice {
  return option.auto ? catalogKey(os) : givenKey(option.key, os);
}

function catalogKey(os: OsFacts): KeyChoice {
  if (!os.editionId || os.build === undefined) {
    throw badInput('--key auto cannot pick a GVLK: the image has no EditionID or CurrentBuild in its SOFTWARE hive; give --key <GVLK>', {
      code: 'GVLK_NO_EDITION',
    });
  }
  const match = gvlkFor({editionId: os.editionId, build: os.build, kind: os.kind});
  if (!match.found) {
    const near = match.candidates.length > 0 ? `; nearest rows: ${rowNames(match.candidates)}` : '';
    throw badInput(`--key auto: ${match.reason}${near}`, {code: 'GVLK_NO_MATCH', hint: 'see `winprep kms keys` and give --key <GVLK>'});
  }
  return {key: match.row.key, source: 'catalog', row: match.row, warnings: []};
}

function givenKey(key: string, os: OsFacts): KeyChoice {
  const rows = findGvlk(key);
  if (rows.length === 0) {
    return {
      key,
      source: 'given',
      warnings: [`--key ${maskKey(key)} is not a published GVLK; it is written as given (KMS activation needs a GVLK)`],
    };
  }
  if (!os.editionId) {
    return {key, source: 'given', row: rows[0], warnings: ['the image has no EditionID, so --key could not be checked against its edition']};
  }
  const editionId = os.editionId;
  const sameEdition = rows.filter((row) => row.editionIds.some((id) => sameText(id, editionId)));
  const fits = sameEdition.filter((row) => os.build === undefined || buildInRange(row.builds, os.build));
  if (fits.length === 0) {
    throw badInput(
      `--key ${key} is the GVLK of ${rowNames(rows)}, not of this image (EditionID ${editionId}, build ${os.build ?? 'unknown'})`,
      {code: 'GVLK_OTHER_EDITION', hint: 'use --key auto, or see `winprep kms keys --edition ' + editionId + '`'},
    );
  }
  return {key, source: 'given', row: fits[0], warnings: []};
}
