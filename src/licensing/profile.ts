/**
 * The profile file build servers hand to `image prepare`: one JSON Schema (schemas/profile.schema.json,
 * draft 2020-12, ajv strict + formats) plus the checks a schema cannot express (host syntax, GVLK).
 * Every error names the file and the JSON path, and says what was expected.
 */
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import type {ErrorObject, ValidateFunction} from 'ajv/dist/2020.js';

import {badInput, unreadableReason} from '../errors.js';
import type {Integer} from '../json-types.js';
import {KMS_DEFAULT_PORT, ACTIVATION_INTERVAL_DEFAULT, RENEWAL_INTERVAL_DEFAULT} from './defaults.js';
import {displayKey, isGvlk, isProductKeyFormat, maskKey} from './product-keys.js';
import type {PublishDomain} from './registry-map.js';
import {isValidDnsName, parseKmsHost} from './validate.js';

export type ValidateTarget = 'duplication' | 'wds';

export interface ImageProfile {
  path?: string;
  /** A WIM image: its 1-based index or its name. */
  index?: Integer | string;
  editionId?: string;
  /** Keep previous versions outside the image (--backup). */
  backup?: boolean;
}

export interface KmsClientProfile {
  /** name[:port], IPv4[:port] or [IPv6][:port] */
  host?: string;
  port?: Integer;
  lookupDomain?: string;
  hostCaching?: boolean;
  /** A published GVLK, or "auto" (the catalog's key for the image's EditionID and build). */
  key?: string;
}

export interface KmsHostProfile {
  listeningPort?: Integer;
  dnsPublishing?: boolean;
  publishDomains?: PublishDomain[];
  lowPriority?: boolean;
  activationInterval?: Integer;
  renewalInterval?: Integer;
}

export interface Profile {
  $schema?: string;
  description?: string;
  image?: ImageProfile;
  generalize?: {operations?: string[]; computerName?: string};
  kms?: {client?: KmsClientProfile; host?: KmsHostProfile};
  validate?: {target?: ValidateTarget; strict?: boolean; rules?: string[]; skipRules?: string[]};
}

const SCHEMA_FILE = path.join('schemas', 'profile.schema.json');

/** schemas/profile.schema.json of this installation (found upwards from this module: src/ under tsx, dist/src/ when built). */
export function profileSchemaPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${SCHEMA_FILE} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

let validator: Promise<ValidateFunction<Profile>> | undefined;

/** ajv is loaded on first use: many commands import the licensing model, few read profiles (start-up time). */
function compiledSchema(): Promise<ValidateFunction<Profile>> {
  validator ??= (async () => {
    const [{Ajv2020}, formats, text] = await Promise.all([
      import('ajv/dist/2020.js'),
      import('ajv-formats'),
      readFile(profileSchemaPath(), 'utf8'),
    ]);
    const ajv = new Ajv2020({strict: true, allowUnionTypes: true, allErrors: true, verbose: true});
    // ajv-formats is CommonJS: its ESM default is module.exports, whose `default` is the plugin.
    formats.default.default(ajv);
    return ajv.compile<Profile>(JSON.parse(text));
  })();
  return validator;
}

/** Read, parse and check a profile file. Throws WinprepError badInput (exit 3) naming the file and JSON path. */
export async function loadProfile(file: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw badInput(`${file}: ${unreadableReason(error)}`, {file, code: 'PROFILE_UNREADABLE', hint: 'create one with: winprep profile init <file>'});
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw badInput(`${file}: not valid JSON: ${describeJsonError(text, error as Error)}`, {file, code: 'PROFILE_NOT_JSON'});
  }
  return checkProfile(data, file);
}

/** Check an already-parsed document; `source` names it in messages. */
export async function checkProfile(data: unknown, source: string): Promise<Profile> {
  const validate = await compiledSchema();
  if (!validate(data)) {
    throw profileError(source, (validate.errors ?? []).map(describeSchemaError));
  }
  const problems = semanticProblems(data);
  if (problems.length > 0) throw profileError(source, problems);
  return data;
}

function profileError(source: string, problems: string[]) {
  const shown = problems.slice(0, 3).join('; ');
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  return badInput(`${source}: ${shown}${more}`, {
    file: source,
    code: 'PROFILE_INVALID',
    hint: `the schema is ${path.relative(process.cwd(), profileSchemaPath()) || SCHEMA_FILE}; \`winprep profile init\` writes a valid starter`,
  });
}

/** Values are echoed in messages except product keys, which are secrets unless published GVLKs. */
function showValue(pointer: string, value: unknown): string {
  if (pointer.endsWith('/key') && typeof value === 'string') return JSON.stringify(isProductKeyFormat(value) ? displayKey(value) : maskKey(value));
  const text = isSmallTree(value) ? (JSON.stringify(value) ?? String(value)) : Array.isArray(value) ? '[...]' : '{...}';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Whether a parsed value is shallow and small enough to echo: JSON.stringify recurses, and a hostile file of
 * 10 MB of nested brackets would overflow the stack (exit 1) instead of being named as bad input.
 */
function isSmallTree(value: unknown, maxNodes = 1000, maxDepth = 32): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let seen = 0; stack.length > 0; seen++) {
    const [node, depth] = stack.pop()!;
    if (seen > maxNodes || depth > maxDepth) return false;
    if (node !== null && typeof node === 'object') for (const child of Object.values(node)) stack.push([child, depth + 1]);
    if (stack.length > maxNodes) return false;
  }
  return true;
}

const TYPE_PHRASE: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
};

