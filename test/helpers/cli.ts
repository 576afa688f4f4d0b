/** Run the compiled CLI (bin/run.js, built by `npm run build` before the suite) as a user would. */
import {spawn, spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runJs = path.join(projectRoot, 'bin', 'run.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [runJs, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: {...process.env, ...options.env},
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr};
}

/** Async variant, for tests that must run the CLI concurrently with something else (e.g. a DNS server). */
export function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runJs, ...args], {cwd: options.cwd ?? projectRoot, env: {...process.env, ...options.env}});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
    child.on('close', (code) => resolve({status: code ?? -1, stdout, stderr}));
  });
}

/** Parse the single JSON document a --json run prints; fails the test if stdout holds anything else. */
export function parseJsonOutput<T = unknown>(result: CliResult): {status: number; result?: T; warnings?: string[]; error?: {code: string; message: string; hint?: string}} {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.status}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
