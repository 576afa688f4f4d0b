/**
 * Every winprep command extends this: `--json` with one envelope on stdout, `--verbose` for stack traces,
 * one-line human errors with a hint, and the exit-code table of src/errors.ts, the same in both modes.
 * Commands return their typed result from run(); human rendering happens in run() before returning.
 */
import {Command, Errors, Flags, Interfaces} from '@oclif/core';

import {ExitCode, WinprepError, isWinprepError} from '../errors.js';
import {whenStoppable} from '../fs/stop-deferral.js';
import {closest} from '../suggest.js';
import {forBin} from './bin-name.js';
import {type ErrorEnvelope, type SuccessEnvelope, serializeEnvelope} from './json-envelope.js';
import {setQuietProgress} from './progress.js';

/** Signals that stop a run like Ctrl-C does (CI cancel and `docker stop` send SIGTERM, a closed terminal SIGHUP), with 128 + signal number. */
const STOP_SIGNALS = {SIGINT: ExitCode.interrupted, SIGTERM: ExitCode.terminated, SIGHUP: ExitCode.hangup} as const;
type StopSignal = keyof typeof STOP_SIGNALS;

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>;
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

export abstract class BaseCommand<T extends typeof Command> extends Command {
  static enableJsonFlag = true;

  static baseFlags = {
    verbose: Flags.boolean({
      summary: 'Show more detail, and a stack trace on errors.',
      helpGroup: 'GLOBAL',
    }),
    quiet: Flags.boolean({
      summary: 'Show no progress; print only the result, warnings and errors.',
      helpGroup: 'GLOBAL',
      exclusive: ['verbose'],
    }),
  };

  protected flags!: BaseFlags<T>;
  protected args!: BaseArgs<T>;

  /** Exit status of a run that completed but found problems (e.g. 4 when an image fails validation). */
  protected status: number = ExitCode.ok;
  protected readonly warnings: string[] = [];
  private readonly signalHandlers = new Map<StopSignal, () => void>();

