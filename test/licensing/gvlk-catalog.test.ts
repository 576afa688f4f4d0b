import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';

import {GVLK_CATALOG, buildInRange, catalogRows, gvlkFor, gvlksForEdition, productFamily} from '../../src/licensing/gvlk-catalog.js';
import {projectRoot} from '../helpers/cli.js';

/** The GVLKs of docs/reference/gvlk.md (the table of Microsoft's keys, not the withdrawn rows), read from the page itself. */
function referenceKeys(): Set<string> {
  const text = readFileSync(path.join(projectRoot, 'docs', 'reference', 'gvlk.md'), 'utf8');
  const section = text.split('<a id="gvlk-table"></a>')[1].split('<a id="withdrawn-rows"></a>')[0];
  const tableRows = section.split('\n').filter((line) => line.startsWith('| '));
  return new Set(tableRows.flatMap((line) => [...line.matchAll(/\b[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}\b/g)].map((m) => m[0])));
}

describe('licensing/gvlk-catalog', () => {
  it('holds the 78 distinct GVLKs of docs/reference/gvlk.md', () => {
    assert.equal(new Set(GVLK_CATALOG.map((row) => row.key)).size, 78);
  });

  it('holds every GVLK of docs/reference/gvlk.md and no other', () => {
    const expected = referenceKeys();
    assert.equal(expected.size, 78, 'the reference table lost rows');
    assert.deepEqual(new Set(GVLK_CATALOG.map((row) => row.key)), expected);
  });

  it('gives servers threshold 5 and clients 25', () => {
    for (const row of GVLK_CATALOG) assert.equal(row.threshold, row.kind === 'server' ? 5 : 25, row.name);
    assert.ok(GVLK_CATALOG.filter((r) => r.kind === 'server').every((r) => r.product.includes('Server')));
  });

  it('no two rows claim the same EditionID at the same build', () => {
    const probes = [6000, 6001, 6002, 6003, 7600, 7601, 9200, 9600, 10240, 14393, 16299, 17134, 17763, 18362, 19041, 19044, 19045, 20348, 22000, 22631, 26100];
    for (const build of probes) {
      const seen = new Map<string, string>();
      for (const row of GVLK_CATALOG.filter((r) => buildInRange(r.builds, build))) {
        for (const id of row.editionIds) {
          assert.ok(!seen.has(id.toLowerCase()), `${id} at ${build}: ${seen.get(id.toLowerCase())} and ${row.name}`);
          seen.set(id.toLowerCase(), row.name);
        }
      }
    }
  });

  it('picks the key by EditionID and build, telling Windows 10 from 11 and server years apart', () => {
    const pick = (editionId: string, build: number) => {
      const match = gvlkFor({editionId, build});
      assert.ok(match.found, `${editionId} ${build}`);
      return match.row;
    };
    assert.equal(pick('Professional', 19045).product, 'Windows 10');
    assert.equal(pick('professional', 22631).product, 'Windows 11');
    assert.equal(pick('Professional', 22631).key, 'W269N-WFGWX-YVC9B-4J6C9-T83GX');
    assert.equal(pick('ServerStandard', 14393).key, 'WC2BQ-8NRM3-FDDYY-2BFGV-KHKQY');
    assert.equal(pick('ServerStandard', 17763).key, 'N69G4-B89J2-4G8F4-WWYCC-J464C');
    assert.equal(pick('ServerStandard', 20348).key, 'VDYBN-27WPP-V4HQT-9VMD4-VMK7H');
    assert.equal(pick('ServerStandard', 26100).key, 'TVRH6-WHNXV-R9WG3-9XRFY-MY832');
    assert.equal(pick('ServerStandardACor', 17763).key, 'N2KJX-J94YW-TQVFB-DG9YT-724CC');
    assert.equal(pick('ServerDatacenterACor', 16299).key, '6Y6KB-N82V8-D8CQV-23MJW-BWTG6');
    assert.equal(pick('EnterpriseS', 10240).key, 'WNMTR-4C88C-JK8YV-HQ7T2-76DF9');
    assert.equal(pick('EnterpriseS', 14393).key, 'DCPHK-NFMTC-H88MJ-PFHPY-QJ4BJ');
    assert.equal(pick('EnterpriseS', 19044).product, 'Windows 10 LTSC 2021');
    assert.equal(pick('EnterpriseS', 26100).product, 'Windows 11 LTSC 2024');
    assert.equal(pick('Enterprise', 17763).key, 'NPPR9-FWDCX-D2C8J-H872K-2YT43');
    assert.equal(pick('Enterprise', 6002).product, 'Windows Vista');
    assert.equal(pick('ServerEnterprise', 6003).product, 'Windows Server 2008');
    assert.equal(pick('ServerDatacenter', 7601).product, 'Windows Server 2008 R2');
    assert.equal(pick('Professional', 9200).product, 'Windows 8');
    assert.equal(pick('Professional', 9600).product, 'Windows 8.1');
    assert.equal(pick('Professional', 7601).product, 'Windows 7');
  });

  it('reports no match with the candidates for the EditionID, or for the build', () => {
    const noBuild = gvlkFor({editionId: 'ServerStandard', build: 29651});
    assert.equal(noBuild.found, false);
    assert.ok(!noBuild.found && noBuild.candidates.some((r) => r.product === 'Windows Server 2025'));
    const noEdition = gvlkFor({editionId: 'Core', build: 22631});
    assert.ok(!noEdition.found && noEdition.reason.includes('Core') && noEdition.candidates.every((r) => r.product === 'Windows 11'));
    const wrongKind = gvlkFor({editionId: 'Professional', build: 22631, kind: 'server'});
    assert.equal(wrongKind.found, false);
  });

  it('filters by EditionID exactly, else by edition name part, and by product', () => {
    const pro = catalogRows({edition: 'Professional'});
    assert.ok(pro.length > 0 && pro.every((r) => r.editionIds.includes('Professional')));
    const std = catalogRows({edition: 'ServerStandard'}).map((r) => r.product);
    for (const year of ['2016', '2019', '2022', '2025']) assert.ok(std.includes(`Windows Server ${year}`), year);
    assert.ok(!std.some((p) => p.includes('version')), 'SAC rows use ServerStandardACor');
    assert.deepEqual(
      catalogRows({edition: 'Datacenter', product: '2022'}).map((r) => r.key),
      ['WX4NM-KYWYW-QJJR4-XV3QB-6VM33', 'NTBV8-9K7Q8-V27C6-M2BTV-KHMXV'],
    );
    assert.equal(catalogRows({product: 'LTSB'}).length, 4);
    assert.deepEqual(catalogRows({edition: 'NoSuchEdition'}), []);
    assert.equal(gvlksForEdition('EnterpriseGN').length, 2);
  });

  it('names the product family of a build', () => {
    assert.equal(productFamily(19045, 'client'), 'Windows 10');
    assert.equal(productFamily(26100, 'client'), 'Windows 11');
    assert.equal(productFamily(26100, 'server'), 'Windows Server 2025');
    assert.equal(productFamily(6002, 'client'), 'Windows Vista');
    assert.equal(productFamily(20348, 'client'), undefined);
  });
});
