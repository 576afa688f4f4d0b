/**
 * `dns discover`: find the KMS hosts a client would find, the way it would (docs/reference/dns.md#client-discovery, docs/reference/dns.md#srv-selection):
 * a direct registration (KeyManagementServiceName) wins and skips DNS; else the lookup domain
 * (`slmgr /skms-domain`, Windows 8 / build 9200 and later); else the primary DNS suffix. The SRV
 * query goes to the given server; the hosts are ordered as that client generation would order them.
 */
import {KMS_DEFAULT_PORT, VLMCS_SERVICE, type SrvTarget, srvOwner} from '../licensing/srv.js';
import type {Integer} from '../json-types.js';
import {type Finding, finding} from './findings.js';
import {type ClientGeneration, type Random, clientOrder, firstPickChances} from './order.js';
import {type ProbeResult, probeHost} from './probe.js';
import {query} from './query.js';
import {type DnsServer, formatServer} from './server.js';
import {RRType, Rcode, rcodeName} from './wire/constants.js';

/** Builds from which the lookup domain is read (docs/reference/dns.md#client-discovery: build 9200 and later, inferred for earlier builds). */
export const LOOKUP_DOMAIN_MIN_BUILD = 9200;

/** What a client's configuration says about discovery (from an image, or given directly). */
export interface ClientDiscoveryFacts {
  /** KeyManagementServiceName / KeyManagementServicePort */
  directHost?: string;
  directPort?: string;
  lookupDomain?: string;
  primaryDnsSuffix?: string;
  build?: Integer;
  generation?: ClientGeneration;
  hostCachingDisabled?: boolean;
}

export type DomainSource = 'domain-flag' | 'direct' | 'lookup-domain' | 'primary-dns-suffix' | 'none';

export interface DiscoveredHost extends SrvTarget {
  /** 1-based position in the client's order. */
  order: Integer;
  ttl?: Integer;
  /** Chance that this host is the client's first pick (0–1). */
  firstPickChance: number;
  probe?: ProbeResult;
}

export interface DiscoveryResult {
  server: string;
  client: ClientGeneration;
  source: DomainSource;
  domain?: string;
  owner?: string;
  /** RCODE of the SRV query, when one was made. */
  rcode?: string;
  hosts: DiscoveredHost[];
  findings: Finding[];
  probed: boolean;
  /** true when no finding is an error */
  ok: boolean;
}

export interface DiscoverOptions {
  server: DnsServer;
  /** --domain: skip the client's own choice. */
  domain?: string;
  facts?: ClientDiscoveryFacts;
  client?: ClientGeneration;
  probe?: boolean;
  timeoutMs?: number;
  random?: Random;
}

interface LookupChoice {
  source: DomainSource;
  domain?: string;
  direct?: {host: string; port: number};
  findings: Finding[];
}

const clean = (name: string | undefined): string | undefined => {
  const t = name?.trim().replace(/\.$/, '');
  return t ? t.toLowerCase() : undefined;
};

/** The client's discovery decision from its configuration (docs/reference/dns.md#client-discovery, steps 1–3). */
export function chooseLookup(facts: ClientDiscoveryFacts, domainFlag?: string): LookupChoice {
  const findings: Finding[] = [];
  if (domainFlag) return {source: 'domain-flag', domain: clean(domainFlag), findings};
  const host = facts.directHost?.trim();
  if (host) {
    let port = KMS_DEFAULT_PORT;
    if (facts.directPort !== undefined && facts.directPort.trim() !== '') {
      const n = Number(facts.directPort.trim());
      if (Number.isInteger(n) && n >= 1 && n <= 65535) port = n;
      else findings.push(finding('warning', undefined, `KeyManagementServicePort "${facts.directPort}" is not a port; the client falls back to ${KMS_DEFAULT_PORT}`));
    }
    findings.push(finding('info', undefined, `KeyManagementServiceName is set: the client contacts ${host}:${port} directly and does no DNS discovery`));
    return {source: 'direct', direct: {host, port}, findings};
  }
  const lookup = clean(facts.lookupDomain);
  if (lookup) {
    if (facts.build === undefined || facts.build >= LOOKUP_DOMAIN_MIN_BUILD) return {source: 'lookup-domain', domain: lookup, findings};
    findings.push(finding('warning', undefined, `KeyManagementServiceLookupDomain ${lookup} is ignored before Windows 8 (build ${facts.build} < ${LOOKUP_DOMAIN_MIN_BUILD})`));
  }
  const suffix = clean(facts.primaryDnsSuffix);
  if (suffix) return {source: 'primary-dns-suffix', domain: suffix, findings};
  findings.push(
    finding('error', 'invalidName', 'no lookup domain and no primary DNS suffix: a workgroup client has no domain to search (unless DHCP option 15 gives one); give --domain to check one'),
  );
  return {source: 'none', findings};
}

