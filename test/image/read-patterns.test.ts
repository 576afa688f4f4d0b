/** The declared-read patterns (src/image/read-patterns.ts): what `*` and `**` match, by example and by property. */
import assert from 'node:assert/strict';

import {readMatcher} from '../../src/image/read-patterns.js';
import {seededRandom} from '../helpers/seeded-random.js';

const SEGMENTS = ['windows', 'system32', 'config', 'software', 'panther', 'a.b', 'x(1)', 'setup+', 'sam.log1', '$x', 'unattend.xml'];

function randomKey(next: () => number): string {
  const depth = 1 + Math.floor(next() * 5);
  return Array.from({length: depth}, () => SEGMENTS[Math.floor(next() * SEGMENTS.length)]!).join('/');
}

describe('image/read-patterns readMatcher', () => {
  it('matches a file exactly, ignoring case and a leading slash or backslashes in the pattern', () => {
    const m = readMatcher(['/Windows\\System32\\kernel32.dll']);
    assert.equal(m('windows/system32/kernel32.dll'), true);
    assert.equal(m('windows/system32/kernel32.dll.mui'), false);
    assert.equal(m('windows/system32'), false);
  });

  it('`*` stays within one segment; `**` spans any depth below', () => {
    const hives = readMatcher(['Windows/System32/config/*']);
    assert.equal(hives('windows/system32/config/software.log1'), true);
    assert.equal(hives('windows/system32/config/regback/software'), false);
    const panther = readMatcher(['Windows/Panther/**']);
    assert.equal(panther('windows/panther/unattend.xml'), true);
    assert.equal(panther('windows/panther/unattend/unattend.xml'), true);
    assert.equal(panther('windows/panther'), false);
    assert.equal(panther('windows/panthers/x'), false);
    const middle = readMatcher(['a/**/z.txt']);
    assert.equal(middle('a/z.txt'), true);
    assert.equal(middle('a/b/c/z.txt'), true);
    assert.equal(middle('a/b/c/z.txt/d'), false);
  });

  it('treats regular-expression characters in names literally', () => {
    const m = readMatcher(['x(1)/setup+/a.b']);
    assert.equal(m('x(1)/setup+/a.b'), true);
    assert.equal(m('x1/setupp/aXb'), false);
  });

  it('no patterns match nothing; several match any of them', () => {
    assert.equal(readMatcher([])('windows/system32/config/sam'), false);
    const m = readMatcher(['*.xml', 'Windows/SMSCFG.INI']);
    assert.equal(m('autounattend.xml'), true);
    assert.equal(m('windows/smscfg.ini'), true);
    assert.equal(m('windows/unattend.xml'), false);
  });

  it('property: `p/**` matches exactly the keys below p, `p/*` exactly its direct children (2,000 random keys)', () => {
    const next = seededRandom(20261206);
    for (let i = 0; i < 2000; i++) {
      const key = randomKey(next);
      const prefix = randomKey(next).split('/').slice(0, 2).join('/');
      const below = key.startsWith(`${prefix}/`);
      assert.equal(readMatcher([`${prefix}/**`])(key), below, `${prefix}/** on ${key}`);
      const child = below && !key.slice(prefix.length + 1).includes('/');
      assert.equal(readMatcher([`${prefix}/*`])(key), child, `${prefix}/* on ${key}`);
      assert.equal(readMatcher([key.toUpperCase()])(key), true, `${key} matches itself in any case`);
    }
  });
});
