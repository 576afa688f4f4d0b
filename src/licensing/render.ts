/** Human text for the licensing commands (pure: results in, strings out). */
import {CLIENT_THRESHOLD, SERVER_THRESHOLD} from './defaults.js';
import type {ActivationErrorCode} from './error-codes.js';
import type {KmsEvent} from './events.js';
import type {Explanation} from './explain.js';
import type {BuildRange} from './gvlk-catalog.js';
import type {KeysResult} from './keys.js';
import {displayKey} from './product-keys.js';
import type {ProfileCheckResult, ProfileInitResult} from './profile-files.js';

/** Columns padded to their widest cell, two spaces apart, no trailing blanks. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const formatBuilds = (range: BuildRange): string =>
  range.max === undefined ? `${range.min}+` : range.max === range.min ? String(range.min) : `${range.min}-${range.max}`;

export function renderKeys(result: KeysResult): string {
  const table = formatTable(
    ['KEY', 'PRODUCT', 'EDITION', 'EDITIONID', 'BUILDS', 'THRESHOLD'],
    result.rows.map((row) => [row.key, row.product, row.edition, row.editionIds.join(','), formatBuilds(row.builds), `${row.threshold} (${row.kind})`]),
  );
  return [
    table,
    '',
    `${result.rows.length} key(s). GVLKs are Microsoft's published KMS client setup keys; a KMS host activates client`,
    `OSes once it has seen ${CLIENT_THRESHOLD} distinct machines, server OSes once it has seen ${SERVER_THRESHOLD}.`,
  ].join('\n');
}

const bullets = (items: string[]): string[] => items.map((item) => `  - ${item}`);

function renderErrorCode(entry: ActivationErrorCode, signed: number): string[] {
  return [
    `${entry.hex}  ${entry.symbol ?? '(no symbolic name known)'}`,
    `  also written ${signed} (signed) or ${entry.code} (unsigned)`,
    '',
    `Meaning: ${entry.meaning}`,
    '',
    'Likely causes:',
    ...bullets(entry.causes),
    '',
    'What to check:',
    ...bullets(entry.checks),
  ];
}

function renderEvent(event: KmsEvent): string[] {
  return [
    `Event ${event.id}  logged by the KMS ${event.loggedBy}, ${event.log}`,
    '',
    `Meaning: ${event.meaning}`,
    `Fields: ${event.fields.join(', ')}`,
    `What it tells you: ${event.diagnosis}`,
  ];
}

export function renderExplanation(explanation: Explanation): string {
  const lines = explanation.kind === 'event' ? renderEvent(explanation.entry) : renderErrorCode(explanation.entry, explanation.signedDecimal);
  return lines.join('\n');
}

export function renderCodeList(codes: readonly ActivationErrorCode[], events: readonly KmsEvent[]): string {
  return [
    formatTable(['CODE', 'SYMBOL', 'MEANING'], codes.map((c) => [c.hex, c.symbol ?? '-', c.meaning])),
    '',
    formatTable(['EVENT', 'LOGGED BY', 'MEANING'], events.map((e) => [String(e.id), e.loggedBy, e.meaning])),
  ].join('\n');
}

export function renderProfileInit(result: ProfileInitResult): string {
  return [
    `${result.overwritten ? 'Replaced' : 'Wrote'} ${result.file}: a starter profile for a KMS ${result.role} image, with the documented defaults.`,
    `Editors validate it through "$schema": ${result.schema} (the schema, written beside it; keep the two together)`,
    `Check it with: winprep profile check ${result.file}`,
  ].join('\n');
}

const shownKey = (key: string | undefined): string => (key === undefined ? '(unchanged)' : key === 'auto' ? 'auto' : displayKey(key));

export function renderProfileCheck(result: ProfileCheckResult): string {
  const {profile} = result;
  const client = profile.kms?.client;
  const host = profile.kms?.host;
  const rows: string[][] = [];
  if (profile.image) rows.push(['image', Object.entries(profile.image).map(([k, v]) => `${k}=${v}`).join(' ') || '(defaults)']);
  if (profile.generalize) rows.push(['generalize', (profile.generalize.operations ?? []).join(',') || '(defaults)']);
  if (client) {
    const where = client.host ?? (client.lookupDomain ? `DNS in ${client.lookupDomain}` : 'DNS auto-discovery');
    rows.push(['kms client', `host=${where}${client.port ? ` port=${client.port}` : ''} caching=${client.hostCaching === false ? 'off' : 'on'} key=${shownKey(client.key)}`]);
  }
  if (host) {
    const domains = (host.publishDomains ?? []).map((d) => d.domain).join(',') || '-';
    rows.push([
      'kms host',
      `port=${host.listeningPort ?? '-'} dns=${host.dnsPublishing === false ? 'off' : 'on'} domains=${domains} ` +
        `intervals=${host.activationInterval ?? '-'}/${host.renewalInterval ?? '-'}min low-priority=${host.lowPriority ? 'yes' : 'no'}`,
    ]);
  }
  if (profile.validate) rows.push(['validate', `target=${profile.validate.target ?? 'duplication'} strict=${profile.validate.strict ? 'yes' : 'no'}`]);
  const body = rows.length > 0 ? formatTable(['SECTION', 'SETTINGS'], rows) : '(the profile sets nothing)';
  return [`${result.file} is a valid profile.`, '', body].join('\n');
}
