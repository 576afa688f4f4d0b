/** Regressions for the three bad-input bugs the hostile-input audit found in other engineers' areas. */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {createSample, expectRefusal, scratch} from './helpers.js';

describe('robustness: lead fixes', function () {
  let dir: string;
  let sample: string;

  before(async function () {
    dir = await scratch('lead-fixes');
    sample = createSample(dir, 'sample');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  it('an invalid --computer-name is bad input (exit 3), like every other invalid value', () => {
    for (const name of ['has space', 'WAY-TOO-LONG-FOR-NETBIOS', '12345']) {
      expectRefusal(['image', 'generalize', sample, '--computer-name', name], {status: 3, file: '--computer-name', what: /--computer-name/});
    }
  });

  it('reg import of a binary file quotes a short, printable excerpt', async () => {
    const garbage = path.join(dir, 'garbage.reg');
    await fs.writeFile(garbage, Buffer.from([0x47, 0xff, 0xfe, 0x05, 0x00, 0x01, 0x02, ...Buffer.alloc(4000, 0x07)]));
    const hive = path.join(sample, 'Windows', 'System32', 'config', 'SYSTEM');
    const run = expectRefusal(['reg', 'import', hive, garbage, '--dry-run'], {status: 3, file: garbage, what: /not a registry file/});
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(run.stderr, /[\u0000-\u0008\u000b-\u001f\ufffd]/);
  });

  it('profile init onto an existing folder is exit 3 naming the folder, with or without --force', async () => {
    const folder = path.join(dir, 'a-folder');
    await fs.mkdir(folder);
    expectRefusal(['profile', 'init', folder, '--force'], {status: 3, file: folder, what: /is a folder/});
    expectRefusal(['profile', 'init', folder], {status: 3, file: folder, what: /is a folder/});
  });
});
