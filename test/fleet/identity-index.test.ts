import assert from 'node:assert/strict';

import {guidFor} from '../../fixtures/fleet/generators.js';
import {FleetAudit} from '../../src/fleet/audit.js';
import {IDENTITY_KINDS, type FleetRecord, type IdentityKind} from '../../src/fleet/types.js';

const COUNT = 20_000;

/** A fleet of distinct machines (inventory rows), each identity in the shape the readers normalize to. */
function machine(i: number): FleetRecord {
  return {
    line: i + 2,
    machine: `Workstation-Lab-${i}`,
    identities: {
      cmid: guidFor(i, 1),
      machineGuid: guidFor(i, 2),
      machineSid: `S-1-5-21-${1000 + (i % 7)}-${i}-${i * 7}`,
      susClientId: guidFor(i, 3),
      dhcpv6Duid: `00010001${i.toString(16).padStart(16, '0')}`,
      // Longer than 16 characters: the hashed path.
      computerName: `WORKSTATION-LAB-${i}`,
    },
  };
}

describe('fleet/identity-index among many distinct values', () => {
  it('reports exactly the planted duplicates, with their members, in first-seen order', () => {
    const records = Array.from({length: COUNT}, (_, i) => machine(i));
    // Plant duplicates far apart: clones (several identities), a shared SID, a reused name, a Unicode name.
    const plant = (to: number, from: number, kinds: IdentityKind[]): void => {
      for (const kind of kinds) records[to].identities[kind] = records[from].identities[kind];
    };
    plant(19_990, 17, ['machineGuid', 'machineSid', 'susClientId']);
    plant(12_345, 17, ['machineGuid']);
    plant(10_000, 5_000, ['cmid']);
    plant(15_000, 400, ['computerName', 'dhcpv6Duid']);
    records[3].identities.computerName = 'РАБОЧАЯ-СТАНЦИЯ-1';
    records[18_000].identities.computerName = 'РАБОЧАЯ-СТАНЦИЯ-1';

    const audit = new FleetAudit(['inv.csv'], {now: 0, maxMembers: 2});
    for (const record of records) audit.add(0, record);
    const report = audit.report([]);

    // The same answer as plain maps of the full strings.
    const expected: {kind: IdentityKind; value: string; lines: number[]}[] = [];
    for (const kind of IDENTITY_KINDS) {
      const byValue = new Map<string, number[]>();
      for (const r of records) {
        const v = r.identities[kind];
        if (v === undefined) continue;
        const lines = byValue.get(v);
        if (lines) lines.push(r.line);
        else byValue.set(v, [r.line]);
      }
      for (const [value, lines] of byValue) if (lines.length > 1) expected.push({kind, value, lines});
    }
    assert.equal(expected.length, 7);
    assert.deepEqual(
      report.duplicates.map((g) => ({kind: g.kind, value: g.value, count: g.memberCount, members: g.members})),
      expected.map((e) => ({
        kind: e.kind,
        value: e.value,
        count: e.lines.length,
        members: e.lines.slice(0, 2).map((line) => ({source: `inv.csv:${line}`, machine: records[line - 2].machine})),
      })),
    );
    assert.deepEqual(
      report.duplicates.find((g) => g.kind === 'machineGuid')?.members.map((m) => m.source),
      ['inv.csv:19', 'inv.csv:12347'],
    );
    assert.equal(report.duplicates.find((g) => g.kind === 'machineGuid')?.memberCount, 3);
    // Every CMID but the one planted twice counts once.
    assert.equal(report.kms.distinctCmidsInWindow, COUNT - 1);
  });
});
