/**
 * The bad-input bar from DEVELOPERS.md, as assertions: the documented exit code, stderr of ONE
 * `winprep: <file>: <what>` line plus an optional `hint:` line (listr progress lines aside), no stack trace,
 * and `--json` giving one envelope with the same status. Every run is bounded (20 s), so a hang fails.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {promises as fs, watch} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {parseJsonOutput, projectRoot, runCli, type CliResult} from '../helpers/cli.js';

const BOUND_MS = 20_000;
/** Lines listr2 writes to stderr when it is not a terminal: task start/end/output. */
const PROGRESS = /^\s*[❯✔✖↓→›◼]/u;

export interface Expected {
  status: number;
  /** The path the error must name (as given on the command line, or the image-relative path). */
  file: string;
  /** What the message must say. */
  what?: RegExp;
}

/** Run `args` as a user would, then with --json; assert the bar for both. Returns the human run. */
export function expectRefusal(args: string[], expected: Expected, cwd?: string): CliResult {
  const human = runCli(args, {cwd, timeoutMs: BOUND_MS});
  assert.equal(human.status, expected.status, `exit code of winprep ${args.join(' ')}\nstderr:\n${human.stderr}`);
  const lines = human.stderr.split('\n').filter((line) => line.trim() !== '' && !PROGRESS.test(line));
  assert.ok(lines.length >= 1 && lines.length <= 2, `one error line plus an optional hint, got:\n${human.stderr}`);
  assert.match(lines[0]!, /^winprep: /);
  assert.ok(lines[0]!.includes(`${expected.file}:`) || lines[0]!.includes(` ${expected.file} `), `the error names ${expected.file}: ${lines[0]}`);
  if (expected.what) assert.match(lines[0]!, expected.what);
  if (lines[1] !== undefined) assert.match(lines[1], /^hint: /);
  assert.doesNotMatch(human.stderr, /^\s+at /m, 'no stack trace without --verbose');
  assert.ok(lines[0]!.length < 400, `the error line is short, got ${lines[0]!.length} characters`);

  const json = runCli([...args, '--json'], {cwd, timeoutMs: BOUND_MS});
  assert.equal(json.status, expected.status, `exit code under --json\nstderr:\n${json.stderr}`);
  const envelope = parseJsonOutput(json);
  assert.equal(envelope.status, expected.status);
  assert.ok(envelope.error?.message, 'the envelope carries the error');
  assert.equal(envelope.result, undefined);
  return human;
}

/** A scratch folder removed after the suite. */
export async function scratch(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `winprep-robust-${prefix}-`));
}

/** One sample image per suite (sample create is the slow part); tests copy it. */
export function createSample(dir: string, name: string, format: 'folder' | 'tar' | 'wim' = 'folder'): string {
  const target = path.join(dir, name);
  const created = runCli(['sample', 'create', target, '--os', 'win10-pro', '--state', 'captured-without-sysprep', '--format', format]);
  assert.equal(created.status, 0, created.stderr);
  return target;
}

export async function copyImage(source: string, target: string): Promise<string> {
  await fs.cp(source, target, {recursive: true, verbatimSymlinks: true});
  return target;
}

export interface StoppedRun {
  status: number | null;
  stderr: string;
  /** Whether the signal was sent (the watched name appeared while the run was alive). */
  caught: boolean;
}

/**
 * Run the CLI with `args` and send it `signal` the moment an entry whose name `when` accepts appears in `dir`.
 * The run is paused with SIGSTOP first, so the signal lands right there and not some milliseconds later.
 */
export async function stopWhenAppears(dir: string, args: string[], when: (name: string) => boolean, signal: NodeJS.Signals): Promise<StoppedRun> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'run.js'), ...args], {stdio: ['ignore', 'ignore', 'pipe']});
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  let caught = false;
  const watcher = watch(dir, (_event, name) => {
    if (!caught && when(String(name)) && child.exitCode === null) {
      caught = true;
      child.kill('SIGSTOP');
      child.kill(signal);
      child.kill('SIGCONT');
      watcher.close();
    }
  });
  const status = await exited;
  watcher.close();
  return {status, stderr, caught};
}
