/**
 * The one exit-code table and error type of winprep. Library code throws WinprepError; the base command
 * turns it into a one-line message (or a JSON error document) and the matching exit code.
 * The table is repeated in the README; test/errors.test.ts keeps the two in step.
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  badInput: 3,
  checksFailed: 4,
  busy: 5,
  missingTool: 6,
  network: 7,
  hangup: 129,
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitKind = keyof typeof ExitCode;
export type ExitCodeNumber = (typeof ExitCode)[ExitKind];

export interface ExitCodeRow {
  code: ExitCodeNumber;
  kind: ExitKind;
  meaning: string;
}

export const EXIT_CODE_TABLE: readonly ExitCodeRow[] = [
  {code: 0, kind: 'ok', meaning: 'success; the image or fleet passed its checks'},
  {code: 1, kind: 'internal', meaning: 'unexpected internal error (a bug: rerun with --verbose and report it)'},
  {code: 2, kind: 'usage', meaning: 'usage error: unknown command, flag, operation or rule, missing argument'},
  {code: 3, kind: 'badInput', meaning: 'bad input: unreadable, corrupt or invalid file or value'},
  {code: 4, kind: 'checksFailed', meaning: 'the image or fleet failed its checks'},
  {code: 5, kind: 'busy', meaning: 'image busy: locked by another run'},
  {code: 6, kind: 'missingTool', meaning: 'a required external tool is missing (the message names the Debian package)'},
  {code: 7, kind: 'network', meaning: 'network or DNS failure'},
  {code: 129, kind: 'hangup', meaning: 'stopped by SIGHUP (terminal closed); the image is left as it was, or complete when the stop came during its commit'},
  {code: 130, kind: 'interrupted', meaning: 'interrupted (Ctrl-C / SIGINT); the image is left as it was, or complete when the stop came during its commit'},
  {code: 143, kind: 'terminated', meaning: 'stopped by SIGTERM (CI cancel, docker stop); the image is left as it was, or complete when the stop came during its commit'},
];

/** Stable machine-readable codes for the JSON envelope, one per exit kind unless a finer one is given. */
const DEFAULT_CODES: Record<ExitKind, string> = {
  ok: 'OK',
  internal: 'INTERNAL',
  usage: 'USAGE',
  badInput: 'BAD_INPUT',
  checksFailed: 'CHECKS_FAILED',
  busy: 'IMAGE_BUSY',
  missingTool: 'TOOL_MISSING',
  network: 'NETWORK',
  hangup: 'INTERRUPTED',
  interrupted: 'INTERRUPTED',
  terminated: 'INTERRUPTED',
};

export interface WinprepErrorOptions {
  /** A finer stable code, e.g. HIVE_TRUNCATED; defaults to the kind's code. */
  code?: string;
  /** What the user can do about it, one line. */
  hint?: string;
  /** The file the error is about; prefixed to the message when not already named in it. */
  file?: string;
  cause?: unknown;
}

export class WinprepError extends Error {
  readonly kind: ExitKind;
  readonly code: string;
  readonly hint?: string;
  readonly file?: string;

  constructor(kind: ExitKind, message: string, options: WinprepErrorOptions = {}) {
    const text = options.file && !message.includes(options.file) ? `${options.file}: ${message}` : message;
    super(text, options.cause === undefined ? undefined : {cause: options.cause});
    this.name = 'WinprepError';
    this.kind = kind;
    this.code = options.code ?? DEFAULT_CODES[kind];
    this.hint = options.hint;
    this.file = options.file;
  }

  get exitCode(): ExitCodeNumber {
    return ExitCode[this.kind];
  }
}

export const usageError = (message: string, options?: WinprepErrorOptions): WinprepError =>
  new WinprepError('usage', message, options);
export const badInput = (message: string, options?: WinprepErrorOptions): WinprepError =>
  new WinprepError('badInput', message, options);
export const imageBusy = (message: string, options?: WinprepErrorOptions): WinprepError =>
  new WinprepError('busy', message, options);
export const networkError = (message: string, options?: WinprepErrorOptions): WinprepError =>
  new WinprepError('network', message, options);

/** A required external program is missing: name the Debian package that provides it. */
export const missingTool = (tool: string, debianPackage: string): WinprepError =>
  new WinprepError('missingTool', `${tool} is not installed`, {
    code: 'TOOL_MISSING',
    hint: `install it with: apt-get install ${debianPackage}`,
  });

/** One wording, in every command, for why a file could not be read ('no such file' for a missing one). */
export function unreadableReason(error: unknown): string {
  const code = errnoCode(error);
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot be read (${code ?? (error as Error).message})`;
}

export const isWinprepError = (error: unknown): error is WinprepError => error instanceof WinprepError;

/**
 * Text from a user's file made safe for a one-line error: control characters and U+FFFD (undecodable bytes)
 * become '?', and long text is cut — a binary file must not spill kilobytes of bytes into the terminal.
 */
export function printableExcerpt(text: string, max = 160): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** The errno code (ENOENT, EACCES, …) of a failed system call, or undefined for any other error. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
