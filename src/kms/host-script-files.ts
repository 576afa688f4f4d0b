/** `kms host script`: write the .cmd, .ps1 and .reg of host settings atomically into a folder. */
import {access} from 'node:fs/promises';
import path from 'node:path';

import {badInput, usageError} from '../errors.js';
import type {LicensingGeneration} from '../facts/facts.js';
import {createParentFolders} from '../fs/atomic.js';
import {writeFileAtomic} from '../image/index.js';
import type {Integer} from '../json-types.js';
import {hasHostRegistrySettings, parseKmsHostOptions, readHostKeyFile} from './host-settings.js';
import {type ActivationMethod, buildHostScripts} from './host-scripts.js';
import {encodeRegFile} from '../registry/index.js';
import type {KmsHostOptions} from './types.js';

export interface HostScriptFilesOptions extends KmsHostOptions {
  /** 'spp' (default) or 'sl'; checked here because the command passes the flag text. */
  generation?: LicensingGeneration | string;
  activation?: ActivationMethod | string;
  /** Folder to write into (default: the current directory). */
  outDir?: string;
  /** Base name of the three files (default kms-host). */
  name?: string;
  force?: boolean;
}

export interface HostScriptFile {
  path: string;
  kind: 'cmd' | 'ps1' | 'reg';
  bytes: Integer;
}

export interface HostScriptsResult {
  generation: LicensingGeneration;
  service: string;
  activation?: ActivationMethod;
  /** File the scripts read the host key from at run time (next to them); the key is not in any script. */
  keyFileName?: string;
  hostKeyTail?: string;
  steps: string[];
  files: HostScriptFile[];
}

export async function writeHostScripts(options: HostScriptFilesOptions): Promise<HostScriptsResult> {
  const settings = parseKmsHostOptions(options);
  const hostKey = options.hostKeyFile === undefined ? undefined : await readHostKeyFile(options.hostKeyFile);
  if (!hasHostRegistrySettings(settings) && hostKey === undefined) {
    throw usageError('nothing to script: give --host-key-file or at least one host setting (--port, --dns-publishing, …)');
  }
  const generation = oneOf(options.generation ?? 'spp', ['spp', 'sl'] as const, '--generation');
  const activation = oneOf(options.activation ?? 'online', ['online', 'phone'] as const, '--activation');
  const keyFileName = options.hostKeyFile === undefined ? undefined : path.basename(options.hostKeyFile);
  const scripts = buildHostScripts(settings, {generation, activation, keyFileName, installKey: hostKey !== undefined});
  const base = path.join(options.outDir ?? '.', options.name ?? 'kms-host');
  // UTF-8 BOM: Windows PowerShell 5.1 reads BOM-less scripts in the ANSI code page.
  const outputs: {kind: HostScriptFile['kind']; data: Buffer}[] = [
    {kind: 'cmd', data: Buffer.from(scripts.cmd, 'latin1')},
    {kind: 'ps1', data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(scripts.ps1, 'utf8')])},
    {kind: 'reg', data: encodeRegFile(scripts.reg)},
  ];
  if (!options.force) {
    for (const output of outputs) {
      const file = `${base}.${output.kind}`;
      if (await exists(file)) throw usageError(`${file} exists; use --force to replace it`);
    }
  }
  // --out-dir may not exist yet; a file in its place is bad input (exit 3), not an internal error.
  await createParentFolders(`${base}.${outputs[0].kind}`);
  const files: HostScriptFile[] = [];
  for (const output of outputs) {
    const file = `${base}.${output.kind}`;
    await writeFileAtomic(file, output.data);
    files.push({path: file, kind: output.kind, bytes: output.data.length});
  }
  return {
    generation,
    service: scripts.service,
    activation: hostKey === undefined ? undefined : activation,
    keyFileName,
    hostKeyTail: hostKey?.slice(-5),
    steps: scripts.steps,
    files,
  };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  const found = allowed.find((a) => a === value.trim().toLowerCase());
  if (!found) throw badInput(`${flag} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`, {code: 'BAD_OPTION'});
  return found;
}

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );
