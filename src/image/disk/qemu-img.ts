/**
 * Running qemu-img (Debian package qemu-utils): missing → exit 6; a failure → one line with qemu-img's own
 * message. qemu's block layer is what reads raw, VHD (vpc), VHDX, VMDK and qcow2 for us.
 */
import {spawn} from 'node:child_process';

import {badInput, missingTool} from '../../errors.js';

export const QEMU_IMG = 'qemu-img';

export interface QemuImgRun {
  code: number;
  stdout: string;
  stderr: string;
}

const LOCKED = /another process using the image|Failed to get .*lock/i;
const LOCK_WAIT_MS = 120_000;

/**
 * Run qemu-img; resolves with the exit code (callers decide what a non-zero code means). When qemu's image
 * lock is held — by the qemu-img merge of a run killed with SIGKILL, which outlives it and finishes its
 * work — wait for it (up to two minutes) instead of failing.
 */
export async function runQemuImg(args: string[]): Promise<QemuImgRun> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const result = await runQemuImgOnce(args);
    if (result.code === 0 || !LOCKED.test(result.stderr) || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function runQemuImgOnce(args: string[]): Promise<QemuImgRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(QEMU_IMG, args, {stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? missingTool(QEMU_IMG, 'qemu-utils') : error));
    child.on('close', (code) => resolve({code: code ?? 1, stdout, stderr}));
  });
}

/** Run qemu-img and require exit 0; otherwise bad input naming `file` with qemu-img's last message line. */
export async function qemuImg(args: string[], file: string): Promise<string> {
  const run = await runQemuImg(args);
  if (run.code !== 0) throw badInput(`qemu-img ${args[0]}: ${lastLine(run.stderr) ?? `exit code ${run.code}`}`, {file, code: 'QEMU_IMG_FAILED'});
  return run.stdout;
}

/** qemu-img's message without its `qemu-img: <file>: ` prefix. */
export function lastLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  return lines.at(-1)?.replace(/^qemu-img:\s*/, '');
}

export interface QemuImgInfo {
  format: string;
  virtualSize: number;
  /** VMDK subformat (`create-type`), e.g. monolithicSparse or streamOptimized. */
  vmdkCreateType?: string;
  backingFile?: string;
}

export async function qemuImgInfo(file: string, format?: string): Promise<QemuImgInfo> {
  const stdout = await qemuImg(['info', '--output=json', ...(format ? ['-f', format] : []), file], file);
  const info = JSON.parse(stdout) as {
    format: string;
    'virtual-size': number;
    'backing-filename'?: string;
    'format-specific'?: {type?: string; data?: {'create-type'?: string}};
  };
  return {
    format: info.format,
    virtualSize: info['virtual-size'],
    ...(info['format-specific']?.data?.['create-type'] ? {vmdkCreateType: info['format-specific'].data['create-type']} : {}),
    ...(info['backing-filename'] ? {backingFile: info['backing-filename']} : {}),
  };
}

/** Formats `qemu-img check` can check (raw and vpc have no metadata to check). */
const CHECKABLE = new Set(['qcow2', 'qed', 'vdi', 'vhdx', 'vmdk', 'parallels']);

export interface CheckResult {
  ok: boolean;
  /** Leaked clusters only (exit 3): harmless, repairable with -r leaks. */
  leaksOnly: boolean;
  message?: string;
}

/**
 * `qemu-img check`: exit 0 clean, 2 corrupted, 3 leaked clusters only, 1 the check could not run
 * (qemu-img(1), "check"). `repairLeaks` frees leaked clusters (left by a killed writer) in place.
 */
export async function qemuImgCheck(file: string, format: string, options: {repairLeaks?: boolean} = {}): Promise<CheckResult> {
  if (!CHECKABLE.has(format)) return {ok: true, leaksOnly: false};
  const run = await runQemuImg(['check', '-f', format, ...(options.repairLeaks ? ['-r', 'leaks'] : []), file]);
  if (run.code === 0) return {ok: true, leaksOnly: false};
  const message = lastLine(run.stderr) ?? lastLine(run.stdout);
  return {ok: false, leaksOnly: run.code === 3, ...(message ? {message} : {})};
}
