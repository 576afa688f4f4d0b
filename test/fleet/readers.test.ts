import assert from 'node:assert/strict';

import {
  eventsCsv,
  eventsXml,
  guidFor,
  inventoryCsv,
  slmgrDlv,
  type KmsEvent,
} from '../../fixtures/fleet/generators.js';
import {readEventsCsv} from '../../src/fleet/readers/events-csv.js';
import {readEventsXml} from '../../src/fleet/readers/events-xml.js';
import {readFingerprints} from '../../src/fleet/readers/fingerprint-json.js';
import {readInventoryCsv} from '../../src/fleet/readers/inventory-csv.js';
import {readSlmgrDlv} from '../../src/fleet/readers/slmgr-dlv.js';
import {decodeChunks} from '../../src/fleet/text-stream.js';
import type {FleetRecord, ReaderItem} from '../../src/fleet/types.js';

async function collect(items: AsyncIterable<ReaderItem>): Promise<{records: FleetRecord[]; errors: {line: number; message: string}[]}> {
  const records: FleetRecord[] = [];
  const errors: {line: number; message: string}[] = [];
  for await (const item of items) {
    if ('record' in item) records.push(item.record);
    else errors.push(item.error);
  }
  return {records, errors};
}

async function* chunksOf(text: string, size = 7): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const T0 = new Date(2026, 10, 23, 10, 0, 0);
const event = (i: number, cmid = guidFor(i), extra: Partial<KmsEvent> = {}): KmsEvent => ({
  time: new Date(T0.getTime() - i * 3600_000),
  fqdn: `pc${String(i).padStart(2, '0')}.corp.example`,
  cmid,
  ...extra,
});

