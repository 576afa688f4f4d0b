/**
 * The staged run every image-changing command shares (src/workflow/staged-run.ts, steps.ts), on real folder
 * samples: the order of its steps, what a dry run, a held-back commit and a failing stage leave (nothing: every
 * file hashed before and after), what a real run commits, the plan's declared reads reaching the image, and the
 * read-only run that never locks and never writes.
 */
import assert from 'node:assert/strict';
import {existsSync, promises as fs} from 'node:fs';
import path from 'node:path';

import {WinprepError} from '../../src/errors.js';
import {FOLDER_LOCK_NAME} from '../../src/image/lock.js';
import {IMAGE_PATHS} from '../../src/image/types.js';
import {summarizeChanges} from '../../src/workflow/changes.js';
import {runStagedImage, withReadOnlyImage, type StageStep, type StagedRunPlan} from '../../src/workflow/staged-run.js';
import {runSequentially, type StepRunner} from '../../src/workflow/steps.js';
import {copySample} from '../fixtures/samples.js';
import {snapshotTree} from '../helpers/tree-snapshot.js';

const NEW_FILE = 'Windows/Setup/Scripts/winprep-test.txt';

/** A step runner that records the title of every step it runs (and of those it skips), then runs them silently. */
function recordingRunner(ran: string[]): StepRunner {
  return (steps, ctx) =>
    runSequentially(
      steps.map((step) => ({
        ...step,
        skip: (c: typeof ctx) => {
          const reason = step.skip?.(c);
          if (reason) ran.push(`skipped: ${step.title}`);
          return reason ?? false;
        },
        run: (c: typeof ctx, report: Parameters<typeof step.run>[1]) => {
          ran.push(step.title);
          return step.run(c, report);
        },
      })),
      ctx,
    );
}

/** A stage that writes one new file and replaces State.ini: something to commit or to discard. */
const writingStage = (title = 'Stage two files'): StageStep<{wrote?: boolean}> => ({
  title,
  run: async ({image}, state) => {
    image.writeFile(NEW_FILE, Buffer.from('staged by the test\r\n'));
    const ini = await image.readFile(IMAGE_PATHS.stateIni);
    assert.ok(ini, 'the sample has State.ini');
    image.writeFile(IMAGE_PATHS.stateIni, Buffer.concat([ini, Buffer.from('; changed\r\n')]));
    state.wrote = true;
  },
});

const lockFile = (image: string): string => path.join(image, FOLDER_LOCK_NAME);

