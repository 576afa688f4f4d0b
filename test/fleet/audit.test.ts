import assert from 'node:assert/strict';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {eventsCsv, guidFor, imageFacts, inventoryCsv, slmgrDlv, type KmsEvent} from '../../fixtures/fleet/generators.js';
import {FleetAudit, auditFleet} from '../../src/fleet/audit.js';
import {detectFormat} from '../../src/fleet/inputs.js';
import {renderFleetText} from '../../src/fleet/render.js';
import {fingerprintFromFacts} from '../../src/fleet/fingerprint.js';
import {recordFromFingerprint} from '../../src/fleet/readers/fingerprint-json.js';
import {IDENTITY_KINDS, type FleetRecord} from '../../src/fleet/types.js';
import {isWinprepError} from '../../src/errors.js';

const NOW = new Date(2026, 10, 23, 12, 0, 0).getTime();
const DAY = 24 * 3600_000;

const fingerprintRecord = (facts = imageFacts(), line = 1): FleetRecord => {
  const item = recordFromFingerprint(JSON.parse(JSON.stringify(fingerprintFromFacts(facts))), line);
  assert.ok('record' in item);
  return item.record;
};

const eventRecord = (name: string, cmid: string, at = NOW - DAY, osKind: 'client' | 'server' = 'client'): FleetRecord => ({
  line: 1,
  machine: name,
  identities: {cmid},
  osKind,
  activatedAt: at,
  repeated: true,
});

describe('fleet/audit', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'winprep-fleet-'));
  });
  after(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('ten clones of one non-generalized image: one duplicate group per identity kind', () => {
    const audit = new FleetAudit(Array.from({length: 10}, (_, i) => `f${i}.json`), {now: NOW});
    for (let i = 0; i < 10; i++) audit.add(i, fingerprintRecord());
    const report = audit.report([]);
    assert.equal(report.passed, false);
    const kinds = report.duplicates.filter((g) => !g.predicted).map((g) => g.kind);
    assert.deepEqual(kinds, ['machineSid', 'machineGuid', 'susClientId', 'dhcpv6Duid', 'computerName']);
    assert.ok(report.duplicates.every((g) => g.memberCount === 10));
    assert.deepEqual(report.duplicates[0].members[0], {source: 'f0.json:1', machine: 'REF-PC01'});
    // Not generalized: the clones also share the CMID the image already has.
    assert.equal(report.duplicates.filter((g) => g.predicted && g.kind === 'cmid').length, 1);
    // Fingerprints carry no CMID: the threshold is not judged.
    assert.equal(report.kms.carriesCmids, false);
    assert.deepEqual(report.kms.thresholds, []);
  });

  it('ten clones of a generalized (or resealed) image: no duplicates, audit passes', () => {
    for (const state of ['generalized-by-sysprep', 'resealed-by-winprep'] as const) {
      const audit = new FleetAudit(['f.json'], {now: NOW});
      for (let i = 0; i < 10; i++) audit.add(0, fingerprintRecord(imageFacts({state}), i + 1));
      const report = audit.report([]);
      assert.deepEqual(report.duplicates, [], state);
      assert.equal(report.regenerated, 10);
      assert.equal(report.passed, true);
    }
  });

  it('generalized clones with SkipRearm=1: a predicted shared-CMID group', () => {
    const audit = new FleetAudit(['f.json'], {now: NOW});
    for (let i = 0; i < 3; i++) audit.add(0, fingerprintRecord(imageFacts({state: 'generalized-by-sysprep', skipRearm: 1}), i + 1));
    const report = audit.report([]);
    assert.equal(report.duplicates.length, 1);
    assert.equal(report.duplicates[0].kind, 'cmid');
    assert.equal(report.duplicates[0].predicted, true);
    assert.equal(report.duplicates[0].value, '6f1d3c2a-9b7e-4e21-8a55-0c4f2b9d7e10');
    assert.match(renderFleetText(report), /CMID \(predicted\): clones of this image will share one CMID[^\n]*\n {2}CMID of the image 6f1d3c2a-9b7e-4e21-8a55-0c4f2b9d7e10: 3 machines/);
    assert.equal(report.duplicates[0].memberCount, 3);
    assert.equal(report.duplicateCounts.cmid, 1);
  });

  it('two different images are not duplicates of each other', () => {
    const audit = new FleetAudit(['a', 'b'], {now: NOW});
    audit.add(0, {line: 1, identities: {machineGuid: guidFor(1), computerName: 'A'}});
    audit.add(1, {line: 1, identities: {machineGuid: guidFor(2), computerName: 'B'}});
    assert.deepEqual(audit.report([]).duplicates, []);
  });

  it('projects the KMS count as a host does: distinct CMIDs within 30 days', () => {
    const audit = new FleetAudit(['ev.csv'], {now: NOW});
    for (let i = 0; i < 30; i++) audit.add(0, eventRecord(`pc${i}`, guidFor(i % 3), NOW - i * 3600_000));
    // Renewals of one machine are not duplicates; an event older than 30 days does not count.
    audit.add(0, eventRecord('pc0', guidFor(0), NOW - 2 * DAY));
    audit.add(0, eventRecord('old', guidFor(99), NOW - 31 * DAY));
    const report = audit.report([]);
    assert.equal(report.kms.projectedCount, 3);
    assert.equal(report.kms.distinctCmidsInWindow, 3);
    assert.deepEqual(report.kms.thresholds, [{kind: 'client', threshold: 25, met: false, needed: 22}]);
    assert.deepEqual(report.duplicates.map((g) => g.memberCount), [10, 10, 10]);
    assert.equal(report.passed, false);
  });

  it('caps the count at 50 and meets the client threshold with 25 distinct clients', () => {
    const audit = new FleetAudit(['ev'], {now: NOW});
    for (let i = 0; i < 60; i++) audit.add(0, eventRecord(`pc${i}`, guidFor(i)));
    const report = audit.report([]);
    assert.equal(report.kms.distinctCmidsInWindow, 60);
    assert.equal(report.kms.projectedCount, 50);
    assert.deepEqual(report.kms.thresholds, [{kind: 'client', threshold: 25, met: true, needed: 0}]);
    assert.equal(report.passed, true);

    const exact = new FleetAudit(['ev'], {now: NOW});
    for (let i = 0; i < 25; i++) exact.add(0, eventRecord(`pc${i}`, guidFor(i)));
    assert.equal(exact.report([]).kms.thresholds[0].met, true);
  });

  it('judges the server threshold of 5, with a cap of 10 for server-only hosts', () => {
    const audit = new FleetAudit(['ev'], {now: NOW});
    for (let i = 0; i < 12; i++) audit.add(0, eventRecord(`srv${i}`, guidFor(i), NOW - DAY, 'server'));
    const report = audit.report([]);
    assert.equal(report.kms.cap, 10);
    assert.equal(report.kms.projectedCount, 10);
    assert.deepEqual(report.kms.thresholds, [{kind: 'server', threshold: 5, met: true, needed: 0}]);
  });

  it('lists clients whose last activation is past 180 days', () => {
    const audit = new FleetAudit(['ev'], {now: NOW});
    audit.add(0, eventRecord('stale.corp.example', guidFor(1), NOW - 200 * DAY));
    audit.add(0, eventRecord('fresh', guidFor(2), NOW - 200 * DAY));
    audit.add(0, eventRecord('fresh', guidFor(2), NOW - 10 * DAY));
    audit.add(0, {line: 9, machine: 'PC9', identities: {cmid: guidFor(9)}, activationExpired: 'Notification'});
    const {stale} = audit.report([]);
    assert.equal(stale.count, 2);
    assert.deepEqual(stale.clients.map((c) => c.machine).sort(), ['PC9', 'stale.corp.example']);
    assert.equal(stale.clients.find((c) => c.machine === 'stale.corp.example')?.daysSince, 200);
  });

  it('judges unnamed inventory rows by their own LastActivation', () => {
    const audit = new FleetAudit(['inv.csv'], {now: NOW});
    audit.add(0, {line: 2, identities: {machineGuid: guidFor(1)}, activatedAt: NOW - 181 * DAY});
    audit.add(0, {line: 3, identities: {machineGuid: guidFor(2)}, activatedAt: NOW - 179 * DAY});
    const {stale} = audit.report([]);
    assert.deepEqual(stale.clients.map((c) => [c.source, c.daysSince]), [['inv.csv:2', 181]]);
  });

  it('summarizes KMS hosts in use and clients with no rearm left', () => {
    const audit = new FleetAudit(['dlv.txt'], {now: NOW});
    audit.add(0, {line: 1, machine: 'PC1', identities: {cmid: guidFor(1)}, kmsHost: 'kms01:1688', rearmsLeft: 0});
    audit.add(0, {line: 30, machine: 'PC2', identities: {cmid: guidFor(2)}, kmsHost: 'kms01:1688', rearmsLeft: 2});
    audit.add(0, {line: 60, machine: 'PC3', identities: {cmid: guidFor(3)}, kmsHost: 'kms02:1688'});
    const report = audit.report([]);
    assert.deepEqual(report.kms.hosts, [{host: 'kms01:1688', machines: 2}, {host: 'kms02:1688', machines: 1}]);
    assert.deepEqual(report.rearmExhausted, {count: 1, clients: [{machine: 'PC1', source: 'dlv.txt:1'}]});
    const text = renderFleetText(report);
    assert.match(text, /KMS hosts in use: kms01:1688 \(2\), kms02:1688 \(1\)\./);
    assert.match(text, /No rearm left: 1 client\(s\)/);
  });

  it('one machine seen in an inventory and in KMS events is not its own duplicate', () => {
    const audit = new FleetAudit(['inv.csv', 'ev.csv'], {now: NOW});
    audit.add(0, {line: 2, machine: 'PC01', identities: {cmid: guidFor(1), computerName: 'PC01'}});
    audit.add(1, eventRecord('pc01.corp.example', guidFor(1)));
    audit.add(1, eventRecord('pc01.corp.example', guidFor(1)));
    assert.deepEqual(audit.report([]).duplicates, []);
  });

  it('one machine named in an inventory and in slmgr output is one machine', () => {
    const audit = new FleetAudit(['inv.csv', 'dlv.txt'], {now: NOW});
    audit.add(0, {line: 2, machine: 'PC01', identities: {cmid: guidFor(1), computerName: 'PC01'}});
    audit.add(1, {line: 5, machine: 'pc01', identities: {cmid: guidFor(1), computerName: 'PC01'}});
    audit.add(1, {line: 40, machine: 'pc02', identities: {cmid: guidFor(1), computerName: 'PC02'}});
    const report = audit.report([]);
    assert.deepEqual(report.duplicates.map((g) => [g.kind, g.members.map((m) => m.source)]), [['cmid', ['inv.csv:2', 'dlv.txt:40']]]);
  });

  it('two inventory rows with one name are a duplicate computer name', () => {
    const audit = new FleetAudit(['inv.csv'], {now: NOW});
    audit.add(0, {line: 2, machine: 'PC01', identities: {computerName: 'PC01', machineGuid: guidFor(1)}});
    audit.add(0, {line: 3, machine: 'pc01', identities: {computerName: 'PC01', machineGuid: guidFor(2)}});
    const report = audit.report([]);
    assert.deepEqual(report.duplicates.map((g) => [g.kind, g.value, g.members.map((m) => m.source)]), [['computerName', 'PC01', ['inv.csv:2', 'inv.csv:3']]]);
  });

  it('lists at most maxMembers per group but counts them all', () => {
    const audit = new FleetAudit(['ev'], {now: NOW, maxMembers: 4});
    for (let i = 0; i < 9; i++) audit.add(0, eventRecord(`pc${i}`, guidFor(1)));
    const [group] = audit.report([]).duplicates;
    assert.equal(group.memberCount, 9);
    assert.equal(group.members.length, 4);
  });

  it('audits a mix of files, collecting malformed rows with file and line', async () => {
    const events: KmsEvent[] = Array.from({length: 30}, (_, i) => ({time: new Date(NOW - i * 3600_000), fqdn: `pc${i}.corp.example`, cmid: guidFor(i % 3)}));
    const ev = path.join(dir, 'events.csv');
    await writeFile(ev, eventsCsv(events, {inject: new Map([[4, '"11/23/2026 1:00:00 AM","12290","garbled"']])}));
    const inv = path.join(dir, 'inventory.csv');
    await writeFile(inv, inventoryCsv(['ComputerName', 'MachineGuid'], [{ComputerName: 'X1', MachineGuid: guidFor(7)}, {ComputerName: 'X2', MachineGuid: guidFor(7)}]));
    const dlv = path.join(dir, 'pc.txt');
    await writeFile(dlv, slmgrDlv({machineName: 'PCZ', cmid: guidFor(50)}));
    const report = await auditFleet([ev, inv, dlv], {now: NOW});
    assert.deepEqual(report.inputs.map((i) => [i.format, i.records, i.errors]), [['events-csv', 30, 1], ['inventory-csv', 2, 0], ['slmgr-dlv', 1, 0]]);
    assert.deepEqual(report.errors.rows, [{file: ev, line: 17, message: 'event 12290 message has no Info fields'}]);
    assert.equal(report.kms.projectedCount, 4);
    assert.equal(report.duplicateCounts.machineGuid, 1);
    assert.equal(report.duplicateCounts.cmid, 3);
    for (const kind of IDENTITY_KINDS) assert.equal(typeof report.duplicateCounts[kind], 'number');
  });

  it('fails fast with bad input for a missing file or an unknown format', async () => {
    const junk = path.join(dir, 'junk.bin');
    await writeFile(junk, 'hello world\n');
    for (const input of [path.join(dir, 'nope.csv'), junk]) {
      await assert.rejects(auditFleet([input]), (error: unknown) => isWinprepError(error) && error.kind === 'badInput' && error.message.includes(input));
    }
  });
});

