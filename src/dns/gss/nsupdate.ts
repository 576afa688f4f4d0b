/**
 * The GSS-TSIG engine: the system's own `nsupdate -g` (bind9-dnsutils). It negotiates a security context with
 * the DNS server in TKEY queries (RFC 3645 §3), signs the RFC 2136 UPDATE with it (RFC 3645 §4) and checks the
 * signed answer, using the caller's Kerberos credentials through the system GSS-API library. winprep only
 * writes the script and reads the result: no Kerberos code or key material of its own.
 */
import type {KmsSrvRecord} from '../../licensing/srv.js';
import type {DnsServer} from '../server.js';
import {runTool} from './run-tool.js';

export interface NsupdateOptions {
  server: DnsServer;
  zone: string;
  owner: string;
  records: KmsSrvRecord[];
  replace: boolean;
  tcp?: boolean;
  timeoutMs?: number;
  env: NodeJS.ProcessEnv;
}

export interface NsupdateOutcome {
  /** The server answered NOERROR (the update was applied). */
  applied: boolean;
  /** The server's signed answer verified (nsupdate printed no TSIG error). */
  responseVerified: boolean;
  /** The RCODE of a refused update ("REFUSED", "SERVFAIL", ...). */
  rcode?: string;
  /** nsupdate's diagnostics (never holds secrets), for the caller to explain a failure. */
  diagnostics: string;
}

/** Names are checked FQDNs (parseDomain / parseSrvHost), so no whitespace can smuggle in another command. */
export function nsupdateScript(options: Omit<NsupdateOptions, 'env' | 'timeoutMs' | 'tcp'>): string {
  const fqdn = (name: string): string => {
    if (/\s/.test(name)) throw new Error(`unexpected whitespace in DNS name ${JSON.stringify(name)}`);
    return `${name.replace(/\.$/, '')}.`;
  };
  return [
    `server ${options.server.host} ${options.server.port}`,
    `zone ${fqdn(options.zone)}`,
    ...(options.replace ? [`update delete ${fqdn(options.owner)} SRV`] : []),
    ...options.records.map((r) => `update add ${fqdn(r.owner)} ${r.ttl} IN SRV ${r.priority} ${r.weight} ${r.port} ${fqdn(r.target)}`),
    'send',
    '',
  ].join('\n');
}

export async function nsupdateGss(options: NsupdateOptions): Promise<NsupdateOutcome> {
  const seconds = Math.max(1, Math.ceil((options.timeoutMs ?? 5000) / 1000));
  const args = ['-g', '-t', String(seconds), ...(options.tcp ? ['-v'] : [])];
  // nsupdate retries and negotiates several messages; give the whole run a generous bound beyond -t.
  const run = await runTool('nsupdate', args, {env: options.env, input: nsupdateScript(options), timeoutMs: seconds * 4000 + 5000});
  const diagnostics = `${run.stderr}\n${run.stdout}`.trim();
  const rcode = /update failed:\s*([A-Z]+)/.exec(diagnostics)?.[1];
  if (run.status === 0) return {applied: true, responseVerified: true, diagnostics};
  // "; TSIG error with server: tsig verify failure" with no "update failed" line: the server answered NOERROR
  // (the update is applied) but its signature over the answer did not verify here. Samba before 4.21 signs
  // GSS-TSIG answers without the 2-byte length that must precede the request MAC in the digest (RFC 8945
  // §4.3.3, "Request MAC": MAC Size then MAC), so nsupdate rejects every such answer although the update
  // succeeded. Fixed upstream in "s4:dns_server: correctly sign dns update responses with gss-tsig like
  // Windows" (https://bugzilla.samba.org/show_bug.cgi?id=13019, Samba 4.21). The caller reads the records
  // back, which is the real proof either way.
  if (!rcode && /tsig verify failure/i.test(diagnostics) && !/tkey query failed|GSSAPI error|Kerberos/i.test(diagnostics)) {
    return {applied: true, responseVerified: false, diagnostics};
  }
  return {applied: false, responseVerified: false, rcode, diagnostics};
}
