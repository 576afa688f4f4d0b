/** Hostile and damaged tar images: refused with exit 3 naming the archive, nothing written outside it. */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {promises as fs} from 'node:fs';
import path from 'node:path';
import {gzipSync} from 'node:zlib';

import {createSample, expectRefusal, scratch} from './helpers.js';

/** Rewrite the sample archive member by member (dropping `drop`), then run `body` to append members. */
function remix(sample: string, archive: string, body: string, drop = ''): void {
  const script = `
import tarfile, io, sys
src = tarfile.open(sys.argv[1]); out = tarfile.open(sys.argv[2], 'w', format=tarfile.GNU_FORMAT)
for m in src.getmembers():
    if sys.argv[3] and m.name.startswith(sys.argv[3]): continue
    out.addfile(m, src.extractfile(m) if m.isfile() else None)
def f(name, data=b'x'):
    i = tarfile.TarInfo(name); i.size = len(data); out.addfile(i, io.BytesIO(data))
def l(name, target, kind=tarfile.SYMTYPE):
    i = tarfile.TarInfo(name); i.type = kind; i.linkname = target; out.addfile(i)
${body}
out.close()
`;
  const result = spawnSync('python3', ['-c', script, sample, archive, drop], {encoding: 'utf8'});
  assert.equal(result.status, 0, result.stderr);
}

describe('robustness: tar images', function () {
  let dir: string;
  let sample: string;

  before(async function () {
    dir = await scratch('tar');
    sample = createSample(dir, 'sample.tar', 'tar');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  const hostile: [string, string, string, RegExp][] = [
    ['absolute path', `f('/tmp/winprep-robust-escape', b'pwn')`, '', /absolute path/],
    ['".." component', `f('Windows/../../winprep-robust-escape', b'pwn')`, '', /contains "\.\."/],
    ['hard link outside', `l('Windows/hl', '/etc/passwd', tarfile.LNKTYPE)`, '', /hard link to "\/etc\/passwd" leads outside/],
    ['hive as a symlink outside', `l('Windows/System32/config/SYSTEM', '../../../../etc/passwd')`, 'Windows/System32/config/SYSTEM', /symbolic link .* leads outside/],
    // Regression: a file member after the folder's entries was taken, and winprep read hives extraction cannot make.
    ['a folder with entries replaced by a file', `f('Windows/System32/config', b'file')`, '', /replaces a folder that has entries/],
  ];
  for (const [name, body, drop, what] of hostile) {
    it(`refuses ${name} (exit 3), leaves the archive and its folder as they were`, async () => {
      const archive = path.join(dir, `${name.replace(/\W+/g, '-')}.tar`);
      remix(sample, archive, body, drop);
      const before = await fs.readFile(archive);
      expectRefusal(['image', 'generalize', archive], {status: 3, file: archive, what});
      assert.deepEqual(await fs.readFile(archive), before);
      const beside = (await fs.readdir(dir)).filter((entry) => /escape|winprep/.test(entry));
      assert.deepEqual(beside, [], 'no lock, temp or escaped file beside it');
    });
  }

  it('a truncated tar, and a gzip cut short or followed by garbage, are exit 3 (not a hang)', async () => {
    const whole = await fs.readFile(sample);
    const truncated = path.join(dir, 'truncated.tar');
    await fs.writeFile(truncated, whole.subarray(0, 30_000));
    expectRefusal(['image', 'inspect', truncated], {status: 3, file: truncated, what: /truncated/});
    const gz = gzipSync(whole);
    const cut = path.join(dir, 'cut.tar.gz');
    await fs.writeFile(cut, gz.subarray(0, gz.length >> 1));
    expectRefusal(['image', 'validate', cut], {status: 3, file: cut, what: /gzip/});
    const trailing = path.join(dir, 'trailing.tar.gz');
    await fs.writeFile(trailing, Buffer.concat([gz, Buffer.alloc(3000, 0x7f)]));
    expectRefusal(['image', 'inspect', trailing], {status: 3, file: trailing, what: /gzip/});
  });

  it('random bytes named .tar or .wim are "not an image" (exit 3)', async () => {
    for (const name of ['random.tar', 'random.wim']) {
      const file = path.join(dir, name);
      await fs.writeFile(file, Buffer.alloc(70_000, 0x33));
      expectRefusal(['image', 'inspect', file], {status: 3, file, what: /not an image/});
    }
  });
});
