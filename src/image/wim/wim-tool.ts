/** Running wimlib-imagex (package wimtools): missing → exit 6; failures → one line with its own message. */
import {spawn} from 'node:child_process';

import {badInput, missingTool} from '../../errors.js';

export const WIMLIB = 'wimlib-imagex';

export interface WimRun {
  stdout: Buffer;
  stderr: string;
}

/** Run wimlib-imagex with case-insensitive path matching (Windows semantics, docs/reference/wim.md#wimlib). */
export function runWimlib(args: string[], options: {file: string; input?: string}): Promise<WimRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(WIMLIB, args, {
      env: {...process.env, WIMLIB_IMAGEX_IGNORE_CASE: '1'},
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? missingTool(WIMLIB, 'wimtools') : error);
    });
    child.on('close', (code) => {
      if (code === 0) {
        resolve({stdout: Buffer.concat(out), stderr});
        return;
      }
      const message = firstError(stderr) ?? `${WIMLIB} ${args[0]} failed with exit code ${code}`;
      reject(badInput(`${WIMLIB} ${args[0]}: ${message}`, {file: options.file, code: 'WIM_TOOL_FAILED'}));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** wimlib's first ERROR line, without its prefix; progress lines are dropped. */
function firstError(stderr: string): string | undefined {
  const lines = stderr.split(/[\r\n]+/).map((line) => line.trim()).filter(Boolean);
  const error = lines.find((line) => /^\[?ERROR\]?/.test(line));
  return (error ?? lines.at(-1))?.replace(/^\[?ERROR\]?:?\s*/, '');
}
