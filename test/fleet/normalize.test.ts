import assert from 'node:assert/strict';

import fc from 'fast-check';

import {parseWindowsDate} from '../../src/fleet/dates.js';
import {normalizeIdentity} from '../../src/fleet/normalize.js';

describe('fleet/normalize and dates', () => {
  it('property: every spelling of a GUID normalizes to one value', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.boolean(), fc.boolean(), (uuid, braces, upper) => {
        const spelled = `${braces ? '{' : ''}${upper ? uuid.toUpperCase() : uuid}${braces ? '}' : ''}`;
        const result = normalizeIdentity('cmid', spelled);
        if (/^[0-]+$/.test(uuid)) assert.equal(result, undefined);
        else assert.deepEqual(result, {value: uuid.toLowerCase()});
      }),
    );
  });

  it('property: text that is not a GUID is reported, never thrown', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 40}), (text) => {
        const result = normalizeIdentity('machineGuid', text);
        if (result && 'invalid' in result) assert.match(result.invalid, /MachineGuid/);
      }),
    );
  });

  it('normalizes SIDs, DUIDs and names; rejects what they are not', () => {
    assert.deepEqual(normalizeIdentity('machineSid', 's-1-5-21-1-2-3'), {value: 'S-1-5-21-1-2-3'});
    assert.ok('invalid' in (normalizeIdentity('machineSid', 'S-1-5-32-544') ?? {}));
    assert.ok('invalid' in (normalizeIdentity('machineSid', 'S-1-5-21-1-2-99999999999') ?? {}));
    assert.deepEqual(normalizeIdentity('dhcpv6Duid', '00:01:00:01:2C:3D:4E:5F'), {value: '000100012c3d4e5f'});
    assert.ok('invalid' in (normalizeIdentity('dhcpv6Duid', '0001z') ?? {}));
    assert.deepEqual(normalizeIdentity('computerName', 'pc01.corp.example'), {value: 'PC01'});
    assert.ok('invalid' in (normalizeIdentity('computerName', 'bad name!') ?? {}));
    assert.equal(normalizeIdentity('cmid', '   '), undefined);
  });

  it('parses the timestamps Windows tools write', () => {
    assert.deepEqual(parseWindowsDate('2026-11-23T10:00:00.123456700Z'), {ms: Date.UTC(2026, 10, 23, 10, 0, 0, 123)});
    assert.deepEqual(parseWindowsDate('2026/11/23 10:05'), {ms: new Date(2026, 10, 23, 10, 5).getTime()});
    assert.deepEqual(parseWindowsDate('11/23/2026 12:30:00 AM'), {ms: new Date(2026, 10, 23, 0, 30).getTime()});
    assert.deepEqual(parseWindowsDate('3/4/2026 1:00:00 PM'), {ms: new Date(2026, 2, 4, 13, 0).getTime()});
    assert.deepEqual(parseWindowsDate('23.11.2026 10:00:00'), {ms: new Date(2026, 10, 23, 10, 0).getTime()});
    assert.deepEqual(parseWindowsDate('23/11/2026 10:00'), {ms: new Date(2026, 10, 23, 10, 0).getTime()});
    assert.match((parseWindowsDate('03/04/2026 10:00') as {invalid: string}).invalid, /ambiguous/);
    assert.ok('invalid' in parseWindowsDate('2026/02/31'));
    assert.ok('invalid' in parseWindowsDate('yesterday'));
  });
});
