import assert from 'node:assert/strict';
import fc from 'fast-check';

import {WinprepError} from '../../src/errors.js';
import {innerKey, isUnder, normalizeInnerPath, splitInnerPath} from '../../src/image/paths.js';

describe('image/paths', () => {
  it('splits on / and \\, drops empty and . parts', () => {
    assert.deepEqual(splitInnerPath('\\Windows//System32/./config\\SYSTEM'), ['Windows', 'System32', 'config', 'SYSTEM']);
    assert.equal(normalizeInnerPath('/Windows/'), 'Windows');
    assert.equal(innerKey('WINDOWS\\system32'), 'windows/system32');
  });

  it('refuses .. so no inner path can leave the image', () => {
    assert.throws(() => splitInnerPath('Windows/../../etc/passwd'), (e: unknown) => e instanceof WinprepError && e.exitCode === 3);
  });

  it('isUnder compares case-insensitively', () => {
    assert.ok(isUnder('windows/panther/unattend.xml', 'Windows/Panther'));
    assert.ok(isUnder('anything', ''));
    assert.ok(!isUnder('Windows/PantherX/a', 'Windows/Panther'));
  });

  it('property: normalizing is idempotent and keys ignore case and separators', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9 _.-]{1,8}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(part, {minLength: 1, maxLength: 6}), fc.boolean(), (parts, backslash) => {
        const joined = parts.join(backslash ? '\\' : '/');
        const once = normalizeInnerPath(joined);
        assert.equal(normalizeInnerPath(once), once);
        assert.equal(innerKey(joined.toUpperCase()), innerKey(joined.toLowerCase()));
      }),
    );
  });
});
