/**
 * All-or-nothing commits of a folder image. Protocol (every file written is fsynced before it counts):
 *   1. journal (state "prepare") naming every temp file and directory about to be created;
 *   2. new contents written as temp siblings of their targets (backups go outside the image: folder-backup.ts);
 *   3. journal rewritten atomically with state "commit" — the commit point;
 *   4. temps renamed into place, deletions done;
 *   5. journal removed.
 * recoverFolder() finishes an interrupted commit: "prepare" → roll back (drop temps), "commit" → roll
 * forward (every step is idempotent). So the folder is always exactly before or exactly after.
 */
import {randomBytes} from 'node:crypto';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {badInput, errnoCode} from '../errors.js';
import {fsyncDir, writeFileAtomic, writeFileSynced} from '../fs/atomic.js';
import {dropFolderBackup, writeFolderBackup} from './folder-backup.js';
import {splitInnerPath} from './paths.js';
import type {FileChange} from './types.js';

export const JOURNAL_DIR = '.winprep-journal';
const JOURNAL_FILE = 'journal.json';
export const TEMP_SUFFIX = '.winprep-new';
/** Where --backup kept previous versions inside the tree before backups moved outside it (WP093 flags them). */
export const BACKUP_SUFFIX = '.winprep-bak';

interface JournalEntry {
  /** Paths relative to the image root, `/` separated, so a moved folder still recovers. */
  target: string;
  action: 'write' | 'delete';
  temp?: string;
  /** Older journals only: in-tree backups are no longer made, but an interrupted old commit still finishes. */
  backup?: string;
  backupTemp?: string;
}

interface Journal {
  version: 1;
  state: 'prepare' | 'commit';
  createdDirs: string[];
  entries: JournalEntry[];
}

export interface CommitStep {
  name: string;
  run: () => Promise<void>;
}

export interface FolderCommitPlan {
  steps: CommitStep[];
}

export type RecoveryOutcome = 'clean' | 'rolled-back' | 'rolled-forward';

const abs = (root: string, rel: string): string => path.join(root, ...rel.split('/'));
const journalDir = (root: string): string => path.join(root, JOURNAL_DIR);
const journalFile = (root: string): string => path.join(root, JOURNAL_DIR, JOURNAL_FILE);

const tempFor = (target: string, suffix: string): string => {
  const parts = target.split('/');
  const name = parts.pop()!;
  return [...parts, `.${name}.${randomBytes(5).toString('hex')}${suffix}`].join('/');
};

/** The steps of one commit, in order; running them all is the commit (tests may run a prefix to simulate a crash). */
export async function planFolderCommit(root: string, changes: FileChange[]): Promise<FolderCommitPlan> {
  const entries: JournalEntry[] = [];
  const createdDirs: string[] = [];
  for (const change of changes) {
    const target = splitInnerPath(change.path).join('/');
    const entry: JournalEntry = {target, action: change.action};
    if (change.action === 'write') {
      entry.temp = tempFor(target, TEMP_SUFFIX);
      await collectMissingDirs(root, target, createdDirs);
      // Checked before the commit point: a rename that cannot succeed must never be rolled forward.
      if ((await fs.stat(abs(root, target)).catch(() => undefined))?.isDirectory()) {
        throw badInput(`cannot write ${target}: it is a folder`, {file: abs(root, target)});
      }
    }
    entries.push(entry);
  }
  const journal: Journal = {version: 1, state: 'prepare', createdDirs, entries};
  const byTarget = new Map(changes.map((change) => [splitInnerPath(change.path).join('/'), change]));
  const steps: CommitStep[] = [
    {
      name: 'write journal (prepare)',
      run: async () => {
        await fs.mkdir(journalDir(root), {recursive: true});
        await writeFileAtomic(journalFile(root), JSON.stringify(journal));
        await fsyncDir(root);
      },
    },
    {
      name: 'create directories',
      run: async () => {
        for (const dir of createdDirs) await fs.mkdir(abs(root, dir), {recursive: true});
      },
    },
  ];
  for (const entry of entries) {
    const change = byTarget.get(entry.target)!;
    if (entry.temp && change.after) {
      const after = change.after;
      steps.push({name: `write ${entry.target}`, run: () => writeTemp(root, entry.temp!, after, entry.target)});
    }
  }
  steps.push({name: 'sync directories', run: () => syncDirsOf(root, entries)});
  steps.push({
    name: 'write journal (commit)',
    run: () => writeFileAtomic(journalFile(root), JSON.stringify({...journal, state: 'commit'} satisfies Journal)),
  });
  for (const entry of entries) steps.push({name: `apply ${entry.target}`, run: () => applyEntry(root, entry)});
  steps.push({name: 'sync directories', run: () => syncDirsOf(root, entries)});
  steps.push({name: 'remove journal', run: () => removeJournal(root)});
  return {steps};
}