describe('workflow/staged-run', function () {
  this.timeout(120_000);

  it('runs Open, Read the image facts, the stages in order (skips honoured), then the commit step', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'staged-order');
    const ran: string[] = [];
    const seen: string[] = [];
    const plan: StagedRunPlan<{order: string[]}> = {
      state: {order: []},
      stages: [
        {title: 'First', run: ({facts}, state) => void state.order.push(`first saw ${facts.generalization.state}`)},
        {title: 'Skipped', skip: () => 'not needed', run: (_s, state) => void state.order.push('skipped stage ran')},
        {title: 'Second', run: (_s, state) => void state.order.push('second')},
      ],
      commitIf: () => {
        seen.push('commitIf');
        return false;
      },
    };
    const result = await runStagedImage(image, {runSteps: recordingRunner(ran)}, plan);
    assert.deepEqual(ran, [`Open ${image}`, 'Read the image facts', 'First', 'skipped: Skipped', 'Second', 'Commit']);
    assert.equal(result.state.order.length, 2);
    assert.match(result.state.order[0]!, /^first saw /, 'the facts were read before the first stage');
    assert.equal(result.state.order[1], 'second');
    assert.deepEqual(seen, ['commitIf'], 'decided once, after every stage');
    assert.equal(result.image.kind, 'folder');
  });

  it('a dry run opens read-only (no lock), stages, lists the files, and commits nothing: every file byte-identical', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'staged-dry');
    const before = await snapshotTree(image);
    const ran: string[] = [];
    const result = await runStagedImage(image, {dryRun: true, runSteps: recordingRunner(ran)}, {
      state: {} as {wrote?: boolean; locked?: boolean},
      stages: [
        writingStage(),
        {title: 'Look for the lock', run: (_s, state) => void (state.locked = existsSync(lockFile(image)))},
      ],
      commitIf: () => true,
    });
    assert.equal(ran[0], `Open ${image} (read-only, dry run)`);
    assert.equal(ran.at(-1), 'Discard the staged changes (dry run)');
    assert.equal(result.state.locked, false, 'a dry run takes no lock');
    assert.equal(result.committed, false);
    assert.deepEqual(result.files.map((f) => f.path).sort(), [IMAGE_PATHS.stateIni, NEW_FILE].sort());
    assert.deepEqual(await snapshotTree(image), before);
  });

  it('commitIf returning false commits nothing and releases the lock; the staged files are still reported', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'staged-held');
    const before = await snapshotTree(image);
    const result = await runStagedImage(image, {}, {
      state: {} as {wrote?: boolean; locked?: boolean},
      stages: [writingStage(), {title: 'Look for the lock', run: (_s, state) => void (state.locked = existsSync(lockFile(image)))}],
      commitIf: (state, files) => {
        assert.equal(state.wrote, true);
        assert.equal(files.length, 2);
        return false;
      },
    });
    assert.equal(result.state.locked, true, 'a real run holds the lock while it stages (the check below is not vacuous)');
    assert.equal(result.committed, false);
    assert.equal(result.files.length, 2);
    assert.deepEqual(await snapshotTree(image), before, 'no file changed, no lock or journal left');
  });

  it('without commitIf, a run that staged nothing commits nothing', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'staged-nothing');
    const before = await snapshotTree(image);
    const result = await runStagedImage(image, {}, {state: {}, stages: [{title: 'Read only', run: async ({image: img}) => void (await img.readFile(IMAGE_PATHS.stateIni))}]});
    assert.equal(result.committed, false);
    assert.deepEqual(result.files, []);
    assert.deepEqual(await snapshotTree(image), before);
  });

  it('a stage that throws: the staged changes are discarded, the lock released, and the same error rethrown', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'staged-throw');
    const before = await snapshotTree(image);
    const thrown = new WinprepError('badInput', 'a refused value');
    const ran: string[] = [];
    let lockedWhileStaging = false;
    await assert.rejects(
      runStagedImage(image, {runSteps: recordingRunner(ran)}, {
        state: {} as {wrote?: boolean},
        stages: [
          writingStage(),
          {
            title: 'Refuse',
            run: () => {
              lockedWhileStaging = existsSync(lockFile(image));
              throw thrown;
            },
          },
          {title: 'Never reached', run: () => assert.fail('a stage after the failing one ran')},
        ],
        commitIf: () => assert.fail('commitIf asked after a failed stage'),
      }),
      (error: unknown) => error === thrown,
    );
    assert.equal(lockedWhileStaging, true);
    assert.ok(!ran.includes('Commit'));
    assert.equal(existsSync(lockFile(image)), false, 'lock released');
    assert.deepEqual(await snapshotTree(image), before);
    // Released for real: the next run can take the image.
    const next = await runStagedImage(image, {}, {state: {}, stages: []});
    assert.equal(next.committed, false);
  });

  it('a real run commits what was staged, lists the files, and leaves no lock or journal', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'staged-commit');
    const ini = await fs.readFile(path.join(image, ...IMAGE_PATHS.stateIni.split('/')));
    const before = await snapshotTree(image);
    const result = await runStagedImage(image, {}, {state: {} as {wrote?: boolean}, stages: [writingStage()]});
    assert.equal(result.committed, true);
    assert.deepEqual(result.backups, []);
    assert.deepEqual(summarizeChanges(result.files), [
      {path: NEW_FILE, action: 'create', bytes: 20},
      {path: IMAGE_PATHS.stateIni, action: 'replace', bytes: ini.length + 11},
    ]);
    assert.equal(await fs.readFile(path.join(image, ...NEW_FILE.split('/')), 'utf8'), 'staged by the test\r\n');
    assert.deepEqual(await fs.readFile(path.join(image, ...IMAGE_PATHS.stateIni.split('/'))), Buffer.concat([ini, Buffer.from('; changed\r\n')]));
    const after = await snapshotTree(image);
    const changed = Object.keys({...before, ...after}).filter((file) => before[file] !== after[file]);
    // The new file's folder existed already (Windows/Setup/Scripts may not: then it appears too).
    assert.deepEqual(
      changed.filter((file) => !after[file]?.startsWith('dir ')).sort(),
      [IMAGE_PATHS.stateIni, NEW_FILE].sort(),
      'exactly the two staged files changed; no lock, journal or temp left',
    );
  });

  it("a busy image: a second writer is refused (exit 5) while the first holds the lock, and the first still commits", async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'staged-busy');
    let second: unknown;
    const result = await runStagedImage(image, {}, {
      state: {} as {wrote?: boolean},
      stages: [
        writingStage(),
        {
          title: 'Try a second writer',
          run: async () => {
            second = await runStagedImage(image, {}, {state: {}, stages: []}).catch((error: unknown) => error);
          },
        },
      ],
    });
    assert.ok(second instanceof WinprepError, String(second));
    assert.equal(second.exitCode, 5);
    assert.equal(result.committed, true);
  });

  it("the plan's reads reach the image: a file they match is prefetched, one they do not is an unplanned read", async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'staged-reads');
    await fs.mkdir(path.join(image, 'Windows', 'Setup', 'Scripts'), {recursive: true});
    await fs.writeFile(path.join(image, 'Windows', 'Setup', 'Scripts', 'Declared.cmd'), 'rem declared\r\n');
    await fs.mkdir(path.join(image, 'Windows', 'Other'), {recursive: true});
    await fs.writeFile(path.join(image, 'Windows', 'Other', 'Undeclared.txt'), 'undeclared\r\n');
    const result = await runStagedImage(image, {dryRun: true}, {
      state: {} as {unplanned?: readonly string[]; beforeStage?: readonly string[]},
      reads: ['Windows/Setup/Scripts/*'],
      stages: [
        {
          title: 'Read two files',
          run: async ({image: img}, state) => {
            state.beforeStage = [...img.unplannedReads];
            assert.equal((await img.readFile('Windows/Setup/Scripts/Declared.cmd'))?.toString(), 'rem declared\r\n');
            assert.equal((await img.readFile('windows/other/undeclared.txt'))?.toString(), 'undeclared\r\n');
            state.unplanned = [...img.unplannedReads];
          },
        },
      ],
    });
    assert.deepEqual(result.state.beforeStage, [], 'the facts read only what FACT_READS declares');
    assert.deepEqual(result.state.unplanned, ['windows/other/undeclared.txt']);
  });

  it('the plan index() is asked only when the options give no index, and its answer reaches openImage', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'staged-index');
    let asked = 0;
    const none = async () => {
      asked++;
      return undefined;
    };
    await runStagedImage(image, {dryRun: true}, {state: {}, stages: [], index: none});
    assert.equal(asked, 1);
    // A folder has one image: an index given to it is a usage error, which shows where the value went.
    const wimOnly = /--index applies to WIM files only/;
    await assert.rejects(runStagedImage(image, {dryRun: true, index: 1}, {state: {}, stages: [], index: none}), wimOnly);
    assert.equal(asked, 1, 'options.index wins; index() is not asked');
    await assert.rejects(runStagedImage(image, {dryRun: true}, {state: {}, stages: [], index: async () => 2}), wimOnly);
  });
});