const hostLabel = (h: SrvTarget): string => `${h.target}:${h.port}`;

async function probeAll(options: DiscoverOptions, hosts: DiscoveredHost[], findings: Finding[]): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 3000;
  await Promise.all(hosts.map(async (h) => (h.probe = await probeHost(options.server, h.target, h.port, timeoutMs))));
  for (const h of hosts) {
    const p = h.probe!;
    if (p.resolution === 'nxdomain') findings.push(finding('warning', 'nameError', `${h.target} does not exist on the DNS server: the client cannot reach it`, hostLabel(h)));
    else if (p.resolution === 'nodata') findings.push(finding('warning', 'noRecords', `${h.target} has no A or AAAA record on the DNS server`, hostLabel(h)));
    else if (p.resolution === 'failed') findings.push(finding('warning', undefined, `${h.target} could not be resolved through the DNS server`, hostLabel(h)));
    else if (!p.reachable) {
      const why = [...new Set(p.connections.map((c) => (c.status === 'refused' ? 'connection refused (port closed)' : c.status === 'timeout' ? 'no answer (filtered or down)' : (c.error ?? c.status))))].join(', ');
      findings.push(finding('warning', 'rpcUnavailable', `${hostLabel(h)} is unreachable: ${why}`, hostLabel(h)));
    }
  }
  if (hosts.length > 0 && !hosts.some((h) => h.probe?.reachable)) {
    findings.push(finding('error', 'noKmsContacted', 'no KMS host could be contacted on its port'));
  }
}

export async function discoverKms(options: DiscoverOptions): Promise<DiscoveryResult> {
  const facts = options.facts ?? {};
  const client = options.client ?? facts.generation ?? 'modern';
  const choice = chooseLookup(facts, options.domain);
  const findings = [...choice.findings];
  const base = {server: formatServer(options.server), client, source: choice.source, probed: options.probe ?? false};
  let hosts: DiscoveredHost[] = [];
  let owner: string | undefined;
  let rcode: string | undefined;

  if (choice.direct) {
    hosts = [{order: 1, target: choice.direct.host, port: choice.direct.port, priority: 0, weight: 0, firstPickChance: 1}];
  } else if (choice.domain) {
    owner = srvOwner(choice.domain);
    const answer = await query(options.server, owner, RRType.SRV, {timeoutMs: options.timeoutMs});
    rcode = rcodeName(answer.rcode);
    const records = answer.records.flatMap((rr) => (rr.data.kind === 'srv' ? [{target: rr.data.target.toLowerCase(), port: rr.data.port, priority: rr.data.priority, weight: rr.data.weight, ttl: rr.ttl}] : []));
    if (answer.rcode === Rcode.NXDOMAIN) findings.push(finding('error', 'nameError', `no ${VLMCS_SERVICE} record: ${owner} does not exist on ${base.server}`));
    else if (answer.rcode === Rcode.SERVFAIL) findings.push(finding('error', 'serverFailure', `${base.server} failed to answer for ${owner} (SERVFAIL)`));
    else if (answer.rcode === Rcode.REFUSED) findings.push(finding('error', 'refused', `${base.server} refused to answer for ${owner} (REFUSED)`));
    else if (answer.rcode !== Rcode.NOERROR) findings.push(finding('error', undefined, `${base.server} answered ${rcode} for ${owner}`));
    else if (records.length === 0) findings.push(finding('error', 'noRecords', `${owner} exists but holds no SRV records`));
    // Servers rotate RRsets; a canonical order first makes the outcome depend only on the random draws.
    records.sort((a, b) => a.priority - b.priority || b.weight - a.weight || a.target.localeCompare(b.target) || a.port - b.port);
    const chances = firstPickChances(records, client);
    const withChance = records.map((r, i) => ({...r, firstPickChance: chances[i]}));
    hosts = clientOrder(withChance, client, options.random).map((r, i) => ({...r, order: i + 1}));
    if (client === 'vista' && records.some((r) => r.priority !== 0 || r.weight !== 0)) {
      findings.push(finding('info', undefined, 'Vista / Server 2008 clients ignore priority and weight and pick at random'));
    }
    if (client === 'modern' && facts.hostCachingDisabled === false && new Set(records.map((r) => `${r.priority}/${r.weight}`)).size > 1) {
      findings.push(finding('info', undefined, 'host caching is on: after the first success the client keeps its host, so priority and weight only steer the first pick and failover (slmgr /ckhc)'));
    }
  }
  if (options.probe && hosts.length > 0) await probeAll(options, hosts, findings);
  return {...base, domain: choice.domain, owner, rcode, hosts, findings, ok: !findings.some((f) => f.severity === 'error')};
}
