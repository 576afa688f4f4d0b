/** Human text for the dns commands (pure functions; the commands print them). */
import type {DiscoveryResult} from './discover.js';
import type {PublishResult} from './publish.js';
import type {SrvTarget} from '../licensing/srv.js';

const srvText = (r: SrvTarget): string => `${r.priority} ${r.weight} ${r.port} ${r.target}.`;

export function renderPublish(result: PublishResult): string {
  const lines = [
    `published ${result.published.length} SRV record(s) at ${result.owner} on ${result.server} (zone ${result.zone}, ${result.transport}${result.replace ? ', RRset replaced' : ''})`,
    signerText(result),
    result.readBackError ? `could not read the records back: ${result.readBackError}` : `read back ${result.readBack.length} record(s):`,
    ...result.readBack.map((r) => `  ${result.owner}. ${r.ttl} IN SRV ${srvText(r)}`),
  ];
  for (const m of result.missing) lines.push(`missing on the server: ${srvText(m)}`);
  if (result.replace) for (const e of result.extra) lines.push(`unexpected on the server: ${srvText(e)}`);
  lines.push(result.verified ? 'read-back matches' : 'read-back does NOT match what was published');
  return lines.join('\n');
}

function signerText(result: PublishResult): string {
  if (result.tsig) return `signed with TSIG key "${result.tsig.keyName}" (${result.tsig.algorithm}); server answer ${result.tsig.responseVerified ? 'verified' : 'NOT verified'}`;
  if (result.gssTsig) {
    const answer = result.gssTsig.responseVerified ? 'verified' : 'signature did not verify (a known Samba < 4.21 fault); the read-back below is the proof';
    return `signed with Kerberos (GSS-TSIG) as ${result.gssTsig.principal}${result.gssTsig.credentials === 'keytab' ? ' from the keytab' : ''}; server answer ${answer}`;
  }
  return 'sent unsigned';
}

const percent = (p: number): string => `${Math.round(p * 100)}%`;

export function renderDiscovery(result: DiscoveryResult): string {
  const lines: string[] = [];
  const via = {
    'domain-flag': 'given with --domain',
    direct: 'direct registration (KeyManagementServiceName)',
    'lookup-domain': 'lookup domain (KeyManagementServiceLookupDomain)',
    'primary-dns-suffix': 'primary DNS suffix',
    none: 'none found',
  }[result.source];
  lines.push(`client: ${result.client === 'vista' ? 'Vista / Server 2008 (random pick)' : 'Windows 7 / 2008 R2 and later (RFC 2782 priority/weight)'}`);
  lines.push(`domain: ${result.domain ?? '-'} (${via})`);
  if (result.owner) lines.push(`query: SRV ${result.owner} @ ${result.server} → ${result.rcode}`);
  if (result.hosts.length > 0) {
    lines.push(result.source === 'direct' ? 'host:' : 'hosts in the order this client would try them (one random draw):');
    for (const h of result.hosts) {
      let line = `  ${h.order}. ${h.target}:${h.port}`;
      if (result.source !== 'direct') line += `  priority ${h.priority} weight ${h.weight}  first pick ${percent(h.firstPickChance)}`;
      if (h.ttl !== undefined) line += `  ttl ${h.ttl}`;
      if (h.probe) {
        const p = h.probe;
        const addresses = p.addresses.length > 0 ? ` [${p.addresses.join(', ')}]` : '';
        if (p.reachable) line += `  reachable in ${p.latencyMs} ms${addresses}`;
        else if (p.addresses.length === 0) line += `  UNREACHABLE (name not resolved: ${p.resolution})`;
        else line += `  UNREACHABLE${addresses}`;
      }
      lines.push(line);
    }
  }
  for (const f of result.findings) {
    lines.push(`${f.severity}: ${f.code ? `${f.code} ${f.symbol}: ` : ''}${f.message}`);
  }
  return lines.join('\n');
}
