import assert from 'node:assert/strict';

import fc from 'fast-check';

import {eventsCsv, eventsXml, guidFor, slmgrDlv} from '../../fixtures/fleet/generators.js';
import {FleetAudit} from '../../src/fleet/audit.js';
import {readEventsCsv} from '../../src/fleet/readers/events-csv.js';
import {readEventsXml} from '../../src/fleet/readers/events-xml.js';
import {readFingerprints} from '../../src/fleet/readers/fingerprint-json.js';
import {readInventoryCsv} from '../../src/fleet/readers/inventory-csv.js';
import {readSlmgrDlv} from '../../src/fleet/readers/slmgr-dlv.js';
import {csvField, renderFleetCsv, renderFleetText} from '../../src/fleet/render.js';
import type {ReaderItem} from '../../src/fleet/types.js';

type Reader = (chunks: AsyncIterable<string>) => AsyncIterable<ReaderItem>;

const READERS: [string, Reader][] = [
  ['events-csv', (c) => readEventsCsv(c)],
  ['events-xml', readEventsXml],
  ['fingerprint', readFingerprints],
  ['inventory-csv', (c) => readInventoryCsv(c)],
  ['slmgr-dlv', readSlmgrDlv],
];

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** Valid inputs with bytes flipped, cut or repeated: what a damaged export looks like. */
const damaged = fc
  .tuple(
    fc.constantFrom(
      eventsCsv([{time: new Date(2026, 0, 2), fqdn: 'pc1.corp.example', cmid: guidFor(1)}]),
      eventsXml([{time: new Date(2026, 0, 2), fqdn: 'pc1', cmid: guidFor(2)}]),
      slmgrDlv({cmid: guidFor(3), machineName: 'PC3'}),
      '{"kind":"winprep-fingerprint","version":1,"machineGuid":"' + guidFor(4) + '"}',
      'ComputerName,CMID\r\nPC5,' + guidFor(5) + '\r\n',
    ),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('"', ',', '\n', '\r', '<', '>', '{', '}', ':', '', 'x', '\u0000')), {maxLength: 6}),
  )
  .map(([text, edits]) => edits.reduce((t, [at, ch]) => t.slice(0, at % (t.length + 1)) + ch + t.slice((at % (t.length + 1)) + 1), text));

describe('fleet/readers robustness', () => {
  for (const [name, reader] of READERS) {
    it(`${name}: damaged or random input yields records and line-numbered errors, never a throw`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(damaged, fc.string({maxLength: 200})), async (text) => {
          const lines = text.split('\n').length;
          for await (const item of reader(once(text))) {
            const line = 'record' in item ? item.record.line : item.error.line;
            assert.ok(line >= 1 && line <= lines, `line ${line} of ${lines}`);
          }
        }),
        {numRuns: 150},
      );
    });
  }
});

describe('fleet/render', () => {
  const report = (): ReturnType<FleetAudit['report']> => {
    const audit = new FleetAudit(['inv.csv'], {now: Date.UTC(2026, 10, 23)});
    audit.add(0, {line: 2, machine: '=cmd|calc', identities: {machineGuid: guidFor(1)}});
    audit.add(0, {line: 3, machine: 'pc2', identities: {machineGuid: guidFor(1)}});
    audit.addError(0, 4, 'CMID "x" is not a GUID');
    return audit.report([{file: 'inv.csv', format: 'inventory-csv', records: 2, errors: 1}]);
  };

  it('text names every duplicate member and unreadable row by file and line', () => {
    const text = renderFleetText(report());
    assert.match(text, /MachineGuid [0-9a-f-]{36}: 2 machines\n {4}inv\.csv:2 \(=cmd\|calc\)\n {4}inv\.csv:3 \(pc2\)/);
    assert.match(text, /inv\.csv:4: CMID "x" is not a GUID/);
    assert.match(text, /MachineGuid: captured without sysprep \/generalize/);
    assert.match(text, /KMS count: no input carries CMIDs/);
    assert.match(text, /Fleet audit FAILED\.$/);
  });

  it('CSV quotes per RFC 4180 and defuses spreadsheet formulas', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "x"'), '"say ""x"""');
    assert.equal(csvField('=1+1'), "'=1+1");
    const csv = renderFleetCsv(report());
    assert.match(csv, /^finding,kind,value,source,machine,detail\r\n/);
    assert.match(csv, /duplicate,machineGuid,[0-9a-f-]{36},inv\.csv:2,'=cmd\|calc,2 machines\r\n/);
    assert.match(csv, /row-error,,,inv\.csv:4,,"CMID ""x"" is not a GUID"\r\n/);
  });
});

describe('fleet/render of a large fleet', () => {
  it('shows at most 20 groups per kind in text, all of them in the report', () => {
    const audit = new FleetAudit(['inv.csv'], {now: Date.UTC(2026, 10, 23)});
    for (let i = 0; i < 50; i++) {
      audit.add(0, {line: 2 * i + 2, identities: {machineGuid: guidFor(i)}});
      audit.add(0, {line: 2 * i + 3, identities: {machineGuid: guidFor(i)}});
    }
    const report = audit.report([]);
    assert.equal(report.duplicates.length, 50);
    const text = renderFleetText(report);
    assert.equal(text.match(/^ {2}MachineGuid /gm)?.length, 20);
    assert.match(text, /… more MachineGuid groups/);
  });
});
