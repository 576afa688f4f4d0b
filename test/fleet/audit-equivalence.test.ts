import assert from 'node:assert/strict';

import fc from 'fast-check';

import {FleetAudit} from '../../src/fleet/audit.js';
import type {FleetRecord} from '../../src/fleet/types.js';
import {ReferenceAudit} from './reference-audit.js';

const NOW = Date.UTC(2026, 10, 23);
const DAY = 24 * 3600_000;
const FILES = ['inv.csv', 'ev.csv', 'dlv.txt'];

/** Small pools, so that values, names and files collide often. */
const guid = fc.constantFrom('3c1b2a4d-0001-4123-8001-00000000abcd', '3c1b2a4d-0001-4123-8001-00000000abce', 'ffffffff-ffff-4fff-8fff-ffffffffffff');
const sid = fc.constantFrom('S-1-5-21-1-2-3', 'S-1-5-21-1004-336-4294967295', 'S-1-5-21-07-1-1');
const name = fc.constantFrom('PC01', 'PC02', 'WORKSTATION-LAB-0001', 'ПК-01');
const machine = fc.constantFrom('PC01', 'pc01.corp.example', 'pc02', 'Workstation-Lab-0001', 'пк-01', ' PC01 ');
const record: fc.Arbitrary<[number, FleetRecord]> = fc
  .record(
    {
      file: fc.nat(2),
      line: fc.nat(6),
      machine,
      label: name,
      cmid: guid,
      machineGuid: guid,
      machineSid: sid,
      computerName: name,
      dhcpv6Duid: fc.constantFrom('000100012a3b4c5d001122334455', '0001', '00010001aabbccddeeff00112233445566778899'),
      repeated: fc.boolean(),
      regenerated: fc.boolean(),
      sharesCmidOnClone: fc.boolean(),
      daysAgo: fc.constantFrom(1, 29, 31, 179, 181, 200),
      osKind: fc.constantFrom('client' as const, 'server' as const),
      kmsHost: fc.constantFrom('kms01:1688', 'kms02:1688'),
      rearmsLeft: fc.nat(2),
      // Mostly not expired, so that stale clients judged by their last activation get listed too.
      activationExpired: fc.oneof({arbitrary: fc.constant(''), weight: 8}, {arbitrary: fc.constantFrom('Notification', 'Unlicensed'), weight: 1}),
    },
    {requiredKeys: ['file', 'line']},
  )
  .map((r): [number, FleetRecord] => {
    const {file, daysAgo, cmid, machineGuid, machineSid, computerName, dhcpv6Duid, ...rest} = r;
    const identities = Object.fromEntries(Object.entries({cmid, machineGuid, machineSid, computerName, dhcpv6Duid}).filter(([, v]) => v !== undefined));
    return [file, {...rest, line: r.line, identities, activatedAt: daysAgo === undefined ? undefined : NOW - daysAgo * DAY}];
  });

describe('fleet/audit equals the Map-based audit it replaced', () => {
  it('property: the same report (duplicates, members, counts, KMS projection, stale clients) on any small fleet', () => {
    fc.assert(
      fc.property(fc.array(record, {maxLength: 40}), fc.integer({min: 1, max: 4}), fc.constantFrom(2, 1000), (records, maxMembers, maxListed) => {
        const audit = new FleetAudit(FILES, {now: NOW, maxMembers, maxListed});
        const reference = new ReferenceAudit(FILES, {now: NOW, maxMembers, maxListed});
        for (const [file, r] of records) {
          audit.add(file, r);
          reference.add(file, r);
        }
        assert.deepEqual(audit.report([]), reference.report([]));
      }),
      {numRuns: 400},
    );
  });
});
