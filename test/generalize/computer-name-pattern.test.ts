import assert from 'node:assert/strict';

import fc from 'fast-check';

import {isWinprepError} from '../../src/errors.js';
import {checkComputerName, computerNameProblem} from '../../src/generalize/computer-name-pattern.js';

describe('--computer-name validation (docs/reference/answer-files.md#settings)', () => {
  it('accepts * and ordinary names', () => {
    for (const name of ['*', 'LAB-PC01', 'a', 'WS2022-BUILD-15']) assert.equal(computerNameProblem(name), undefined, name);
  });

  it('says what is wrong with a bad name', () => {
    assert.match(computerNameProblem('') ?? '', /empty/);
    assert.match(computerNameProblem('ABCDEFGHIJKLMNOP') ?? '', /15 bytes/);
    assert.match(computerNameProblem('LAB PC') ?? '', /forbidden/);
    assert.match(computerNameProblem('LAB.PC') ?? '', /forbidden/);
    assert.match(computerNameProblem('PC*') ?? '', /forbidden/);
    assert.match(computerNameProblem('12345') ?? '', /all digits/);
    assert.match(computerNameProblem('-PC') ?? '', /hyphen/);
  });

  it('throws bad input (exit 3) naming the flag', () => {
    assert.throws(
      () => checkComputerName('bad name'),
      (e: unknown) => isWinprepError(e) && e.exitCode === 3 && /--computer-name "bad name"/.test(e.message),
    );
  });

  it('accepts every 1-15 character name of letters, digits and inner hyphens that is not all digits (property)', () => {
    const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''));
    const inner = fc.constantFrom(...'ABCXYZabcxyz0189-'.split(''));
    const name = fc
      .tuple(alnum, fc.array(inner, {maxLength: 13}), alnum)
      .map(([a, mid, b]) => `${a}${mid.join('')}${b}`)
      .filter((n) => !/^[0-9]+$/.test(n));
    fc.assert(fc.property(name, (n) => computerNameProblem(n) === undefined));
  });

  it('rejects every name containing a forbidden character (property)', () => {
    const forbidden = fc.constantFrom(...' {|}~[\\]^\':;<=>?@!"#$%`()+/.,*&'.split(''));
    fc.assert(
      fc.property(fc.string({maxLength: 5}), forbidden, fc.string({maxLength: 5}), (a, bad, b) => {
        const n = `X${a}${bad}${b}`;
        return n === '*' || computerNameProblem(n) !== undefined;
      }),
    );
  });
});
