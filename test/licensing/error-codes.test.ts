import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';

import {WinprepError} from '../../src/errors.js';
import {ACTIVATION_ERROR_CODES, lookupErrorCode, readCodeText, signedDecimal} from '../../src/licensing/error-codes.js';
import {KMS_EVENTS, lookupKmsEvent} from '../../src/licensing/events.js';
import {explainCode} from '../../src/licensing/explain.js';
import {projectRoot} from '../helpers/cli.js';

describe('licensing/error-codes', () => {
  it('holds exactly the codes of the table in docs/reference/activation-errors.md', () => {
    const text = readFileSync(path.join(projectRoot, 'docs', 'reference', 'activation-errors.md'), 'utf8');
    const table = text.split('<a id="error-codes"></a>')[1].split('<a id="dns-info-no-records"></a>')[0];
    const listed = new Set(table.split('\n').flatMap((line) => /^\| (0x[0-9A-F]{8}) \|/.exec(line)?.[1] ?? []));
    assert.equal(listed.size, 25, 'the reference table lost rows');
    assert.deepEqual(new Set(ACTIVATION_ERROR_CODES.map((row) => row.hex)), listed);
  });

  it('every entry has a meaning, a likely cause and something to check', () => {
    assert.equal(ACTIVATION_ERROR_CODES.length, 25);
    for (const row of ACTIVATION_ERROR_CODES) {
      assert.match(row.hex, /^0x[0-9A-F]{8}$/);
      assert.ok(row.meaning && row.causes.length > 0 && row.checks.length > 0, row.hex);
    }
    assert.equal(new Set(ACTIVATION_ERROR_CODES.map((r) => r.code)).size, ACTIVATION_ERROR_CODES.length);
  });

  it('finds 0xC004F038 in every notation', () => {
    for (const text of ['0xC004F038', '0xc004f038', 'C004F038', '-1073418184', '3221549112', ' 0xC004F038 ']) {
      const found = lookupErrorCode(text);
      assert.equal(found?.entry.symbol, 'SL_E_VL_NOT_ENOUGH_COUNT', text);
    }
    assert.equal(lookupErrorCode('-1073418184')?.notation, 'signed-decimal');
    assert.equal(lookupErrorCode('C004F038')?.notation, 'hex');
  });

  it('reads eight digits as hex when the decimal reading is unknown (0x80070005)', () => {
    assert.equal(lookupErrorCode('80070005')?.entry.symbol, 'E_ACCESSDENIED');
  });

  it('refuses out-of-range and malformed numbers', () => {
    for (const text of ['', '0x', '0x1C004F038', '-2147483649', '4294967296', 'C004F03', 'C004F038Z', '12.5', 'kms']) {
      assert.equal(lookupErrorCode(text), undefined, text);
    }
    assert.deepEqual(readCodeText('-2147483648'), [{code: 0x80000000, notation: 'signed-decimal'}]);
  });

  it('property: hex, signed and unsigned forms of any 32-bit value read back to it', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 0xffffffff}), (code) => {
        const hex = `0x${code.toString(16)}`;
        assert.equal(readCodeText(hex)[0].code, code);
        assert.equal(readCodeText(String(signedDecimal(code)))[0].code, code);
        assert.ok(readCodeText(String(code)).some((r) => r.code === code));
      }),
    );
  });
});

describe('licensing/events and explain', () => {
  it('lists the KMS events of docs/reference/kms.md#events with fields', () => {
    const page = readFileSync(path.join(projectRoot, 'docs', 'reference', 'kms.md'), 'utf8').split('<a id="events"></a>')[1].split('<a id="host-scripts"></a>')[0];
    const documented = page.split('\n').flatMap((line) => /^\| (\d{5}) \|/.exec(line)?.[1] ?? []).map(Number);
    assert.deepEqual(documented, [12288, 12289, 12290, 12292, 12293, 12294]);
    assert.deepEqual(KMS_EVENTS.map((e) => e.id), documented);
    assert.ok(lookupKmsEvent('12290')?.fields.includes('CMID'));
    assert.equal(lookupKmsEvent('12291'), undefined);
    assert.equal(lookupKmsEvent('0x3000'), undefined);
  });

  it('explains codes and events, and the count error names 25/5 and duplicate CMIDs', () => {
    const count = explainCode('-1073418184');
    assert.equal(count.kind, 'error-code');
    assert.ok(count.kind === 'error-code' && count.signedDecimal === -1073418184 && count.unsignedDecimal === 3221549112);
    const text = JSON.stringify(count);
    assert.match(text, /25/);
    assert.match(text, /\b5\b/);
    assert.match(text, /[Dd]uplicate/);
    assert.equal(explainCode('12293').kind, 'event');
  });

  it('an unknown code is bad input (exit 3) with a hint', () => {
    assert.throws(() => explainCode('0x12345678'), (error: unknown) => {
      assert.ok(error instanceof WinprepError);
      assert.equal(error.exitCode, 3);
      assert.match(error.message, /0x12345678/);
      assert.ok(error.hint);
      return true;
    });
  });
});
