/**
 * First-boot installation of the KMS host key: SetupComplete.cmd (docs/reference/setup-state.md#setupcomplete: LocalSystem, once, at the
 * end of setup, must not reboot) calls a winprep script that installs the key with slmgr /ipk, deletes the
 * key file, and activates with /ato. An existing SetupComplete.cmd keeps its own lines; ours are one marked block.
 */
import {IMAGE_PATHS, type Image} from '../image/types.js';
import {fillTemplate, toCrlf} from './templates.js';
import type {FileChangeSummary} from './types.js';

import {FIRST_BOOT_KEY_FILE, FIRST_BOOT_KEY_PATH, FIRST_BOOT_SCRIPT, FIRST_BOOT_SCRIPT_PATH} from '../licensing/host-key-files.js';

export {FIRST_BOOT_KEY_FILE, FIRST_BOOT_KEY_PATH, FIRST_BOOT_SCRIPT, FIRST_BOOT_SCRIPT_PATH};

const BLOCK = /^rem >>> winprep kms-host[^\n]*\n(?:[^\n]*\n)*?rem <<< winprep kms-host[^\n]*(?:\n|$)/im;

/** SetupComplete.cmd with our block: replaced when present, else placed after a leading `@echo off`. */
export function mergeSetupComplete(existing: string | undefined, block: string): string {
  if (existing === undefined) return fillTemplate('kms-host/SetupComplete.cmd', {BLOCK: block.trimEnd()});
  const text = existing.replace(/\r\n/g, '\n');
  const blockLf = `${block.replace(/\r\n/g, '\n').trimEnd()}\n`;
  if (BLOCK.test(text)) return toCrlf(text.replace(BLOCK, blockLf));
  // Before anything else, so an `exit` in the user's script cannot skip activation.
  const echoOff = /^@echo off[^\n]*\n/i.exec(text);
  const merged = echoOff ? `${echoOff[0]}${blockLf}${text.slice(echoOff[0].length)}` : `${blockLf}${text}`;
  return toCrlf(merged);
}

async function stage(image: Image, path: string, data: Buffer): Promise<FileChangeSummary | undefined> {
  const before = await image.readFile(path);
  if (before?.equals(data)) return undefined;
  image.writeFile(path, data);
  return {path, action: before ? 'replace' : 'create', bytes: data.length};
}

/** Stage the key file, the first-boot script and the SetupComplete.cmd block. */
export async function stageHostFirstBoot(image: Image, hostKey: string): Promise<FileChangeSummary[]> {
  const block = fillTemplate('kms-host/setupcomplete-block.cmd', {SCRIPT: FIRST_BOOT_SCRIPT});
  const current = await image.readFile(IMAGE_PATHS.setupComplete);
  const setupComplete = mergeSetupComplete(current?.toString('latin1'), block);
  const changes = [
    await stage(image, FIRST_BOOT_KEY_PATH, Buffer.from(`${hostKey}\r\n`, 'latin1')),
    await stage(image, FIRST_BOOT_SCRIPT_PATH, Buffer.from(fillTemplate('kms-host/first-boot.cmd', {KEYFILE: FIRST_BOOT_KEY_FILE}), 'latin1')),
    await stage(image, IMAGE_PATHS.setupComplete, Buffer.from(setupComplete, 'latin1')),
  ];
  return changes.filter((c): c is FileChangeSummary => c !== undefined);
}
