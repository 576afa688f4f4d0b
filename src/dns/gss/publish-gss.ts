/**
 * `dns publish --gss-tsig`: publish the `_vlmcs._tcp` records into an Active Directory-integrated zone, which
 * takes only secure dynamic updates (Kerberos GSS-TSIG, RFC 3645), then read them back as every publish does.
 * Directory-integrated zones are what offer secure dynamic updates (Microsoft Learn, "Active Directory
 * integration", https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2003/cc737383(v=ws.10)).
 */
import type {KmsSrvRecord} from '../../licensing/srv.js';
import {type PublishResult, type ReadBackRecord, checkReadBack, readBackSrv} from '../publish.js';
import {type DnsServer, formatServer} from '../server.js';
import {kerberosCredentials} from './credentials.js';
import {kerberosFailure, signedUpdateFailure} from './gss-errors.js';
import {nsupdateGss} from './nsupdate.js';

export interface GssPublishOptions {
  server: DnsServer;
  zone: string;
  owner: string;
  records: KmsSrvRecord[];
  replace?: boolean;
  tcp?: boolean;
  timeoutMs?: number;
  /** For build servers: get the ticket from this keytab (into a private cache) instead of the caller's cache. */
  keytab?: string;
  principal?: string;
  env?: NodeJS.ProcessEnv;
}

export async function publishSrvGss(options: GssPublishOptions): Promise<PublishResult> {
  const server = formatServer(options.server);
  const zone = options.zone.replace(/\.$/, '').toLowerCase();
  const replace = options.replace ?? false;
  const query = {tcp: options.tcp, timeoutMs: options.timeoutMs};
  const credentials = await kerberosCredentials({keytab: options.keytab, principal: options.principal, env: options.env, timeoutMs: options.timeoutMs});
  try {
    // What is there before: a record someone else created is what makes a refusal the multi-host permission case.
    const before = await readBackSrv(options.server, options.owner, query).catch(() => [] as ReadBackRecord[]);
    const outcome = await nsupdateGss({
      server: options.server,
      zone,
      owner: options.owner,
      records: options.records,
      replace,
      tcp: options.tcp,
      timeoutMs: options.timeoutMs,
      env: credentials.env,
    });
    const ctx = {principal: credentials.principal, step: 'nsupdate' as const, server, zone, owner: options.owner, ownerExisted: before.length > 0};
    if (!outcome.applied) {
      if (outcome.rcode) throw signedUpdateFailure(outcome.rcode, ctx);
      throw kerberosFailure(outcome.diagnostics, ctx);
    }
    const {readBack, missing, extra, readBackError, verified} = await checkReadBack(options.server, options.owner, options.records, replace, query);
    return {
      server,
      zone,
      owner: options.owner,
      replace,
      transport: options.tcp ? 'tcp' : 'udp',
      gssTsig: {principal: credentials.principal, credentials: credentials.source, responseVerified: outcome.responseVerified},
      published: options.records,
      readBack,
      missing,
      extra,
      ...(readBackError ? {readBackError} : {}),
      verified,
    };
  } finally {
    await credentials.dispose();
  }
}