/** Schema titles that read as "what is expected" ("a TCP port from 1 to 65535"), as opposed to section names. */
const expectation = (title: string | undefined): string | undefined => (title && /^(a|an|true|minutes|")\b/.test(title) ? title : undefined);

const pointerOf = (instancePath: string): string => instancePath || '/';

function describeSchemaError(error: ErrorObject): string {
  const at = pointerOf(error.instancePath);
  const got = ` (got ${showValue(error.instancePath, error.data)})`;
  const parent = (error.parentSchema ?? {}) as {title?: string; minimum?: number; maximum?: number; properties?: Record<string, unknown>};
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = (error.params as {additionalProperty: string}).additionalProperty;
      const allowed = Object.keys(parent.properties ?? {}).join(', ');
      return `${at === '/' ? '' : at}/${extra} is not a known setting (expected one of: ${allowed})`;
    }
    case 'required':
      return `${at} lacks required ${(error.params as {missingProperty: string}).missingProperty}`;
    case 'minimum':
    case 'maximum':
      return parent.minimum !== undefined && parent.maximum !== undefined
        ? `${at} must be from ${parent.minimum} to ${parent.maximum}${got}`
        : `${at} must be ${parent.title ?? error.message}${got}`;
    case 'enum':
      return `${at} must be one of ${(error.params as {allowedValues: unknown[]}).allowedValues.map((v) => JSON.stringify(v)).join(', ')}${got}`;
    case 'uniqueItems':
      return `${at} must not list the same item twice`;
    case 'type':
      return `${at} must be ${expectation(parent.title) ?? TYPE_PHRASE[String((error.params as {type: unknown}).type)] ?? error.message}${got}`;
    case 'pattern':
    case 'format':
    case 'minLength':
    case 'maxLength':
      return `${at} must be ${parent.title ?? error.message}${got}`;
    default:
      return `${at} ${error.message ?? 'is invalid'}`;
  }
}

/** What the schema cannot say: host syntax, port agreement, GVLK-ness, DNS names by winprep's own rule. */
function semanticProblems(profile: Profile): string[] {
  const problems: string[] = [];
  const attempt = (check: () => void) => {
    try {
      check();
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  const client = profile.kms?.client;
  if (client?.host !== undefined) {
    const host = client.host;
    attempt(() => {
      const address = parseKmsHost(host, '/kms/client/host');
      if (address.port !== undefined && client.port !== undefined && address.port !== client.port) {
        problems.push(`/kms/client/port ${client.port} disagrees with the port ${address.port} in /kms/client/host; give the port once`);
      }
    });
  }
  if (client?.key !== undefined && client.key !== 'auto') {
    if (!isProductKeyFormat(client.key)) {
      problems.push(`/kms/client/key must be a 5×5 key of the product-key alphabet (got ${showValue('/key', client.key)})`);
    } else if (!isGvlk(client.key)) {
      problems.push(`/kms/client/key must be a published GVLK or "auto": KMS clients activate only with a GVLK (got ${JSON.stringify(maskKey(client.key))}; see winprep kms keys)`);
    }
  }
  if (client?.lookupDomain !== undefined && !isValidDnsName(client.lookupDomain)) {
    problems.push(`/kms/client/lookupDomain must be a DNS domain name (got ${JSON.stringify(client.lookupDomain)})`);
  }
  profile.kms?.host?.publishDomains?.forEach((entry, i) => {
    if (!isValidDnsName(entry.domain)) problems.push(`/kms/host/publishDomains/${i}/domain must be a DNS domain name (got ${JSON.stringify(entry.domain)})`);
  });
  return problems;
}

function describeJsonError(text: string, error: Error): string {
  const message = error.message.replace(/\s*in JSON at position \d+.*$/, '');
  const position = /position (\d+)/.exec(error.message);
  if (!position) return message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} at line ${line}, column ${column}`;
}

export type ImageRole = 'client' | 'host';

export interface StarterOptions {
  /** `$schema` value; default the schema's path relative to the package root. */
  schemaRef?: string;
  /** A KMS client image (the usual reference image) or a KMS host image: the profile holds only that section. */
  role?: ImageRole;
}

/** The starter profile's generalize operations (see starterProfile). */
export const STARTER_OPERATIONS = ['defaults', '+reseal', '+machine-guid', '+dhcpv6-duid'];

/** A valid profile showing every section of its role with the documented defaults (docs/reference/kms.md#registry-values). */
export function starterProfile(options: StarterOptions = {}): Profile {
  const role = options.role ?? 'client';
  const kms: Profile['kms'] =
    role === 'client'
      ? {client: {hostCaching: true, key: 'auto'}}
      : {
          host: {
            listeningPort: KMS_DEFAULT_PORT,
            dnsPublishing: true,
            publishDomains: [],
            lowPriority: false,
            activationInterval: ACTIVATION_INTERVAL_DEFAULT,
            renewalInterval: RENEWAL_INTERVAL_DEFAULT,
          },
        };
  return {
    $schema: options.schemaRef ?? `./${SCHEMA_FILE.split(path.sep).join('/')}`,
    description:
      role === 'client'
        ? 'Reference image for disk duplication; clients find their KMS host through DNS'
        : 'KMS host image: listening port, DNS publishing and the intervals it hands to clients',
    image: {index: 1},
    // The documented defaults, plus the inferred operations that only ever change an image sysprep did not
    // generalize (on a sysprepped image they find nothing to do): such an image then validates with warnings
    // (WP010), never a clean FIT. Delete the "+…" entries to refuse such images outright (WP010 error).
    generalize: {operations: STARTER_OPERATIONS},
    kms,
    validate: {target: 'duplication', strict: false},
  };
}
