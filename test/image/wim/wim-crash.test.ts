/**
 * In-place WIM edits under kill -9 (issue 19 item 2). Every state an edit passes through — wimlib's update
 * cut short, the update landed but nothing wiped, holes zeroed, the trimmed tail written past the end, the
 * tail moved back — is a WIM that wimlib opens and that holds either the old image or the new one; the
 * next write open finishes the wipe, after which the WIM is clean (verify, every unused byte zero, integrity
 * table verifying, no journal beside it). Then the same with SIGKILLs at random moments of a real commit.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {promises as fs} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {openImage} from '../../../src/image/index.js';
import {writeWimJournal} from '../../../src/image/wim/journal.js';
import {type WipeStep, wipeWim} from '../../../src/image/wim/wipe.js';
import {requireTools} from '../../helpers/tools.js';
import {sh, tempDir} from '../helpers.js';
import {SOFTWARE, assertCleanWim, identities, sampleFolder, softwareOf} from './wim-checks.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const UNATTEND = 'Windows/Panther/unattend.xml';

describe('image/wim in place under kill -9: always before or after; the next write finishes the wipe', function () {
  this.timeout(600_000);
  let dir: string;
  let base: string;
  let secret: Buffer;
  let newSoftware: string;
  before(async function () {
    requireTools(this, 'wimlib-imagex', 'hivexget');
    dir = await tempDir('wim-crash');
    const folder = sampleFolder(dir, 'sample');
    secret = identities(folder)[0]!;
    // Some bulk so that the integrity table has several 10 MiB chunks (deterministic, compressible data).
    const bulk = Buffer.alloc(24 * 1024 * 1024);
    for (let i = 0; i < bulk.length; i += 4) bulk.writeUInt32LE((i * 2654435761) >>> 0, i);
    await fs.writeFile(path.join(folder, 'Windows/System32/bulk.dll'), bulk);
    base = path.join(dir, 'base.wim');
    sh('wimlib-imagex', ['capture', folder, base, 'W10', '--compress=none', '--check']);
    // The new SOFTWARE hive: the old one with SusClientId removed (what the commit writes).
    newSoftware = path.join(dir, 'SOFTWARE.new');
    const image = await openImage(base, {readOnly: true});
    const hive = (await image.hive(SOFTWARE))!;
    hive.deleteValue('Microsoft\\Windows\\CurrentVersion\\WindowsUpdate', 'SusClientId');
    await fs.writeFile(newSoftware, hive.serialize());
    await image.discard();
  });
  after(async () => dir && fs.rm(dir, {recursive: true, force: true}));

  /** 'before' or 'after' by wimlib's reading of image 1; anything else fails. The WIM must open. */
  function stateOf(wim: string): 'before' | 'after' {
    sh('wimlib-imagex', ['info', wim]);
    const hasOld = softwareOf(wim).includes(secret);
    const hasAnswerFile = sh('wimlib-imagex', ['dir', wim, '1']).includes(`/${UNATTEND}`);
    assert.equal(hasOld, hasAnswerFile, `${wim}: half an edit (old SOFTWARE ${hasOld}, answer file ${hasAnswerFile})`);
    return hasOld ? 'before' : 'after';
  }

  /** The next write open (which recovers), then nothing: the wipe must be finished. */
  async function nextWriteOpen(wim: string): Promise<void> {
    const image = await openImage(wim, {index: 1});
    await image.discard();
  }

  async function copyOfBase(name: string): Promise<string> {
    const wim = path.join(dir, name);
    await fs.copyFile(base, wim);
    return wim;
  }

  /** Journal, then wimlib's in-place update (what commitWimInPlace does first). */
  async function journalAndUpdate(wim: string): Promise<void> {
    const header = (await fs.readFile(wim)).subarray(0, 208);
    await writeWimJournal(wim, {version: 1, before: header.toString('base64'), index: 1, properties: []});
    sh('sh', ['-c', `printf 'add ${newSoftware} /${SOFTWARE}\\ndelete --force /${UNATTEND}\\n' | wimlib-imagex update ${wim} 1 >/dev/null`]);
  }

  it('wimlib cut short (header flagged write-in-progress, data appended): opens, before; recovery restores the very same bytes', async () => {
    const wim = await copyOfBase('cut.wim');
    const original = await fs.readFile(wim);
    const header = original.subarray(0, 208);
    await writeWimJournal(wim, {version: 1, before: header.toString('base64'), index: 1, properties: ['--image-property', 'WINDOWS/EDITIONID=EnterpriseN']});
    const flagged = Buffer.from(original);
    flagged.writeUInt32LE(flagged.readUInt32LE(16) | 0x40, 16);
    await fs.writeFile(wim, Buffer.concat([flagged, Buffer.from('appended by a killed writer, not yet referenced')]));
    assert.equal(stateOf(wim), 'before');
    await nextWriteOpen(wim);
    assert.ok((await fs.readFile(wim)).equals(original), 'recovery did not return the WIM to its bytes before the edit');
    assert.doesNotMatch(sh('wimlib-imagex', ['info', wim, '1']), /EnterpriseN/, 'properties of an update that never landed were applied');
    await assertCleanWim(wim);
  });

  it('update landed, properties pending: recovery sets them, then wipes', async () => {
    const wim = await copyOfBase('props.wim');
    const header = (await fs.readFile(wim)).subarray(0, 208);
    await journalAndUpdate(wim);
    await writeWimJournal(wim, {version: 1, before: header.toString('base64'), index: 1, properties: ['--image-property', 'WINDOWS/EDITIONID=EnterpriseN']});
    assert.equal(stateOf(wim), 'after');
    await nextWriteOpen(wim);
    assert.match(sh('wimlib-imagex', ['info', wim, '1']), /Edition ID:\s+EnterpriseN/);
    assert.equal((await fs.readFile(wim)).includes(secret), false);
    await assertCleanWim(wim);
    sh('wimlib-imagex', ['info', wim, '--check']);
  });

  it('a killed run whose wimlib update runs on: the next write open waits for it (wimlib\'s flock), then finishes the wipe', async () => {
    const wim = await copyOfBase('orphan.wim');
    const header = (await fs.readFile(wim)).subarray(0, 208);
    await writeWimJournal(wim, {version: 1, before: header.toString('base64'), index: 1, properties: []});
    // A large added file keeps the orphaned update busy while the next open starts.
    const big = path.join(dir, 'orphan.bin');
    const block = Buffer.alloc(64 * 1024 * 1024);
    for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2246822519) >>> 0, i);
    await fs.writeFile(big, block);
    const orphan = spawn('wimlib-imagex', ['update', wim, '1'], {stdio: ['pipe', 'ignore', 'ignore']});
    orphan.stdin.end(`add ${newSoftware} /${SOFTWARE}\ndelete --force /${UNATTEND}\nadd ${big} /Windows/orphan.bin\n`);
    const exited = new Promise<number | null>((resolve) => orphan.on('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 150));
    await nextWriteOpen(wim);
    assert.equal(await exited, 0);
    assert.equal(stateOf(wim), 'after');
    assert.ok(sh('wimlib-imagex', ['dir', wim, '1']).includes('/Windows/orphan.bin'), 'the orphaned update was cut off');
    await assertCleanWim(wim);
    sh('wimlib-imagex', ['info', wim, '--check']);
    await fs.rm(big);
  });

  it('a read-only open of a WIM with an unfinished wipe writes nothing (neither the WIM nor the journal)', async () => {
    const wim = await copyOfBase('read-only.wim');
    await journalAndUpdate(wim);
    await wipeWim(wim, {stopAfter: 'first-tail'});
    const before = await fs.readFile(wim);
    const journal = await fs.readFile(path.join(dir, '.read-only.wim.winprep-wim-journal'));
    const image = await openImage(wim, {readOnly: true});
    assert.ok(!(await image.readFile(SOFTWARE))!.includes(secret));
    await image.discard();
    assert.ok((await fs.readFile(wim)).equals(before), 'a read-only open wrote the WIM');
    assert.ok((await fs.readFile(path.join(dir, '.read-only.wim.winprep-wim-journal'))).equals(journal));
    await nextWriteOpen(wim);
    await assertCleanWim(wim);
  });

  for (const stop of [undefined, 'zero', 'first-tail', 'second-tail'] as (WipeStep | undefined)[]) {
    it(`killed ${stop ? `after the wipe's ${stop} step` : 'after the update, before the wipe'}: opens, after; the next write open finishes the wipe`, async () => {
      const wim = await copyOfBase(`stop-${stop ?? 'update'}.wim`);
      await journalAndUpdate(wim);
      if (stop) await wipeWim(wim, {stopAfter: stop});
      assert.equal(stateOf(wim), 'after');
      await nextWriteOpen(wim);
      assert.equal(stateOf(wim), 'after');
      assert.equal((await fs.readFile(wim)).includes(secret), false, 'the old SusClientId survived');
      await assertCleanWim(wim);
      sh('wimlib-imagex', ['info', wim, '--check']);
    });
  }

  it('SIGKILL at random moments of a real commit (10 trials): opens, before or after; the next write leaves it clean', async () => {
    const command = await childCommand(dir);
    const calibration = await runChild(command, await copyOfBase('kill-calibrate.wim'));
    assert.ok(calibration.done);
    const window = Math.max(10, (calibration.ms ?? 10) * 1.2);
    const seen = {before: 0, after: 0};
    const trials = 10;
    for (let run = 0; run < trials; run++) {
      const wim = await copyOfBase(`kill-${run}.wim`);
      const delay = Math.floor(((run + Math.random()) / trials) * window);
      await runChild(command, wim, delay);
      const state = stateOf(wim);
      seen[state]++;
      // The next write: the same edit again, run to the end (it first finishes whatever the kill left).
      const next = await runChild(command, wim);
      assert.ok(next.done, `run ${run}: the next write failed`);
      assert.equal(stateOf(wim), 'after');
      assert.equal((await fs.readFile(wim)).includes(secret), false, `run ${run} (killed after ${delay} ms): the old SusClientId survived`);
      await assertCleanWim(wim);
      sh('wimlib-imagex', ['info', wim, '--check']);
      await fs.rm(wim);
    }
    console.log(`      kill test: ${seen.before} before, ${seen.after} after (commit ~${calibration.ms} ms)`);
  });
});

function runChild(command: string[], wim: string, killAfterMs?: number): Promise<{done: boolean; ms?: number}> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...command, wim], {stdio: ['ignore', 'pipe', 'pipe']});
    let out = '';
    let err = '';
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterMs !== undefined && out.startsWith('ready\n')) {
        setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
        killAfterMs = undefined;
      }
    });
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      const done = /done (\d+)/.exec(out);
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`child failed (${code}): ${err}`));
      else resolve({done: Boolean(done), ms: done ? Number(done[1]) : undefined});
    });
  });
}

/** The child bundled once by esbuild (a plain node start per trial); through tsx when esbuild is missing. */
async function childCommand(dir: string): Promise<string[]> {
  const source = path.join(here, 'fixtures', 'wim-commit-child.ts');
  try {
    const esbuild = await import('esbuild');
    const outfile = path.join(dir, 'wim-commit-child.mjs');
    await esbuild.build({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'silent',
      banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
    });
    return [outfile];
  } catch {
    return ['--import', 'tsx', source];
  }
}
