/**
 * What the schema cannot check in a profile (src/prepare/check-profile.ts): unknown generalize operations and
 * validate rules, and a bad computer name, each reported in one line naming the file and the JSON path, with a
 * did-you-mean where a close name exists.
 */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import type {Profile} from '../../src/licensing/profile.js';
import {checkProfileFile, checkProfileOperations} from '../../src/prepare/check-profile.js';
import {projectRoot} from '../helpers/cli.js';

/** The bad-input error checkProfileOperations throws for `profile`, checked to be one line naming the file. */
function refusal(profile: Profile, file = 'site/profile.json'): WinprepError {
  try {
    checkProfileOperations(profile, file);
  } catch (error) {
    assert.ok(error instanceof WinprepError, String(error));
    assert.equal(error.exitCode, 3);
    assert.ok(error.message.startsWith(`${file}: `), error.message);
    assert.ok(!error.message.includes('\n'), error.message);
    return error;
  }
  assert.fail('the profile was accepted');
}

describe('prepare/check-profile', () => {
  it('accepts the shipped profiles and every spelling of operations the generalize command takes', () => {
    checkProfileOperations({generalize: {operations: ['defaults', '+machine-guid', '-skip-rearm', 'all'], computerName: 'REF-01'}, validate: {rules: ['WP010'], skipRules: ['WP090']}}, 'p.json');
    checkProfileOperations({generalize: {computerName: '*'}}, 'p.json');
    checkProfileOperations({}, 'p.json');
  });

  it('an unknown operation: the JSON path of its array item, and the operation it was meant to be', () => {
    const error = refusal({generalize: {operations: ['defaults', '+machine-guid', 'machine-giud']}});
    assert.match(error.message, /^site\/profile\.json: \/generalize\/operations\/2: unknown operation "machine-giud" \(did you mean "machine-guid"\?\)/);
    assert.match(error.hint ?? '', /--list-operations/);
  });

  it('reports the first unknown operation, not a later one', () => {
    assert.match(refusal({generalize: {operations: ['reseal-typo', 'also-wrong']}}).message, /\/generalize\/operations\/0: unknown operation "reseal-typo"/);
  });

  it('an unknown rule in rules or skipRules: its JSON path, and the list-rules hint', () => {
    const only = refusal({validate: {rules: ['WP010', 'WP999']}});
    assert.match(only.message, /\/validate\/rules\/1: unknown rule "WP999"$/, 'no suggestion: WP999 is no closer to one rule than to another');
    assert.match(refusal({validate: {rules: ['WP91']}}).message, /unknown rule "WP91" \(did you mean "WP091"\?\)/);
    assert.match(refusal({validate: {rules: ['skip-reaarm']}}).message, /did you mean "skip-rearm"/);
    assert.match(refusal({generalize: {operations: ['defualts']}}).message, /unknown operation "defualts" \(did you mean "defaults"\?\)/);
    assert.match(only.hint ?? '', /--list-rules/);
    assert.match(refusal({validate: {skipRules: ['nope']}}).message, /\/validate\/skipRules\/0: unknown rule "nope"/);
  });

  it('a bad computer name: /generalize/computerName', () => {
    const error = refusal({generalize: {computerName: 'NAME WITH SPACES AND TOO LONG'}});
    assert.match(error.message, /\/generalize\/computerName: the computer name "NAME WITH SPACES AND TOO LONG" /);
    assert.equal(error.message.includes('--computer-name'), false, 'names the setting, not a flag the user never passed');
    assert.equal(error.code, 'BAD_COMPUTER_NAME');
  });

  describe('checkProfileFile (schema, then operations)', () => {
    let dir: string;
    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-check-profile-'));
    });
    after(async () => dir && fs.rm(dir, {recursive: true, force: true}));

    it('the shipped kms-client profile checks clean', async () => {
      const result = await checkProfileFile(path.join(projectRoot, 'fixtures', 'profiles', 'kms-client.json'));
      assert.deepEqual(result.profile.generalize, {operations: ['defaults']});
    });

    it('a schema-valid file with an unknown operation is refused naming the file and the path', async () => {
      const file = path.join(dir, 'typo.json');
      await fs.writeFile(file, JSON.stringify({generalize: {operations: ['defaults', 'kms-cahce']}}));
      await assert.rejects(checkProfileFile(file), (error: unknown) => {
        assert.ok(error instanceof WinprepError);
        assert.equal(error.exitCode, 3);
        assert.equal(error.message.split('\n').length, 1);
        assert.match(error.message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: /generalize/operations/1: unknown operation "kms-cahce" \\(did you mean "kms-cache"\\?\\)`));
        return true;
      });
    });
  });
});
