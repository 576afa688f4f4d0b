/** Progress helpers as commands use them: silent under --json, results and errors passed through. */
import assert from 'node:assert/strict';

import {runStep, stepRunner} from '../../src/cli/progress.js';

describe('progress helpers', () => {
  it('runStep returns what the work returns, after the progress reports', async () => {
    const reports: string[] = [];
    const result = await runStep(
      'Counting',
      async (report) => {
        report('half way');
        reports.push('reported');
        return {count: 3};
      },
      {json: true},
    );
    assert.deepEqual(result, {count: 3});
    assert.deepEqual(reports, ['reported']);
  });

  it('runStep rethrows the error of the work', async () => {
    await assert.rejects(
      runStep(
        'Failing',
        async () => {
          throw new Error('bad image');
        },
        {json: true},
      ),
      /bad image/,
    );
  });

  it('stepRunner runs the steps in order on one context and skips what asks to be skipped', async () => {
    const run = stepRunner({json: true});
    const ctx = await run<{seen: string[]}>(
      [
        {title: 'one', run: (c) => void c.seen.push('one')},
        {title: 'two', run: (c) => void c.seen.push('two'), skip: () => 'not needed'},
        {title: 'three', run: (c) => void c.seen.push('three')},
      ],
      {seen: []},
    );
    assert.deepEqual(ctx.seen, ['one', 'three']);
  });
});