describe('fleet/readers', () => {
  describe('event 12290 CSV (Export-Csv)', () => {
    it('reads CMID, client, host time and client kind from quoted multi-line messages', async () => {
      const {records, errors} = await collect(readEventsCsv(chunksOf(eventsCsv([event(0), event(1, guidFor(1), {minCount: 5})]))));
      assert.deepEqual(errors, []);
      assert.equal(records.length, 2);
      assert.deepEqual(records[0], {line: 2, machine: 'pc00.corp.example', identities: {cmid: guidFor(0)}, osKind: 'client', activatedAt: T0.getTime(), repeated: true});
      assert.equal(records[1].line, 5);
      assert.equal(records[1].osKind, 'server');
    });

    it('skips the #TYPE line of Windows PowerShell 5.1 and reads semicolon exports', async () => {
      const {records} = await collect(readEventsCsv(chunksOf(eventsCsv([event(0)], {typeLine: true, delimiter: ';'})), ';'));
      assert.equal(records.length, 1);
      assert.equal(records[0].line, 3);
    });

    it('reports a malformed row with its line and still reads the rows after it', async () => {
      const inject = new Map([[0, '"5/1/2026 1:00:00 PM","12290","Info:\r\n0x0, 25, pc99, not-a-guid, 2026/05/01 13:00, 0, 1, 1, x"']]);
      const text = eventsCsv([event(0), event(1)], {inject});
      const {records, errors} = await collect(readEventsCsv(chunksOf(text)));
      assert.equal(records.length, 2);
      assert.deepEqual(errors.map((e) => e.line), [5]);
      assert.match(errors[0].message, /CMID "not-a-guid" is not a GUID/);
    });

    it('reports rows with a wrong field count', async () => {
      const text = eventsCsv([event(0)], {inject: new Map([[0, '"only","two"']])});
      const {records, errors} = await collect(readEventsCsv(chunksOf(text)));
      assert.equal(records.length, 1);
      assert.deepEqual(errors, [{line: 5, message: 'expected 3 fields, found 2'}]);
    });

    it('falls back to the client time when TimeCreated is culture-ambiguous', async () => {
      const text = '"TimeCreated","Id","Message"\r\n"03/04/2026 10:00:00","12290","Info:\r\n0x0, 25, pc1, ' + guidFor(1) + ', 2026/04/03 10:00, 0, 1, 43200, x"\r\n';
      const {records} = await collect(readEventsCsv(chunksOf(text)));
      assert.equal(records[0].activatedAt, new Date(2026, 3, 3, 10, 0).getTime());
    });

    it('reads localized messages by the shape of their field line', async () => {
      const message = 'Eine Aktivierungsanforderung wurde verarbeitet.\r\nInformationen:\r\n0x0, 25, pc7, ' + guidFor(7) + ', 2026/11/23 10:00, 0, 1, 43200, x';
      const text = '"TimeCreated";"Id";"Message"\r\n"23.11.2026 10:00:00";"12290";"' + message + '"\r\n';
      const {records, errors} = await collect(readEventsCsv(chunksOf(text), ';'));
      assert.deepEqual(errors, []);
      assert.equal(records[0].identities.cmid, guidFor(7));
      assert.equal(records[0].activatedAt, new Date(2026, 10, 23, 10, 0).getTime());
    });

    it('keeps requests the host refused for lack of count: they are what raises the count', async () => {
      const {records} = await collect(readEventsCsv(chunksOf(eventsCsv([event(0, guidFor(0), {hresult: '0xC004F038'})]))));
      assert.equal(records.length, 1);
    });

    it('ignores other Key Management Service events', async () => {
      const text = '"TimeCreated","Id","Message"\r\n"11/23/2026 1:00:00 AM","12294","The KMS host published its SRV record."\r\n';
      assert.deepEqual(await collect(readEventsCsv(chunksOf(text))), {records: [], errors: []});
    });

    it('decodes a UTF-16LE export with BOM', async () => {
      const text = eventsCsv([event(3)]);
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      async function* byteChunks(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
      }
      const {records} = await collect(readEventsCsv(decodeChunks(byteChunks())));
      assert.equal(records[0].identities.cmid, guidFor(3));
    });
  });

  describe('event 12290 XML (wevtutil qe /f:xml)', () => {
    it('reads one-string and per-field EventData, with and without a root', async () => {
      for (const options of [{}, {perFieldData: true}, {withRoot: true}]) {
        const {records, errors} = await collect(readEventsXml(chunksOf(eventsXml([event(0), event(1)], options), 13)));
        assert.deepEqual(errors, [], JSON.stringify(options));
        assert.deepEqual(records.map((r) => r.identities.cmid), [guidFor(0), guidFor(1)]);
        assert.equal(records[0].activatedAt, T0.getTime());
        assert.equal(records[1].line, options.withRoot ? 3 : 2);
      }
    });

    it('reports a broken event with its line and reads the next', async () => {
      const lines = eventsXml([event(0), event(1), event(2)]).split('\r\n');
      lines[1] = lines[1].replace('<System>', '<System><Bad attr=>');
      const {records, errors} = await collect(readEventsXml(chunksOf(lines.join('\r\n'))));
      assert.deepEqual(records.map((r) => r.line), [1, 3]);
      assert.equal(errors.length, 1);
      assert.equal(errors[0].line, 2);
      assert.match(errors[0].message, /not well-formed/);
    });
  });

  it('event XML: reports an event cut off by the next one, and reads the next', async () => {
    const lines = eventsXml([event(0), event(1)]).split('\r\n');
    lines[0] = lines[0].slice(0, 120);
    const {records, errors} = await collect(readEventsXml(chunksOf(lines.join('\r\n'))));
    assert.deepEqual(errors, [{line: 1, message: 'event not closed before the next <Event>'}]);
    assert.deepEqual(records.map((r) => r.line), [2]);
  });

  describe('slmgr /dlv text', () => {
    it('reads one record per machine with CMID, name, product kind', async () => {
      const text = slmgrDlv({machineName: 'PC01', cmid: `{${guidFor(1).toUpperCase()}}`}) + slmgrDlv({cmid: guidFor(2), product: 'Windows(R), ServerStandard edition'});
      const {records, errors} = await collect(readSlmgrDlv(chunksOf(text)));
      assert.deepEqual(errors, []);
      assert.equal(records.length, 2);
      assert.deepEqual(records[0].identities, {computerName: 'PC01', cmid: guidFor(1)});
      assert.equal(records[0].line, 1);
      assert.equal(records[1].osKind, 'server');
      assert.equal(records[1].line, 27); // its version line: the banner above has no fields
    });

    it('reads the KMS host and the remaining rearm count', async () => {
      const text = slmgrDlv({cmid: guidFor(1), kmsHost: 'KMS01.corp.example:1688', rearmCount: 0}) + slmgrDlv({cmid: guidFor(2), kmsHost: 'KMS name not available'});
      const {records} = await collect(readSlmgrDlv(chunksOf(text)));
      assert.deepEqual(records.map((r) => [r.kmsHost, r.rearmsLeft]), [['kms01.corp.example:1688', 0], [undefined, 1001]]);
    });

    it('marks a machine whose license status says activation ran out', async () => {
      const {records} = await collect(readSlmgrDlv(chunksOf(slmgrDlv({cmid: guidFor(5), status: 'Notification', expirationMinutes: 0}))));
      assert.equal(records[0].activationExpired, 'Notification');
    });

    it('reports an unreadable CMID line by number', async () => {
      const {records, errors} = await collect(readSlmgrDlv(chunksOf(slmgrDlv({cmid: 'zzz'}))));
      assert.equal(records.length, 1);
      assert.equal(errors[0].line, 18);
      assert.match(errors[0].message, /CMID "zzz"/);
    });
  });

  describe('CSV inventory', () => {
    it('maps columns case-insensitively and normalizes identities', async () => {
      const text = inventoryCsv(['Computer Name', 'cmid', 'MACHINEGUID', 'Machine_SID', 'SusClientID', 'DUID', 'LastActivation', 'OS'], [
        {'Computer Name': 'pc01.corp.example', cmid: guidFor(1).toUpperCase(), MACHINEGUID: `{${guidFor(2)}}`, Machine_SID: 's-1-5-21-1-2-3', SusClientID: guidFor(3), DUID: '00-01-00-01-2C-3D', LastActivation: '2026-05-01T10:00:00Z', OS: 'Windows Server 2022 Standard'},
      ]);
      const {records, errors} = await collect(readInventoryCsv(chunksOf(text)));
      assert.deepEqual(errors, []);
      assert.deepEqual(records[0], {
        line: 2,
        machine: 'pc01.corp.example',
        identities: {cmid: guidFor(1), machineSid: 'S-1-5-21-1-2-3', machineGuid: guidFor(2), susClientId: guidFor(3), dhcpv6Duid: '000100012c3d', computerName: 'PC01'},
        activatedAt: Date.parse('2026-05-01T10:00:00Z'),
        osKind: 'server',
      });
    });

    it('reports bad values with their line and keeps reading', async () => {
      const text = inventoryCsv(['ComputerName', 'MachineGuid', 'LastActivation'], [
        {ComputerName: 'A', MachineGuid: guidFor(1)},
        {ComputerName: 'B', MachineGuid: 'nope'},
        {ComputerName: 'C', MachineGuid: guidFor(3), LastActivation: '2026-13-45'},
        {ComputerName: 'D', MachineGuid: guidFor(4)},
      ]);
      const {records, errors} = await collect(readInventoryCsv(chunksOf(text)));
      assert.deepEqual(records.map((r) => r.machine), ['A', 'D']);
      assert.deepEqual(errors.map((e) => e.line), [3, 4]);
    });

    it('rejects a header without identity columns', async () => {
      const {errors} = await collect(readInventoryCsv(chunksOf('Foo,Bar\r\n1,2\r\n')));
      assert.equal(errors[0].line, 1);
    });
  });

  describe('fingerprint files', () => {
    const fp = (n: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      kind: 'winprep-fingerprint',
      version: 1,
      machineGuid: guidFor(n),
      computerName: `PC${n}`,
      osKind: 'client',
      identitiesRegenerated: false,
      cmidRegenerated: false,
      ...extra,
    });

    it('reads envelopes, bare objects, JSON Lines and arrays', async () => {
      const text = [
        JSON.stringify({status: 0, result: fp(1), warnings: []}, null, 2),
        JSON.stringify(fp(2)),
        JSON.stringify([fp(3), fp(4, {identitiesRegenerated: true, cmidRegenerated: true})], null, 1),
      ].join('\n');
      const {records, errors} = await collect(readFingerprints(chunksOf(text, 11)));
      assert.deepEqual(errors, []);
      assert.deepEqual(records.map((r) => r.identities.machineGuid), [1, 2, 3, 4].map((n) => guidFor(n)));
      assert.deepEqual(records.map((r) => r.regenerated), [false, false, false, true]);
      assert.deepEqual(records.map((r) => r.sharesCmidOnClone), [true, true, true, false]);
      assert.equal(records[1].line, JSON.stringify({status: 0, result: fp(1), warnings: []}, null, 2).split('\n').length + 1);
    });

    it('reports other JSON, newer versions and broken objects by line, and goes on', async () => {
      const text = [JSON.stringify({kind: 'other'}), JSON.stringify(fp(1, {version: 2})), '{"kind": "winprep-fingerprint",, }', JSON.stringify(fp(5))].join('\n');
      const {records, errors} = await collect(readFingerprints(chunksOf(text)));
      assert.equal(records.length, 1);
      assert.deepEqual(errors.map((e) => e.line), [1, 2, 3]);
      assert.match(errors[1].message, /version 2/);
    });
  });
});
