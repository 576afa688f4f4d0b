/** The two profile file operations behind `profile init` and `profile check`. */
import {existsSync, promises as fs, statSync} from 'node:fs';
import path from 'node:path';

import {badInput, usageError} from '../errors.js';
import {createParentFolders, writeFileAtomic} from '../fs/atomic.js';
import {type ImageRole, type Profile, loadProfile, profileSchemaPath, starterProfile} from './profile.js';

export interface ProfileInitResult {
  file: string;
  role: ImageRole;
  /** The `$schema` reference written: the schema copy beside the profile (`./…`), so editors find it. */
  schema: string;
  /** The schema copy beside the profile (written when missing or out of date). */
  schemaFile: string;
  overwritten: boolean;
  profile: Profile;
}

/**
 * The schema copy a profile points at, in the profile's own folder. A path into the installation (or the
 * winprep checkout) breaks once the profile is committed to another repository or copied to a build server;
 * a copy beside it travels with it (and no URL is assumed to host the schema).
 */
export const SCHEMA_COPY = 'winprep-profile.schema.json';

/** Write the installed schema beside the profile unless an identical copy is there; returns its path. */
async function writeSchemaCopy(file: string): Promise<string> {
  const target = path.join(path.dirname(path.resolve(file)), SCHEMA_COPY);
  const schema = await fs.readFile(profileSchemaPath());
  const current = await fs.readFile(target).catch(() => undefined);
  if (!current?.equals(schema)) await writeFileAtomic(target, schema);
  return target;
}

/** `client` or `host`, else a usage error naming the flag. */
export function parseImageRole(text: string, what: string): ImageRole {
  if (text === 'client' || text === 'host') return text;
  throw usageError(`${what} must be client or host (got ${JSON.stringify(text)})`, {code: 'BAD_ROLE'});
}

/** Write the starter profile atomically; an existing file is kept unless `force`. */
export async function writeStarterProfile(file: string, options: {force?: boolean; role?: ImageRole} = {}): Promise<ProfileInitResult> {
  const exists = existsSync(file);
  if (exists && statSync(file).isDirectory()) {
    throw badInput(`${file} is a folder, not a profile file`, {file, code: 'FILE_IS_FOLDER', hint: 'give a file name, e.g. build/win11.json'});
  }
  if (exists && !options.force) {
    throw usageError(`${file} already exists`, {file, code: 'FILE_EXISTS', hint: 'pass --force to replace it, or give another file name'});
  }
  const schema = `./${SCHEMA_COPY}`;
  const role = options.role ?? 'client';
  const profile = starterProfile({schemaRef: schema, role});
  // A profile may go to a folder that does not exist yet (build/win11.json).
  await createParentFolders(file);
  const schemaFile = await writeSchemaCopy(file);
  await writeFileAtomic(file, `${JSON.stringify(profile, null, 2)}\n`);
  return {file, role, schema, schemaFile, overwritten: exists, profile};
}

export interface ProfileCheckResult {
  file: string;
  valid: true;
  profile: Profile;
  /** Settings that are valid but will not do what they seem to (docs/reference/dns.md#client-discovery). */
  warnings: string[];
}

/** Load and check a profile; invalid → WinprepError badInput (exit 3) naming the JSON path. */
export async function checkProfileFile(file: string): Promise<ProfileCheckResult> {
  const profile = await loadProfile(file);
  return {file, valid: true, profile, warnings: profileWarnings(profile)};
}

export function profileWarnings(profile: Profile): string[] {
  const warnings: string[] = [];
  const client = profile.kms?.client;
  if (client?.host !== undefined && client.lookupDomain !== undefined) {
    warnings.push('/kms/client/lookupDomain is ignored while /kms/client/host is set'); // docs/reference/dns.md#client-discovery
  }
  if (client?.host === undefined && client?.port !== undefined) {
    warnings.push('/kms/client/port without /kms/client/host: auto-discovered hosts announce their own port in DNS');
  }
  if (profile.kms?.host?.publishDomains?.some((d) => d.priority !== undefined || d.weight !== undefined)) {
    warnings.push('publish-domain priority and weight need a Windows 7 / 2008 R2 or later KMS host, and clients honour them only with host caching off'); // docs/reference/dns.md#client-discovery
  }
  return warnings;
}
