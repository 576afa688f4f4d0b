/**
 * Running the system's Kerberos and DNS tools (kinit, klist, nsupdate): a missing program is exit 6 naming
 * its Debian package; otherwise the exit status and output come back for the caller to explain.
 */
import {spawn} from 'node:child_process';

import {missingTool, networkError} from '../../errors.js';

/** Which Debian package provides each program winprep drives for GSS-TSIG. */
export const GSS_TOOL_PACKAGES = {
  nsupdate: 'bind9-dnsutils',
  kinit: 'krb5-user',
  klist: 'krb5-user',
} as const;

export type GssTool = keyof typeof GSS_TOOL_PACKAGES;

export interface ToolRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runTool(tool: GssTool, args: string[], options: {env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, {env: options.env, stdio: ['pipe', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = options.timeoutMs ? setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, options.timeoutMs) : undefined;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? missingTool(tool, GSS_TOOL_PACKAGES[tool]) : error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(networkError(`${tool} did not finish within ${Math.round((options.timeoutMs ?? 0) / 1000)} s`, {code: 'GSS_TIMEOUT', hint: 'check that the DNS server and the KDC are reachable'}));
        return;
      }
      resolve({status: code ?? -1, stdout, stderr});
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
