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
  it('holds every code of domain.md §4 (when the reference is checked out beside the repo)', function () {
    let section = '';
    try {
      section = readFileSync(path.join(projectRoot, '..', 'shared', 'reference', 'domain.md'), 'utf8').split('## 4.')[1].split('\n## 5.')[0];
    } catch {
      this.skip();
    }
    const listed = new Set([...section.matchAll(/0x[0-9A-F]{8}/g)].map((m) => m[0]));
    listed.delete('0x80072338'); // named inside the 12293 event text of §3, not a row of §4
    const known = new Set(ACTIVATION_ERROR_CODES.map((row) => row.hex));
    for (const hex of listed) assert.ok(known.has(hex), `${hex} missing`);
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
  it('lists the KMS events of domain.md §3.3 with fields', () => {
    assert.deepEqual(KMS_EVENTS.map((e) => e.id), [12288, 12289, 12290, 12292, 12293, 12294]);
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