describe('fleet/audit inputs', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'winprep-fleet-in-'));
  });
  after(async () => {
    await rm(dir, {recursive: true, force: true});
  });

  it('reads a folder of inputs, skipping files of no known format, and each file once', async () => {
    const folder = path.join(dir, 'prints');
    await mkdir(folder);
    for (let i = 0; i < 3; i++) {
      await writeFile(path.join(folder, `f${i}.json`), JSON.stringify({status: 0, result: fingerprintFromFacts(imageFacts()), warnings: []}));
    }
    await writeFile(path.join(folder, 'README.txt'), 'fingerprints of the lab clones\n');
    const report = await auditFleet([folder, path.join(folder, 'f0.json')], {now: NOW});
    assert.equal(report.inputs.length, 3);
    assert.deepEqual(report.skipped, [{file: path.join(folder, 'README.txt'), reason: 'not a known input format'}]);
    assert.equal(report.duplicates.find((g) => g.kind === 'machineGuid')?.memberCount, 3);
  });

  it('an empty folder is bad input', async () => {
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    await assert.rejects(auditFleet([empty]), (error: unknown) => isWinprepError(error) && error.kind === 'badInput');
  });

  it('detects formats by content, not by name', () => {
    assert.equal(detectFormat('\uFEFF[{"kind":"winprep-fingerprint"}]'), 'fingerprint');
    assert.equal(detectFormat('<?xml version="1.0"?>\r\n<Events><Event xmlns="x">'), 'events-xml');
    assert.equal(detectFormat('#TYPE Selected.System.Diagnostics.Eventing.Reader.EventLogRecord\r\n"TimeCreated","Id","Message"\r\n'), 'events-csv');
    assert.equal(detectFormat('"TimeCreated";"Id";"Message"\r\n'), 'events-csv');
    assert.equal(detectFormat(slmgrDlv({cmid: guidFor(1)})), 'slmgr-dlv');
    assert.equal(detectFormat('Name,MachineGuid\r\nPC1,x\r\n'), 'inventory-csv');
    assert.equal(detectFormat('<html><body>'), undefined);
    assert.equal(detectFormat('just some text\n'), undefined);
  });
});
