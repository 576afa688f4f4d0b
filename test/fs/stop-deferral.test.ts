/** Stop signals held back during commit sections (src/fs/stop-deferral.ts). */
import assert from 'node:assert/strict';

import {uninterruptible, whenStoppable} from '../../src/fs/stop-deferral.js';

describe('fs/stop-deferral', () => {
  it('outside a section the stop runs at once', () => {
    const calls: string[] = [];
    assert.equal(whenStoppable(() => calls.push('stop')), false);
    assert.deepEqual(calls, ['stop']);
  });

  it('inside a section the stop runs once the section has ended, after its last step', async () => {
    const calls: string[] = [];
    await uninterruptible(async () => {
      calls.push('rename 1');
      assert.equal(whenStoppable(() => calls.push('stop')), true);
      await new Promise((resolve) => setImmediate(resolve));
      calls.push('rename 2');
    });
    assert.deepEqual(calls, ['rename 1', 'rename 2', 'stop']);
  });

  it('nested sections wait for the outermost; a failing section still lets the stop through', async () => {
    const calls: string[] = [];
    await assert.rejects(
      uninterruptible(async () => {
        await uninterruptible(async () => {
          whenStoppable(() => calls.push('stop'));
        });
        calls.push('outer goes on');
        throw new Error('commit failed');
      }),
      /commit failed/,
    );
    assert.deepEqual(calls, ['outer goes on', 'stop']);
  });
});