  public override async init(): Promise<void> {
    await super.init();
    // bin/run.js answered stop signals while the CLI loaded; from here on this command does.
    const early = (globalThis as Record<symbol, Map<string, () => void> | undefined>)[Symbol.for('winprep.earlySignalHandlers')];
    for (const [signal, handler] of early ?? []) process.removeListener(signal, handler);
    for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) {
      const handler = () => this.onInterrupt(signal);
      this.signalHandlers.set(signal, handler);
      process.once(signal, handler);
    }
    const {args, flags} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as BaseFlags<T>;
    setQuietProgress(Boolean((flags as {quiet?: boolean}).quiet));
    this.args = args as BaseArgs<T>;
  }

  /** Record a warning: on stderr in human mode, in the envelope's `warnings` under --json. */
  protected addWarning(message: string): void {
    this.warnings.push(message);
    if (!this.jsonEnabled()) process.stderr.write(this.forBin(`warning: ${message}\n`));
  }

  /**
   * Print human output to stdout. Unlike this.log (console formatting), it writes the string as it is, which
   * matters for large outputs such as a full .reg export.
   */
  protected print(text: string): void {
    const out = this.forBin(text);
    process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  }

  public override log(message = '', ...args: unknown[]): void {
    super.log(this.forBin(message), ...args);
  }

  /** Command mentions in library text (`winprep image generalize …`) as the running CLI's bin (a host CLI's name when winprep is its plugin). */
  protected forBin(text: string): string {
    return forBin(text, this.config.bin);
  }

  /** End with a non-zero status while still printing the result (e.g. validation failed: 4). */
  protected setStatus(code: number): void {
    this.status = code;
  }

  protected override toSuccessJson(result: unknown): SuccessEnvelope<unknown> {
    return {status: this.status, result, warnings: this.warnings};
  }

  protected override logJson(json: unknown): void {
    // Plain JSON, never colourised: pipelines parse it (oclif's logJson colours when FORCE_COLOR is set).
    process.stdout.write(this.forBin(serializeEnvelope(json as SuccessEnvelope<unknown>)));
  }

  public override async catch(error: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<void> {
    if (error instanceof Errors.ExitError) throw error;
    const known = Object.keys({...(this.ctor as typeof BaseCommand).baseFlags, ...this.ctor.flags, json: true});
    const described = describeError(error, known);
    process.exitCode = described.status;
    if (this.jsonEnabled()) {
      const doc: ErrorEnvelope = {status: described.status, error: {code: described.code, message: described.message}};
      if (described.hint) doc.error.hint = described.hint;
      process.stdout.write(this.forBin(serializeEnvelope(doc)));
      return;
    }
    let text = `winprep: ${described.message}\n`;
    if (described.hint) text += `hint: ${described.hint}\n`;
    if (this.isVerbose() && error.stack) text += `${error.stack}\n`;
    else if (described.status === ExitCode.internal) text += 'hint: rerun with --verbose for a stack trace\n';
    process.stderr.write(this.forBin(text));
  }

  public override async finally(error: Error | undefined): Promise<void> {
    for (const [signal, handler] of this.signalHandlers) process.removeListener(signal, handler);
    if (!error && this.status !== ExitCode.ok) process.exitCode = this.status;
    await super.finally(error);
  }

  private isVerbose(): boolean {
    return Boolean((this.flags as {verbose?: boolean} | undefined)?.verbose) || this.argv.includes('--verbose');
  }

  private onInterrupt(signal: StopSignal): void {
    // A commit section (src/fs/stop-deferral.ts) finishes first, so the image is complete rather than
    // waiting for the next open's journal recovery; anywhere else stopping is safe at once.
    let waited = false;
    waited = whenStoppable(() => this.stop(signal, waited));
  }

  private stop(signal: StopSignal, afterCommit: boolean): void {
    // Every write winprep makes is atomic (temp file + rename, journalled commits), so stopping here is safe;
    // process.exit runs the exit cleanups (src/fs/exit-cleanup.ts) that remove the temp copy and the lock.
    const status = STOP_SIGNALS[signal];
    const what = signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`;
    const error = new WinprepError(
      'interrupted',
      afterCommit ? `${what} once the commit under way had finished: the image holds every change of this run` : `${what}; the image was left as it was`,
    );
    if (this.jsonEnabled()) {
      process.stdout.write(serializeEnvelope({status, error: {code: error.code, message: error.message}}));
    } else {
      // Start on a fresh, cleared line so the message stays visible below a progress display in a terminal.
      const fresh = process.stderr.isTTY ? '\n\u001B[2K' : '';
      process.stderr.write(`${fresh}${this.forBin(`winprep: ${error.message}`)}\n`);
    }
    process.exit(status);
  }
}

interface DescribedError {
  status: number;
  code: string;
  message: string;
  hint?: string;
}

/** `did you mean --dry-run?` for oclif's "Nonexistent flag(s): --dry-rn" when a flag of the command is close. */
function flagSuggestion(message: string, knownFlags: string[]): string | undefined {
  const typed = /^Nonexistent flags?: (.+)$/m.exec(message)?.[1]?.split(/,\s*/) ?? [];
  const hints = typed.flatMap((flag) => {
    const name = closest(flag.replace(/^-+/, '').replace(/=.*$/, ''), knownFlags);
    return name ? [`--${name}`] : [];
  });
  return hints.length > 0 ? `did you mean ${hints.join(', ')}? (see --help for the command's flags)` : undefined;
}

/** Map any thrown value to status, code, one-line message and hint. */
export function describeError(error: Error & {exitCode?: number; oclif?: {exit?: number}}, knownFlags: string[] = []): DescribedError {
  if (isWinprepError(error)) {
    return {status: error.exitCode, code: error.code, message: oneLine(error.message), hint: error.hint};
  }
  if (error instanceof Errors.CLIError) {
    // oclif's parser errors (unknown flag, missing argument, bad option value) are usage errors.
    const status = error.oclif?.exit ?? ExitCode.usage;
    return {
      status,
      code: status === ExitCode.usage ? 'USAGE' : 'INTERNAL',
      message: oneLine(error.message),
      hint: status === ExitCode.usage ? (flagSuggestion(error.message, knownFlags) ?? 'see --help for the command\'s flags and arguments') : undefined,
    };
  }
  const denied = permissionProblem(error);
  if (denied) return denied;
  return {status: ExitCode.internal, code: 'INTERNAL', message: oneLine(error.message || String(error))};
}

/**
 * A file the run may not write (EACCES/EPERM/EROFS) is bad input (exit 3), not a bug. The message names the
 * image file, not the work file beside it (`.SYSTEM.8ee58d4c90.winprep-new` is written to replace `SYSTEM`).
 */
function permissionProblem(error: Error & {code?: unknown; path?: unknown}): DescribedError | undefined {
  if (error.code !== 'EACCES' && error.code !== 'EPERM' && error.code !== 'EROFS') return undefined;
  const raw = typeof error.path === 'string' ? error.path : '';
  const file = raw.replace(/(^|[\\/])\.([^\\/]+)\.[0-9a-f]+\.winprep-new$/, '$1$2');
  const what = error.code === 'EROFS' ? 'is on a read-only file system' : 'cannot be written (permission denied)';
  return {
    status: ExitCode.badInput,
    code: 'PERMISSION_DENIED',
    message: file ? `${file}: ${what}` : `${what}: ${oneLine(error.message)}`,
    hint: 'fix the permissions of the image and its folder, or use --dry-run / image validate to read it without writing',
  };
}

const oneLine = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/^see more help with/i.test(line))
    .join(' ')
    .replace(/^Error:\s*/, '');