/** Commit `changes`; with `backup`, keep the previous versions outside the image first. Returns the files kept. */
export async function commitFolder(root: string, changes: FileChange[], options: {backup?: boolean}): Promise<string[]> {
  const plan = await planFolderCommit(root, changes);
  const backup = options.backup ? await writeFolderBackup(root, changes) : undefined;
  try {
    for (const step of plan.steps) await step.run();
  } catch (error) {
    // A failure (not a crash) before the commit point rolls back; after it, recovery rolls forward.
    if ((await recoverFolder(root)) === 'rolled-back') await dropFolderBackup(backup);
    throw error;
  }
  return backup?.files ?? [];
}

/** Finish or undo an interrupted commit. Safe to call on any folder, any number of times. */
export async function recoverFolder(root: string): Promise<RecoveryOutcome> {
  const journal = await readJournal(root);
  if (journal === 'none') return 'clean';
  if (journal === 'unreadable') {
    // The prepare journal is written atomically before any temp: without it nothing else was written.
    await removeJournal(root);
    return 'rolled-back';
  }
  if (journal.state === 'commit') {
    for (const entry of journal.entries) await applyEntry(root, entry);
    await syncDirsOf(root, journal.entries);
    await removeJournal(root);
    return 'rolled-forward';
  }
  for (const entry of journal.entries) {
    if (entry.temp) await fs.rm(abs(root, entry.temp), {force: true});
    if (entry.backupTemp) await fs.rm(abs(root, entry.backupTemp), {force: true});
  }
  for (const dir of [...journal.createdDirs].reverse()) await removeIfEmpty(abs(root, dir));
  await syncDirsOf(root, journal.entries);
  await removeJournal(root);
  return 'rolled-back';
}

/** Idempotent: a rename whose temp is gone already happened. */
async function applyEntry(root: string, entry: JournalEntry): Promise<void> {
  if (entry.backupTemp && entry.backup) await renameIfPresent(abs(root, entry.backupTemp), abs(root, entry.backup));
  if (entry.action === 'write' && entry.temp) {
    await renameIfPresent(abs(root, entry.temp), abs(root, entry.target));
  } else if (entry.action === 'delete') {
    await fs.rm(abs(root, entry.target), {force: true});
  }
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await fs.rename(from, to);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
}

async function writeTemp(root: string, temp: string, data: Buffer, target: string): Promise<void> {
  const file = abs(root, temp);
  await fs.rm(file, {force: true});
  await writeFileSynced(file, data, await modeOf(abs(root, target)));
}

async function modeOf(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).mode & 0o7777;
  } catch {
    return 0o644;
  }
}

async function collectMissingDirs(root: string, target: string, into: string[]): Promise<void> {
  const parts = target.split('/').slice(0, -1);
  for (let n = 1; n <= parts.length; n++) {
    const dir = parts.slice(0, n).join('/');
    if (into.includes(dir)) continue;
    try {
      const stat = await fs.stat(abs(root, dir));
      if (!stat.isDirectory()) throw badInput(`cannot create ${target}: ${dir} is a file`, {file: abs(root, dir)});
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      into.push(dir);
    }
  }
}

async function syncDirsOf(root: string, entries: JournalEntry[]): Promise<void> {
  const dirs = new Set(entries.map((entry) => path.dirname(abs(root, entry.target))));
  for (const dir of dirs) {
    try {
      await fsyncDir(dir);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
  }
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await fs.rmdir(dir);
  } catch (error) {
    if (!['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(errnoCode(error) ?? '')) throw error;
  }
}

async function readJournal(root: string): Promise<Journal | 'none' | 'unreadable'> {
  try {
    await fs.stat(journalDir(root));
  } catch {
    return 'none';
  }
  try {
    const parsed = JSON.parse(await fs.readFile(journalFile(root), 'utf8')) as Journal;
    if (parsed.version !== 1 || !Array.isArray(parsed.entries)) return 'unreadable';
    for (const entry of parsed.entries) {
      for (const rel of [entry.target, entry.temp, entry.backup, entry.backupTemp]) {
        if (rel !== undefined) splitInnerPath(rel); // refuses `..`: a journal never points outside the root
      }
    }
    return parsed;
  } catch (error) {
    if (error instanceof SyntaxError || errnoCode(error) === 'ENOENT') return 'unreadable';
    throw error;
  }
}

async function removeJournal(root: string): Promise<void> {
  await fs.rm(journalDir(root), {recursive: true, force: true});
  await fsyncDir(root);
}
