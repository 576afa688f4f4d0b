/** tar specifics: untouched members byte for byte, pax/GNU metadata kept, hostile archives refused. */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {promises as fs} from 'node:fs';
import path from 'node:path';
import {gunzipSync, gzipSync} from 'node:zlib';

import {WinprepError} from '../../../src/errors.js';
import {openImage} from '../../../src/image/index.js';
import {FileSource} from '../../../src/image/tar/tar-source.js';
import {walkTar} from '../../../src/image/tar/tar-walk.js';
import {requireTools} from '../../helpers/tools.js';
import {sh, tempDir} from '../helpers.js';

/** Build an archive with python's tarfile: exact control over formats, pax records, owners, links. */
function pyTar(archive: string, format: 'PAX' | 'GNU', body: string): void {
  const script = `
import tarfile, io, sys
out = tarfile.open(sys.argv[1], 'w', format=tarfile.${format}_FORMAT)
def f(name, data=b'x', **kw):
    i = tarfile.TarInfo(name); i.size = len(data)
    for k, v in kw.items(): setattr(i, k, v)
    out.addfile(i, io.BytesIO(data))
def d(name, **kw):
    i = tarfile.TarInfo(name); i.type = tarfile.DIRTYPE; i.mode = 0o755
    for k, v in kw.items(): setattr(i, k, v)
    out.addfile(i)
def l(name, target, kind=tarfile.SYMTYPE):
    i = tarfile.TarInfo(name); i.type = kind; i.linkname = target; out.addfile(i)
${body}
out.close()
`;
  sh('python3', ['-c', script, archive]);
}

const LONG = `Windows/WinSxS/${'amd64_microsoft-windows-very-long-component-name_31bf3856ad364e35_10.0.19041.1_none_'.repeat(2)}x/file.dll`;

const BODY = `
d('Windows', uid=0, gid=0, uname='root', gname='root', mtime=1600000000)
d('Windows/System32'); d('Windows/System32/config')
f('Windows/System32/config/SOFTWARE', b'old hive' * 100, mode=0o600, uid=1000, gid=1000, uname='builder', gname='staff', mtime=1600000001)
f('${LONG}', b'long name body', mode=0o644, mtime=1600000002, uname='\u00e9lodie')
i = tarfile.TarInfo('Windows/xattr.txt'); i.size = 3; i.pax_headers = {'SCHILY.xattr.user.test': 'kept', 'comment': 'vendor'}; i.mtime = 1600000003.5
out.addfile(i, io.BytesIO(b'abc'))
f('Windows/System32/kernel32.dll', bytes(range(256)) * 300, mode=0o755)
l('Windows/System32/hard.dll', 'Windows/System32/kernel32.dll', tarfile.LNKTYPE)
f('Users/readme.txt', b'readme', mtime=1600000004)
`;

interface RawMember {
  path: string;
  raw: string;
}

/** Every member as (path, sha256 of its header blocks + data) — the bytes that must survive a rewrite. */
async function rawMembers(archive: string): Promise<RawMember[]> {
  const handle = await fs.open(archive, 'r');
  const members: RawMember[] = [];
  try {
    const source = new FileSource(handle, (await handle.stat()).size);
    await walkTar(source, archive, async (member) => {
      const hash = createHash('sha256').update(member.rawHeader);
      await source.pipeTo(member.end - member.dataStart, (chunk) => {
        hash.update(chunk);
      });
      members.push({path: member.path, raw: hash.digest('hex')});
    });
  } finally {
    await handle.close();
  }
  return members;
}

