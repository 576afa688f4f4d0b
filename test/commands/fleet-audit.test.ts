import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {eventsCsv, eventsXml, guidFor, imageFacts, slmgrDlv, type KmsEvent} from '../../fixtures/fleet/generators.js';
import {parseCsv} from '../../src/fleet/csv.js';
import {fingerprintFromFacts} from '../../src/fleet/fingerprint.js';
import type {FleetReport} from '../../src/fleet/types.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';

describe('winprep fleet audit (CLI)', () => {
  let dir: string;
  const now = Date.now();
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'winprep-fleet-cli-'));
  });
  after(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  /** Ten fingerprint files as `image fingerprint --json` writes them (the envelope). */
  async function fingerprints(prefix: string, state: 'not-generalized' | 'generalized-by-sysprep'): Promise<string[]> {
    const files: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const file = path.join(dir, `${prefix}${i}.json`);
      const fp = fingerprintFromFacts(imageFacts({path: path.join(dir, `c${i}`), state}));
      await writeFile(file, `${JSON.stringify({status: 0, result: fp, warnings: []}, null, 2)}\n`);
      files.push(file);
    }
    return files;
  }

  const events = (count: number, cmids: number): KmsEvent[] =>
    Array.from({length: count}, (_, i) => ({time: new Date(now - i * 3600_000), fqdn: `pc${String(i).padStart(2, '0')}.corp.example`, cmid: guidFor(i % cmids)}));

  it('clones of a non-generalized image: duplicate groups per identity kind, exit 4', async () => {
    const result = runCli(['fleet', 'audit', ...(await fingerprints('f', 'not-generalized')), '--json']);
    const doc = parseJsonOutput<FleetReport>(result);
    assert.equal(result.status, 4, result.stderr);
    assert.equal(doc.status, 4);
    const kinds = doc.result!.duplicates.filter((g) => !g.predicted).map((g) => g.kind);
    assert.deepEqual(kinds, ['machineSid', 'machineGuid', 'susClientId', 'dhcpv6Duid', 'computerName']);
    assert.ok(doc.result!.duplicates.every((g) => g.memberCount === 10));
  });

  it('clones of a generalized image: no duplicates, exit 0', async () => {
    const result = runCli(['fleet', 'audit', ...(await fingerprints('g', 'generalized-by-sysprep')), '--json']);
    const doc = parseJsonOutput<FleetReport>(result);
    assert.equal(result.status, 0, result.stdout);
    assert.deepEqual(doc.result!.duplicates, []);
    assert.equal(doc.result!.regenerated, 10);
  });

  it('30 events from 3 CMIDs: projectedCount 3, threshold 25 not met, exit 4', async () => {
    const file = path.join(dir, 'ev.csv');
    await writeFile(file, eventsCsv(events(30, 3)));
    const json = runCli(['fleet', 'audit', file, '--json']);
    assert.equal(json.status, 4);
    assert.match(JSON.stringify(JSON.parse(json.stdout)), /"projectedCount":3\b/);
    const text = runCli(['fleet', 'audit', file]);
    assert.equal(text.status, 4);
    assert.match(text.stdout, /KMS count: 3 projected/);
    assert.match(text.stdout, /client threshold 25: NOT met — 22 more/);
  });

  it('a malformed row is reported with file and line; the rest is audited', async () => {
    const file = path.join(dir, 'bad.csv');
    await writeFile(file, eventsCsv(events(30, 30), {inject: new Map([[9, '"x","12290","Info:\r\n0x0, 25, pcX, {bad}, 2026/11/23 10:00, 0, 1, 1, y"']])}));
    const result = runCli(['fleet', 'audit', file, '--json']);
    const doc = parseJsonOutput<FleetReport>(result);
    assert.deepEqual(doc.result!.errors.rows.map((e) => [e.file, e.line]), [[file, 32]]);
    assert.equal(doc.result!.records, 30);
    assert.equal(doc.result!.kms.projectedCount, 30);
    assert.equal(result.status, 0);
    assert.match(doc.warnings!.join('\n'), /1 row\(s\) could not be read/);
    const text = runCli(['fleet', 'audit', file]);
    assert.match(text.stdout, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:32: event 12290: CMID "\\{bad\\}" is not a GUID`));
  });

  it('--format csv writes one finding per row, readable as CSV', async () => {
    const file = path.join(dir, 'ev3.csv');
    await writeFile(file, eventsCsv(events(6, 3)));
    const result = runCli(['fleet', 'audit', file, '--format', 'csv']);
    assert.equal(result.status, 4);
    const rows: string[][] = [];
    for await (const row of parseCsv([result.stdout])) rows.push(row.fields);
    assert.deepEqual(rows[0], ['finding', 'kind', 'value', 'source', 'machine', 'detail']);
    assert.equal(rows.filter((r) => r[0] === 'duplicate').length, 6);
    assert.deepEqual(rows.find((r) => r[0] === 'kms-count'), ['kms-count', 'client', '3', '', '', 'threshold 25 not met; 22 more needed']);
  });

  it('--format json prints the bare report', async () => {
    const file = path.join(dir, 'ev4.csv');
    await writeFile(file, eventsCsv(events(2, 2)));
    const result = runCli(['fleet', 'audit', file, '--format', 'json']);
    const report = JSON.parse(result.stdout) as FleetReport;
    assert.equal(report.kms.projectedCount, 2);
  });

  it('--as-of judges an old export as of its own time; without it the events are past the window', async () => {
    const then = Date.UTC(2025, 0, 15, 12);
    const old: KmsEvent[] = Array.from({length: 26}, (_, i) => ({time: new Date(then - i * 3600_000), fqdn: `pc${i}`, cmid: guidFor(i)}));
    const file = path.join(dir, 'old.xml');
    await writeFile(file, eventsXml(old));
    const asOf = parseJsonOutput<FleetReport>(runCli(['fleet', 'audit', file, '--as-of', '2025-01-16T00:00:00Z', '--json']));
    assert.equal(asOf.status, 0);
    assert.equal(asOf.result!.kms.projectedCount, 26);
    const today = parseJsonOutput<FleetReport>(runCli(['fleet', 'audit', file, '--json']));
    assert.equal(today.status, 4);
    assert.equal(today.result!.kms.projectedCount, 0);
    assert.equal(today.result!.stale.count, 26);
    assert.equal(runCli(['fleet', 'audit', file, '--as-of', 'last tuesday']).status, 2);
  });

  it('reads slmgr /dlv text saved by PowerShell (UTF-16LE) next to an inventory', async () => {
    const dlv = path.join(dir, 'pcs.txt');
    const text = slmgrDlv({machineName: 'PC1', cmid: guidFor(1)}) + slmgrDlv({machineName: 'PC2', cmid: guidFor(1)});
    await writeFile(dlv, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const inv = path.join(dir, 'inv.csv');
    await writeFile(inv, 'ComputerName,CMID\r\nPC1,' + guidFor(1) + '\r\n');
    const doc = parseJsonOutput<FleetReport>(runCli(['fleet', 'audit', dlv, inv, '--json']));
    assert.equal(doc.status, 4);
    assert.deepEqual(doc.result!.inputs.map((i) => [i.format, i.records]), [['slmgr-dlv', 2], ['inventory-csv', 1]]);
    // PC1 in the inventory is PC1 of the slmgr output: one machine, not a third duplicate.
    assert.deepEqual(doc.result!.duplicates.map((g) => [g.kind, g.memberCount]), [['cmid', 2]]);
    assert.deepEqual(doc.result!.kms.thresholds, [{kind: 'client', threshold: 25, met: false, needed: 24}]);
  });

  it('a missing input is bad input: exit 3, one line naming the file', () => {
    const missing = path.join(dir, 'missing.csv');
    const result = runCli(['fleet', 'audit', missing]);
    assert.equal(result.status, 3);
    assert.match(result.stderr, new RegExp(`winprep: ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no such file`));
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it('an unknown --format is a usage error', () => {
    assert.equal(runCli(['fleet', 'audit', 'x', '--format', 'yaml']).status, 2);
  });
});
