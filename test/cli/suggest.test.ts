/** "Did you mean" for commands: the closest command, and the arguments stay out of the unknown name. */
import assert from 'node:assert/strict';

import {runCli, parseJsonOutput} from '../helpers/cli.js';
import {closest, editDistance} from '../../src/suggest.js';

describe('did you mean', () => {
  it('measures typos as one edit each', () => {
    assert.equal(editDistance('generalise', 'generalize'), 1);
    assert.equal(editDistance('dry-rn', 'dry-run'), 1);
    assert.equal(editDistance('imgae', 'image'), 1);
    assert.equal(closest('machineguid', ['machine-guid', 'panther']), 'machine-guid');
    assert.equal(closest('WP999', ['WP001', 'WP990']), 'WP990');
    assert.equal(closest('zzz', ['image', 'kms']), undefined);
  });

  it('`image generalise x` suggests image generalize and does not swallow the argument', () => {
    const result = runCli(['image', 'generalise', 'x']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^winprep: unknown command "image generalise"$/m);
    assert.match(result.stderr, /did you mean "winprep image generalize"\? \(winprep image --help lists the commands\)/);
  });

  it('gives the suggestion in the JSON error too', () => {
    const doc = parseJsonOutput(runCli(['kms', 'clinet', 'set', '--json']));
    assert.equal(doc.status, 2);
    assert.match(doc.error?.hint ?? '', /kms client set/);
  });
});