describe('image/tar', function () {
  let dir: string;
  before(async function () {
    requireTools(this, 'tar');
    dir = await tempDir('tar');
  });
  after(async () => dir && fs.rm(dir, {recursive: true, force: true}));

  for (const format of ['PAX', 'GNU'] as const) {
    it(`${format}: untouched members keep every byte; the changed one keeps its owner and mode`, async () => {
      const archive = path.join(dir, `meta-${format}.tar`);
      pyTar(archive, format, BODY);
      const before = await rawMembers(archive);
      const image = await openImage(archive);
      assert.deepEqual(await image.readFile(LONG.toLowerCase()), Buffer.from('long name body'));
      assert.deepEqual(await image.readFile('Windows/System32/HARD.dll'), Buffer.from(Array.from({length: 300}, () => [...Array(256).keys()]).flat()));
      image.writeFile('Windows/System32/config/software', Buffer.from('new hive bytes'));
      image.writeFile('Windows/Panther/unattend.xml', Buffer.from('<unattend/>'));
      await image.commit();

      const after = await rawMembers(archive);
      const changed = 'Windows/System32/config/SOFTWARE';
      assert.deepEqual(
        after.filter((m) => m.path !== changed && !m.path.startsWith('Windows/Panther')),
        before.filter((m) => m.path !== changed),
        'untouched members are byte-identical and in order',
      );
      assert.deepEqual(
        after.map((m) => m.path).slice(-2),
        ['Windows/Panther/', 'Windows/Panther/unattend.xml'],
        'new members (and their folder) are appended',
      );
      // An independent reader agrees: python's tarfile sees the metadata and contents.
      const check = sh('python3', [
        '-c',
        `
import tarfile, sys, json
t = tarfile.open(sys.argv[1])
m = {i.name: i for i in t.getmembers()}
s = m['Windows/System32/config/SOFTWARE']
x = m['Windows/xattr.txt']
print(json.dumps({'sw': [oct(s.mode), s.uid, s.gid, s.uname, s.gname, t.extractfile(s).read().decode()],
  'xattr': x.pax_headers.get('SCHILY.xattr.user.test'), 'long': t.extractfile(m[sys.argv[2]]).read().decode(),
  'owner': m[sys.argv[2]].uname, 'new': t.extractfile(m['Windows/Panther/unattend.xml']).read().decode()}))
`,
        archive,
        LONG,
      ]);
      const parsed = JSON.parse(check) as {sw: unknown[]; xattr: string; long: string; owner: string; new: string};
      assert.deepEqual(parsed.sw, ['0o600', 1000, 1000, 'builder', 'staff', 'new hive bytes']);
      if (format === 'PAX') assert.equal(parsed.xattr, 'kept');
      assert.equal(parsed.long, 'long name body');
      assert.equal(parsed.owner, 'élodie');
      assert.equal(parsed.new, '<unattend/>');
      // And GNU tar lists it without complaint.
      assert.match(sh('tar', ['-tvf', archive]), /Windows\/Panther\/unattend\.xml/);
    });
  }

  it('tar.gz: untouched members byte-identical after decompression; deletes drop the member', async () => {
    const plain = path.join(dir, 'gz-src.tar');
    pyTar(plain, 'PAX', BODY);
    sh('gzip', ['-k', plain]);
    const archive = `${plain}.gz`;
    const before = await rawMembers(plain);
    const image = await openImage(archive);
    image.deleteFile('users/README.txt');
    image.writeFile('Windows/xattr.txt', Buffer.from('changed'));
    await image.commit();
    const unpacked = path.join(dir, 'gz-after.tar');
    await fs.writeFile(unpacked, gunzipSync(await fs.readFile(archive)));
    const after = await rawMembers(unpacked);
    assert.deepEqual(
      after.filter((m) => m.path !== 'Windows/xattr.txt'),
      before.filter((m) => m.path !== 'Windows/xattr.txt' && m.path !== 'Users/readme.txt'),
    );
    assert.equal(sh('tar', ['-xOzf', archive, 'Windows/xattr.txt']), 'changed');
  });

  describe('hostile archives: exit 3, nothing written outside', () => {
    const cases: Record<string, string> = {
      'dot-dot': `f('Windows/x'); f('../escape-dotdot')`,
      absolute: `f('Windows/x'); f(sys.argv[1] + '.escape-abs'); f('C:/escape-drive')`,
      'symlink to / then a file under it': `f('Windows/x'); l('Windows/l', '/'); f('Windows/l/escape-link')`,
      'relative symlink leaving the root': `l('Windows/up', '../../..')`,
      'hard link to an absolute path': `l('Windows/pw', '/etc/passwd', tarfile.LNKTYPE)`,
      'file under an in-image symlink': `d('Windows'); l('Windows/alias', 'Windows'); f('Windows/alias/x')`,
      'backslash dot-dot': `f('Windows\\\\..\\\\..\\\\escape-bs')`,
    };
    const caseDir = (name: string) => path.join(dir, `hostile-${name.replace(/\W+/g, '-')}`);
    before(async () => {
      // One python run builds every case (process start-up is the slow part on a busy machine).
      for (const name of Object.keys(cases)) await fs.mkdir(caseDir(name));
      const bodies = Object.entries(cases).map(([name, body]) => `out = tarfile.open(${JSON.stringify(path.join(caseDir(name), 'image.tar'))}, 'w', format=tarfile.PAX_FORMAT)\n${body}\nout.close()`);
      pyTar(path.join(dir, 'unused.tar'), 'PAX', bodies.join('\n'));
    });
    for (const name of Object.keys(cases)) {
      it(name, async () => {
        const case_ = caseDir(name);
        const archive = path.join(case_, 'image.tar');
        const listing = async () => (await fs.readdir(dir, {recursive: true})).filter((n) => /escape/.test(String(n)));
        await assert.rejects(
          openImage(archive),
          (e: unknown) => e instanceof WinprepError && e.exitCode === 3 && e.code === 'TAR_HOSTILE' && e.message.includes(archive),
        );
        assert.deepEqual(await listing(), []);
        assert.deepEqual(await fs.readdir(case_), ['image.tar'], 'no lock, temp or spool file left beside it');
      });
    }
  });

  it('an archive of bare file members (no folders, no ./) gets bare new members; a later duplicate wins', async () => {
    const archive = path.join(dir, 'bare.tar');
    pyTar(archive, 'PAX', `f('Windows/System32/a.dll', b'first'); f('Users/x.txt', b'x'); f('windows/system32/A.DLL', b'second')`);
    const image = await openImage(archive);
    assert.deepEqual(await image.readFile('Windows/System32/a.dll'), Buffer.from('second'));
    assert.deepEqual(await image.listFiles(), ['Users/x.txt', 'Windows/System32/a.dll']);
    image.writeFile('Windows/Panther/unattend.xml', Buffer.from('<u/>'));
    image.writeFile('Windows/System32/a.dll', Buffer.from('third'));
    await image.commit();
    assert.deepEqual(sh('tar', ['-tf', archive]).trim().split('\n'), ['Users/x.txt', 'windows/system32/A.DLL', 'Windows/Panther/unattend.xml']);
    assert.equal(sh('tar', ['-xOf', archive, 'windows/system32/A.DLL']), 'third');
  });

  it('a truncated or corrupt tar.gz is exit 3, not a hang', async () => {
    const archive = path.join(dir, 'trunc.tar.gz');
    pyTar(path.join(dir, 'for-gz.tar'), 'PAX', `f('Windows/big.bin', bytes(range(256)) * 200)`);
    const gz = gzipSync(await fs.readFile(path.join(dir, 'for-gz.tar')));
    await fs.writeFile(archive, gz.subarray(0, gz.length - 40));
    await assert.rejects(openImage(archive, {readOnly: true}), (e: unknown) => e instanceof WinprepError && e.exitCode === 3);
    const flipped = Buffer.from(gz);
    flipped[Math.floor(gz.length / 2)] ^= 0xff;
    await fs.writeFile(archive, flipped);
    await assert.rejects(openImage(archive, {readOnly: true}), (e: unknown) => e instanceof WinprepError && e.exitCode === 3);
  });

  it('a truncated tar is exit 3, not a hang', async () => {
    const archive = path.join(dir, 'trunc.tar');
    pyTar(archive, 'PAX', `f('Windows/big.bin', b'z' * 5000)`);
    const bytes = await fs.readFile(archive);
    await fs.writeFile(archive, bytes.subarray(0, 1536));
    await assert.rejects(openImage(archive, {readOnly: true}), (e: unknown) => e instanceof WinprepError && e.exitCode === 3);
  });
});
