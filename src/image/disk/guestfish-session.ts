/**
 * One libguestfs appliance per winprep run: a guestfish process fed commands on stdin, each followed by an
 * `echo` marker so its output (stdout and stderr merged, so an error line arrives before its marker) can be
 * told apart. Every command is prefixed with `-` so a failure is reported instead of ending the session.
 * The process reads our stdin: when winprep dies, even by SIGKILL, guestfish sees end of input, exits and
 * takes the appliance with it (no orphan holding the overlay open). No root, loop devices or FUSE: the
 * appliance reads the disk through qemu's block layer (guestfish(1), "EXIT ON ERROR", "REMOTE CONTROL").
 */
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';

import {WinprepError, missingTool, errnoCode} from '../../errors.js';
import {onExitCleanup} from '../../fs/exit-cleanup.js';

export const GUESTFISH = 'guestfish';
const PACKAGE = 'libguestfs-tools';

export interface GuestfishDrive {
  file: string;
  /** qemu format name: raw, vpc, vhdx, vmdk, qcow2. */
  format: string;
  readOnly: boolean;
}

/** A command guestfish (libguestfs) refused; `message` is its own text without the prefixes. */
export class GuestfishCommandError extends Error {
  constructor(
    readonly command: string,
    message: string,
  ) {
    super(message);
    this.name = 'GuestfishCommandError';
  }
}

interface Pending {
  marker: string;
  command: string;
  resolve: (output: Buffer) => void;
  reject: (error: Error) => void;
}

const ERROR_LINE = /(?:libguestfs: error|guestfish): (.*)$/;

export class GuestfishSession {
  private buffer = Buffer.alloc(0);
  private readonly queue: Pending[] = [];
  private exited = false;
  private exitError?: Error;
  private readonly forgetAtExit: () => void;
  private readonly closed: Promise<void>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stdin.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      child.on('close', (code) => {
        this.exited = true;
        this.exitError ??= new Error(`guestfish exited (code ${code}) ${this.buffer.toString('utf8').trim().split('\n').at(-1) ?? ''}`.trim());
        for (const pending of this.queue.splice(0)) pending.reject(this.exitError);
        resolve();
      });
    });
    // Ctrl-C ends winprep with process.exit(): stop the appliance rather than leave it to notice end of input.
    this.forgetAtExit = onExitCleanup(() => child.kill('SIGTERM'));
  }

  /** Start guestfish on the drives and launch the appliance (`run`): ~20 s under TCG, more on a busy host. */
  static async start(drives: GuestfishDrive[], context: {file: string}): Promise<GuestfishSession> {
    const args: string[] = [];
    for (const drive of drives) args.push(drive.readOnly ? '--ro' : '--rw', `--format=${drive.format}`, '-a', drive.file);
    // stderr joins stdout so an error line always precedes the marker of its command.
    const child = spawn('sh', ['-c', `exec ${GUESTFISH} "$@" 2>&1`, 'sh', ...args], {stdio: ['pipe', 'pipe', 'pipe']});
    const session = new GuestfishSession(child);
    const spawnFailed = new Promise<never>((_, reject) => child.on('error', reject));
    try {
      await Promise.race([session.command('run'), spawnFailed]);
    } catch (error) {
      await session.close();
      throw await launchError(error, context.file, session.exitError);
    }
    return session;
  }

  /** Run one guestfish command; resolves with its output (UTF-8), rejects with GuestfishCommandError. */
  async command(name: string, ...args: string[]): Promise<string> {
    return (await this.commandBytes(name, ...args)).toString('utf8');
  }

  /** Like command(), the output as bytes (pread prints file bytes as they are). */
  commandBytes(name: string, ...args: string[]): Promise<Buffer> {
    if (this.exited) return Promise.reject(this.exitError ?? new Error('guestfish has exited'));
    const marker = `__winprep_${randomBytes(8).toString('hex')}__`;
    const line = [name, ...args.map(quoteArg)].join(' ');
    return new Promise((resolve, reject) => {
      this.queue.push({marker, command: name, resolve, reject});
      this.child.stdin.write(`-${line}\necho ${marker}\n`);
    });
  }

  /** Stop the appliance (flushing every write to its drives) and wait for guestfish to end. */
  async close(): Promise<void> {
    if (!this.exited) {
      this.child.stdin.end('exit\n');
      await this.closed;
    }
    this.forgetAtExit();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const pending = this.queue[0];
      if (!pending) return;
      const at = this.buffer.indexOf(`${pending.marker}\n`);
      if (at < 0) return;
      const output = this.buffer.subarray(0, at);
      this.buffer = this.buffer.subarray(at + pending.marker.length + 1);
      this.queue.shift();
      const lines = output.toString('utf8').split('\n');
      const errorLine = lines.map((l) => ERROR_LINE.exec(l)?.[1]).find((m) => m !== undefined);
      if (errorLine !== undefined) pending.reject(new GuestfishCommandError(pending.command, errorLine.replace(`${pending.command}: `, '')));
      else if (lines.some((l) => l.includes('libguestfs: warning:'))) pending.resolve(Buffer.from(lines.filter((l) => !l.includes('libguestfs: warning:')).join('\n')));
      else pending.resolve(Buffer.from(output));
    }
  }
}

/** guestfish's argument quoting: double quotes, with backslash before `"` and `\`. */
const quoteArg = (value: string): string => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** Why the appliance did not start: the tool is missing (exit 6, naming the package), the disk is unreadable, or libguestfs itself fails. */
async function launchError(error: unknown, file: string, exitError: Error | undefined): Promise<WinprepError> {
  if (errnoCode(error) === 'ENOENT' || /guestfish: (not found|No such file)/.test(String(exitError?.message))) return missingTool(GUESTFISH, PACKAGE);
  const message = error instanceof Error ? error.message : String(error);
  if (/exec: guestfish: not found|guestfish: not found/.test(message)) return missingTool(GUESTFISH, PACKAGE);
  if (/Could not open|Image is not in|qcow2|vhdx|vmdk|vpc|No such file|Invalid|corrupt|truncat|beyond the end|Input\/output/i.test(message)) {
    return new WinprepError('badInput', `the disk cannot be read: ${oneLine(message)}`, {file, code: 'DISK_UNREADABLE'});
  }
  return new WinprepError('missingTool', `libguestfs could not start its appliance: ${oneLine(message)}`, {
    file,
    code: 'APPLIANCE_FAILED',
    hint: 'run libguestfs-test-tool; where /dev/kvm exists but nested virtualisation does not work, set LIBGUESTFS_BACKEND_SETTINGS=force_tcg',
  });
}

const oneLine = (text: string): string => {
  const line = text.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? text;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
};