describe('workflow/withReadOnlyImage', function () {
  this.timeout(120_000);

  it('never takes the lock: two at once, and beside a writer holding it; nothing is written', async () => {
    const image = await copySample('win10-pro', 'sysprepped-with-mistakes', 'readonly');
    const before = await snapshotTree(image);
    const read = (tag: string) =>
      withReadOnlyImage(image, {}, async (img, facts) => {
        assert.equal(existsSync(lockFile(image)), false, `${tag}: no lock while reading`);
        // Both readers are inside their callbacks at the same time.
        await new Promise((resolve) => setTimeout(resolve, 50));
        img.writeFile(NEW_FILE, Buffer.from('staged, never committed'));
        return `${tag}: ${facts.generalization.state} ${(await img.readFile(IMAGE_PATHS.stateIni))?.length ?? 0}`;
      });
    const [a, b] = await Promise.all([read('a'), read('b')]);
    assert.equal(a.slice(3), b.slice(3));
    assert.deepEqual(await snapshotTree(image), before, 'a staged write is discarded, nothing else appears');

    // A writer holds the lock: a read-only run still opens the image.
    const inside = await runStagedImage(image, {}, {
      state: {} as {read?: string},
      stages: [{title: 'Read beside', run: async (_s, state) => void (state.read = await withReadOnlyImage(image, {}, async (_img, facts) => facts.generalization.state))}],
    });
    assert.equal(inside.state.read, a.slice(3).split(' ')[0]);
    assert.deepEqual(await snapshotTree(image), before);
  });

  it('discards and rethrows when the read fails', async () => {
    const image = await copySample('win10-pro', 'sysprepped', 'readonly-throw');
    const before = await snapshotTree(image);
    const thrown = new Error('reader failed');
    await assert.rejects(
      withReadOnlyImage(image, {}, async (img) => {
        img.writeFile(NEW_FILE, Buffer.from('x'));
        throw thrown;
      }),
      (error: unknown) => error === thrown,
    );
    assert.deepEqual(await snapshotTree(image), before);
  });
});
