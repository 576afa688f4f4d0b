/** `dns records`: the `_vlmcs._tcp` records as BIND zone lines, an nsupdate script, PowerShell or JSON. */
import {badInput, usageError} from '../errors.js';
import {type KmsSrvRecord, SRV_DEFAULT_TTL, buildSrvRecords, parseDomain, parseSrvHost, parseTtl, srvOwner} from '../licensing/srv.js';
import type {Integer} from '../json-types.js';
import {type DnsServer, parseServer} from './server.js';
import {type TemplateScope, loadTemplate, renderTemplate} from './template.js';

export const RECORD_FORMATS = ['zone', 'nsupdate', 'powershell', 'json'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

export interface RecordsOptions {
  domain: string;
  /** `<fqdn>[:port][,priority,weight]` each */
  hosts: string[];
  ttl?: number | string;
  /** One of RECORD_FORMATS; anything else is a usage error. */
  format?: string;
  /** Zone the records live in (nsupdate `zone`, PowerShell -ZoneName); the domain by default. */
  zone?: string;
  /** Replace the RRset (nsupdate delete / PowerShell remove first). */
  replace?: boolean;
  /** nsupdate `server` line. */
  server?: string;
}

export interface RecordsResult {
  domain: string;
  zone: string;
  owner: string;
  ttl: Integer;
  format: RecordFormat;
  records: KmsSrvRecord[];
  /** The output in the chosen format. */
  text: string;
}

/** PowerShell TimeSpan text for -TimeToLive: [d.]hh:mm:ss. */
export function timeSpan(seconds: number): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const days = Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  const hms = `${pad(Math.floor(rest / 3600))}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`;
  return days > 0 ? `${days}.${hms}` : hms;
}

/** The owner relative to the zone, as Windows DNS -Name wants it ("@" when they are the same). */
export function relativeName(owner: string, zone: string): string {
  if (owner === zone) return '@';
  if (!owner.endsWith(`.${zone}`)) throw badInput(`${owner} is not inside zone ${zone}`, {code: 'BAD_DNS_NAME', hint: '--domain must be the zone or below it'});
  return owner.slice(0, -(zone.length + 1));
}

export interface RecordSet {
  domain: string;
  zone: string;
  owner: string;
  ttl: Integer;
  records: KmsSrvRecord[];
}

/** Parse and check the user's domain, zone, hosts and TTL into records (shared with publish). */
export function recordSet(options: {domain: string; zone?: string; hosts: string[]; ttl?: number | string}): RecordSet {
  const domain = parseDomain(options.domain, '--domain');
  const zone = options.zone === undefined ? domain : parseDomain(options.zone, '--zone');
  if (options.hosts.length === 0) throw badInput('give at least one --host <fqdn>[:port][,priority,weight]', {code: 'BAD_SRV_HOST'});
  const ttl = options.ttl === undefined ? SRV_DEFAULT_TTL : parseTtl(options.ttl);
  const records = buildSrvRecords(domain, options.hosts.map(parseSrvHost), ttl);
  const owner = srvOwner(domain);
  relativeName(owner, zone);
  return {domain, zone, owner, ttl, records};
}

export async function generateRecords(options: RecordsOptions): Promise<RecordsResult> {
  const set = recordSet(options);
  const format = (options.format ?? 'zone') as RecordFormat;
  if (!RECORD_FORMATS.includes(format)) throw usageError(`--format must be one of ${RECORD_FORMATS.join(', ')} (got "${options.format}")`, {code: 'USAGE'});
  const server: DnsServer | undefined = options.server === undefined ? undefined : parseServer(options.server);
  let text: string;
  if (format === 'json') {
    text = `${JSON.stringify(set.records, null, 2)}\n`;
  } else {
    const scope: TemplateScope = {
      domain: set.domain,
      zone: set.zone,
      ownerFqdn: `${set.owner}.`,
      relativeOwner: relativeName(set.owner, set.zone),
      replace: options.replace ?? false,
      server: server !== undefined,
      serverHost: server?.host,
      serverPort: server?.port,
      records: set.records.map((r) => ({
        ttl: r.ttl,
        ttlSpan: timeSpan(r.ttl),
        priority: r.priority,
        weight: r.weight,
        port: r.port,
        target: r.target,
        targetFqdn: `${r.target}.`,
      })),
    };
    text = `${renderTemplate(await loadTemplate(`${format}.tmpl`), scope).trimEnd()}\n`;
  }
  return {...set, format, text};
}
