/**
 * test/ mirrors src/ (README.md, layout): a behaviour's tests are found in two hops, src/<concern>/ then
 * test/<concern>/. This fails when a test file sits in a folder src/ does not have (a misplaced or stale test),
 * and when a src/ concern with code has no test folder, so the mirror cannot rot as code moves.
 */
import assert from 'node:assert/strict';
import {existsSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Top-level test folders that cut across src/ on purpose: command and CLI behaviour as a user sees it, the
 * robustness sweeps, the --json schemas, the docs, shared helpers, the package, and the sample builder (fixtures/).
 */
const CROSS_CUTTING = ['commands', 'cli', 'robustness', 'schemas', 'docs', 'helpers', 'package', 'fixtures'];

/** Files directly in test/ that check the whole repository rather than one src/ file. */
const REPOSITORY_WIDE = ['layers.test.ts', 'layout.test.ts'];

/**
 * src/ concerns with code but no test folder of their own yet: they would be exercised only through the command
 * and robustness tests. The list may only shrink; a concern that gains a test folder must leave it.
 */
const UNTESTED_CONCERNS: string[] = [];

/** Every file under dir, relative to dir, with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true, recursive: true})
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

const isDir = (file: string): boolean => statSync(file, {throwIfNoEntry: false})?.isDirectory() ?? false;

/**
 * The src/ folder a test file's place claims to mirror: its folders up to (not including) a fixtures/ inside a
 * concern's folder (data and child scripts of the tests beside it). A top-level fixtures/ is the sample builder's.
 */
export function mirroredFolder(testFile: string): string {
  const folders = testFile.split('/').slice(0, -1);
  const fixtures = folders.indexOf('fixtures', 1);
  return (fixtures < 0 ? folders : folders.slice(0, fixtures)).join('/');
}

describe('layout: test/ mirrors src/', () => {
  const testFiles = filesUnder(path.join(ROOT, 'test'));

  it('reads a test file place as the src folder it mirrors, ignoring its fixtures', () => {
    assert.equal(mirroredFolder('image/wim/wim.test.ts'), 'image/wim');
    assert.equal(mirroredFolder('image/wim/fixtures/wim-commit-child.ts'), 'image/wim');
    assert.equal(mirroredFolder('unattend/fixtures/sysprep-unattend.xml'), 'unattend');
    assert.equal(mirroredFolder('fixtures/samples.ts'), 'fixtures');
    assert.equal(mirroredFolder('errors.test.ts'), '');
  });

  it('puts every test file in a folder that exists under src/ (or a cross-cutting one)', () => {
    const misplaced = testFiles.filter((file) => {
      const folder = mirroredFolder(file);
      if (folder === '') return !REPOSITORY_WIDE.includes(file) && !existsSync(path.join(ROOT, 'src', file.replace(/\.test\.ts$/, '.ts')));
      if (CROSS_CUTTING.includes(folder.split('/')[0]!)) return false;
      return !isDir(path.join(ROOT, 'src', folder));
    });
    assert.deepEqual(misplaced, [], 'test files in a folder src/ does not have: move each beside the tests of the src/ folder it exercises');
  });

  it('gives every src/ concern with code a test folder with tests', () => {
    const concerns = readdirSync(path.join(ROOT, 'src'), {withFileTypes: true})
      .filter((entry) => entry.isDirectory() && filesUnder(path.join(ROOT, 'src', entry.name)).some((file) => file.endsWith('.ts')))
      .map((entry) => entry.name);
    const tested = (concern: string): boolean =>
      isDir(path.join(ROOT, 'test', concern)) && filesUnder(path.join(ROOT, 'test', concern)).some((file) => file.endsWith('.test.ts'));
    assert.deepEqual(concerns.filter((concern) => !tested(concern) && !UNTESTED_CONCERNS.includes(concern)), [], 'src/ concerns without a test/ folder');
    assert.deepEqual(UNTESTED_CONCERNS.filter((concern) => !concerns.includes(concern) || tested(concern)), [], 'UNTESTED_CONCERNS lists a concern that now has tests (or no code): remove it');
  });
});
