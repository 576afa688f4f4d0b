import assert from 'node:assert/strict';

import type {KeysResult} from '../../src/licensing/keys.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';

describe('winprep kms keys', () => {
  it('--edition Professional --json: the Windows 10/11 Pro GVLK in a one-document envelope, exit 0', () => {
    const run = runCli(['kms', 'keys', '--edition', 'Professional', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const doc = parseJsonOutput<KeysResult>(run);
    assert.equal(doc.status, 0);
    assert.deepEqual(doc.warnings, []);
    const pro = doc.result!.rows.filter((row) => row.key === 'W269N-WFGWX-YVC9B-4J6C9-T83GX');
    assert.deepEqual(pro.map((row) => row.product).sort(), ['Windows 10', 'Windows 11']);
    assert.ok(doc.result!.rows.every((row) => row.editionIds.includes('Professional')));
  });

  it('--edition ServerStandard lists the 2016/2019/2022/2025 Standard keys, each with its product name', () => {
    const doc = parseJsonOutput<KeysResult>(runCli(['kms', 'keys', '--edition', 'ServerStandard', '--json']));
    const byKey = new Map(doc.result!.rows.map((row) => [row.key, row]));
    const expected: [string, string][] = [
      ['TVRH6-WHNXV-R9WG3-9XRFY-MY832', 'Windows Server 2025'],
      ['VDYBN-27WPP-V4HQT-9VMD4-VMK7H', 'Windows Server 2022'],
      ['N69G4-B89J2-4G8F4-WWYCC-J464C', 'Windows Server 2019'],
      ['WC2BQ-8NRM3-FDDYY-2BFGV-KHKQY', 'Windows Server 2016'],
    ];
    for (const [key, product] of expected) {
      assert.equal(byKey.get(key)?.product, product, key);
      assert.equal(byKey.get(key)?.threshold, 5);
    }
  });

  it('human output is an aligned table with a header, filtered by product', () => {
    const run = runCli(['kms', 'keys', '--product', 'Server 2022']);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines[0], /^KEY\s+PRODUCT\s+EDITION\s+EDITIONID\s+BUILDS\s+THRESHOLD$/);
    const rows = lines.filter((line) => /^[A-Z0-9]{5}-/.test(line));
    assert.equal(rows.length, 3);
    const productColumn = lines[0].indexOf('PRODUCT');
    for (const row of rows) assert.equal(row.slice(productColumn, productColumn + 19), 'Windows Server 2022');
    assert.equal(run.stderr, '');
  });

  it('a filter that matches nothing exits 3, in human and --json mode', () => {
    const human = runCli(['kms', 'keys', '--edition', 'NoSuchEdition']);
    assert.equal(human.status, 3);
    assert.match(human.stderr, /^winprep: no published GVLK matches --edition NoSuchEdition\nhint: EditionIDs in the catalog: .*Professional/);
    const json = runCli(['kms', 'keys', '--edition', 'ServerStandard', '--build', '22631', '--json']);
    assert.equal(json.status, 3);
    assert.equal(parseJsonOutput(json).error?.code, 'NO_GVLK');
  });

  it('an unknown flag is a usage error (exit 2), also under --json', () => {
    assert.equal(runCli(['kms', 'keys', '--editon', 'Pro']).status, 2);
    const json = runCli(['kms', 'keys', '--editon', 'Pro', '--json']);
    assert.equal(json.status, 2);
    assert.equal(parseJsonOutput(json).status, 2);
  });
});
