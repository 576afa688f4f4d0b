import assert from 'node:assert/strict';

import fc from 'fast-check';

import {readImageState, setImageState} from '../../src/generalize/state-ini.js';

const RESEAL = 'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE';

describe('State.ini ImageState edits (docs/reference/setup-state.md#image-state)', () => {
  it('rewrites only the ImageState line, keeping CRLF and other lines', () => {
    const before = Buffer.from('[State]\r\nImageState="IMAGE_STATE_COMPLETE"\r\nOther=1\r\n', 'latin1');
    const edit = setImageState(before, RESEAL);
    assert.ok(edit);
    assert.equal(edit.before, 'IMAGE_STATE_COMPLETE');
    assert.equal(edit.bytes.toString('latin1'), `[State]\r\nImageState="${RESEAL}"\r\nOther=1\r\n`);
  });

  it('adds the line under [State] when missing, and the section when absent', () => {
    assert.equal(setImageState(Buffer.from('[State]\r\nX=1\r\n'), RESEAL)?.bytes.toString(), `[State]\r\nImageState="${RESEAL}"\r\nX=1\r\n`);
    assert.equal(setImageState(Buffer.from('[Other]\nY=2'), RESEAL)?.bytes.toString(), `[Other]\nY=2\n[State]\nImageState="${RESEAL}"\n`);
  });

  it('creates the file from the template when the image has none', () => {
    const edit = setImageState(undefined, RESEAL);
    assert.equal(edit?.bytes.toString('latin1'), `[State]\r\nImageState="${RESEAL}"\r\n`);
    assert.equal(edit?.before, undefined);
  });

  it('keeps a UTF-16 file UTF-16', () => {
    const text = '[State]\r\nImageState="IMAGE_STATE_COMPLETE"\r\n';
    const before = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const edit = setImageState(before, RESEAL);
    assert.ok(edit);
    assert.deepEqual([...edit.bytes.subarray(0, 2)], [0xff, 0xfe]);
    assert.equal(readImageState(edit.bytes), RESEAL);
  });

  it('is idempotent and reads back what it wrote, for any file (property)', () => {
    const line = fc.stringMatching(/^[A-Za-z[\]="_ 0-9]{0,30}$/);
    fc.assert(
      fc.property(fc.array(line, {maxLength: 6}), fc.boolean(), (lines, crlf) => {
        const original = Buffer.from(lines.join(crlf ? '\r\n' : '\n'), 'latin1');
        const first = setImageState(original, RESEAL);
        const bytes = first ? first.bytes : original;
        assert.equal(readImageState(bytes), RESEAL);
        assert.equal(setImageState(bytes, RESEAL), undefined);
      }),
    );
  });
});
