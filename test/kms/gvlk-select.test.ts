import assert from 'node:assert/strict';

import {WinprepError} from '../../src/errors.js';
import type {OsFacts} from '../../src/facts/facts.js';
import {chooseProductKey} from '../../src/kms/gvlk-select.js';

const os = (editionId: string | undefined, build: number | undefined, kind: 'client' | 'server' = 'client'): OsFacts => ({
  editionId,
  build,
  kind,
  architecture: 'amd64',
  licensingGeneration: build !== undefined && build < 7600 ? 'sl' : 'spp',
});

const refused = (fn: () => unknown, pattern: RegExp): void =>
  assert.throws(fn, (error: unknown) => error instanceof WinprepError && error.exitCode === 3 && pattern.test(error.message));

describe('kms GVLK selection', () => {
  it('--key auto picks the catalog GVLK of the edition and build', () => {
    assert.equal(chooseProductKey({auto: true}, os('Enterprise', 22631)).key, 'NPPR9-FWDCX-D2C8J-H872K-2YT43');
    assert.equal(chooseProductKey({auto: true}, os('Professional', 19045)).key, 'W269N-WFGWX-YVC9B-4J6C9-T83GX');
    assert.equal(chooseProductKey({auto: true}, os('Enterprise', 7601)).key, '33PXH-7Y6KF-2VJC9-XBBR8-HVTHH');
    assert.equal(chooseProductKey({auto: true}, os('Business', 6002)).key, 'YFKBB-PQJJV-G996G-VWGXY-2V3X8');
    assert.equal(chooseProductKey({auto: true}, os('ServerDatacenter', 20348, 'server')).key, 'WX4NM-KYWYW-QJJR4-XV3QB-6VM33');
    assert.equal(chooseProductKey({auto: true}, os('ServerStandard', 17763, 'server')).key, 'N69G4-B89J2-4G8F4-WWYCC-J464C');
    const choice = chooseProductKey({auto: true}, os('Enterprise', 22631));
    assert.equal(choice.source, 'catalog');
    assert.deepEqual(choice.warnings, []);
  });

  it('--key auto refuses editions it cannot match', () => {
    refused(() => chooseProductKey({auto: true}, os('Core', 22631)), /--key auto: EditionID Core has no published GVLK/);
    refused(() => chooseProductKey({auto: true}, os('ServerStandard', 12345, 'server')), /no published GVLK for EditionID ServerStandard at build 12345/);
    refused(() => chooseProductKey({auto: true}, os(undefined, 22631)), /no EditionID or CurrentBuild/);
  });

  it('an explicit GVLK must belong to the image\'s edition and build', () => {
    assert.equal(chooseProductKey({auto: false, key: 'NPPR9-FWDCX-D2C8J-H872K-2YT43'}, os('Enterprise', 19045)).source, 'given');
    refused(() => chooseProductKey({auto: false, key: 'W269N-WFGWX-YVC9B-4J6C9-T83GX'}, os('Enterprise', 22631)), /is the GVLK of .*Pro.*not of this image \(EditionID Enterprise, build 22631\)/);
    refused(() => chooseProductKey({auto: false, key: '33PXH-7Y6KF-2VJC9-XBBR8-HVTHH'}, os('Enterprise', 22631)), /Windows 7 Enterprise/);
  });

  it('a key outside the catalog is written as given, with a masked warning', () => {
    const choice = chooseProductKey({auto: false, key: 'BCDFG-HJKMP-QRTVW-XY234-6789B'}, os('Enterprise', 22631));
    assert.equal(choice.key, 'BCDFG-HJKMP-QRTVW-XY234-6789B');
    assert.equal(choice.warnings.length, 1);
    assert.match(choice.warnings[0], /XXXXX-XXXXX-XXXXX-XXXXX-6789B is not a published GVLK/);
    assert.ok(!choice.warnings[0].includes('BCDFG'));
  });
});
