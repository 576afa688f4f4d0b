import assert from 'node:assert/strict';

import type {Explanation} from '../../src/licensing/explain.js';
import {parseJsonOutput, runCli} from '../helpers/cli.js';

describe('winprep kms explain', () => {
  for (const code of ['0xC004F038', 'C004F038', '-1073418184']) {
    it(`${code} names the 25/5 threshold and duplicate machine IDs (human, exit 0)`, () => {
      const run = runCli(['kms', 'explain', '--', code]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^0xC004F038 {2}SL_E_VL_NOT_ENOUGH_COUNT$/m);
      assert.match(run.stdout, /25 for client OSes, 5 for server OSes/);
      assert.match(run.stdout, /Duplicate client machine IDs \(CMIDs\)/);
      assert.match(run.stdout, /-1073418184 \(signed\)/);
    });
  }

  it('--json gives the typed explanation with both decimal forms', () => {
    const doc = parseJsonOutput<Explanation>(runCli(['kms', 'explain', '--json', '--', '-1073418184']));
    assert.equal(doc.status, 0);
    const result = doc.result!;
    assert.equal(result.kind, 'error-code');
    assert.ok(result.kind === 'error-code');
    assert.equal(result.notation, 'signed-decimal');
    assert.equal(result.unsignedDecimal, 3221549112);
    assert.equal(result.entry.symbol, 'SL_E_VL_NOT_ENOUGH_COUNT');
  });

  it('0x8007251D gives its symbol DNS_INFO_NO_RECORDS (9501)', () => {
    const run = runCli(['kms', 'explain', '0x8007251D']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^0x8007251D {2}DNS_INFO_NO_RECORDS$/m);
    assert.match(run.stdout, /9501/);
  });

  it("0xC004F074's cause is Microsoft's: the KMS host systems the client contacted all returned errors", () => {
    const run = runCli(['kms', 'explain', '0xC004F074']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /No Key Management Service \(KMS\) could be contacted/);
    assert.match(run.stdout, /all the KMS host systems the client tried to contact returned errors/i);
  });

  it('explains KMS event 12293 in human and --json mode', () => {
    const human = runCli(['kms', 'explain', '12293']);
    assert.equal(human.status, 0);
    assert.match(human.stdout, /^Event 12293 {2}logged by the KMS host/);
    assert.match(human.stdout, /publish/);
    const doc = parseJsonOutput<Explanation>(runCli(['kms', 'explain', '12293', '--json']));
    assert.equal(doc.result?.kind, 'event');
  });

  it('--list shows every code and event', () => {
    const run = runCli(['kms', 'explain', '--list']);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^CODE\s+SYMBOL\s+MEANING$/m);
    assert.match(run.stdout, /^0x80070005\s+E_ACCESSDENIED\s+Access denied\.$/m);
    assert.match(run.stdout, /^12294\s+host\s+/m);
  });

  it('an unknown code exits 3 with one line and a hint, also under --json', () => {
    const human = runCli(['kms', 'explain', '0x12345678']);
    assert.equal(human.status, 3);
    assert.equal(human.stdout, '');
    assert.equal(human.stderr.split('\n')[0], 'winprep: "0x12345678" is not a known activation error code or KMS event ID');
    assert.match(human.stderr, /^hint: /m);
    const json = runCli(['kms', 'explain', '12291', '--json']);
    assert.equal(json.status, 3);
    const doc = parseJsonOutput(json);
    assert.equal(doc.status, 3);
    assert.equal(doc.error?.code, 'UNKNOWN_CODE');
  });

  it('no code and no --list is a usage error (exit 2)', () => {
    const run = runCli(['kms', 'explain']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /give an error code/);
  });
});
