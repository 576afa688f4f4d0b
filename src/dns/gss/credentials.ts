/**
 * The Kerberos credentials a GSS-TSIG update is made with: the caller's own ticket (from `kinit`), or, for
 * build servers, a ticket winprep gets from a keytab into a private credential cache that is deleted
 * afterwards, so the caller's own cache is never touched. Secret material (passwords, keys) never passes
 * through winprep: kinit reads the keytab itself.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {badInput, networkError, usageError} from '../../errors.js';
import {kerberosFailure} from './gss-errors.js';
import {runTool} from './run-tool.js';

export interface KerberosCredentials {
  /** Environment for nsupdate: the caller's, with KRB5CCNAME pointing at the private cache for a keytab. */
  env: NodeJS.ProcessEnv;
  /** The client principal of the ticket (from klist), e.g. KMS1$@CORP.EXAMPLE. */
  principal: string;
  source: 'ticket-cache' | 'keytab';
  /** Remove the private cache (no-op for the caller's own cache). */
  dispose(): Promise<void>;
}

export interface CredentialOptions {
  keytab?: string;
  principal?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export async function kerberosCredentials(options: CredentialOptions): Promise<KerberosCredentials> {
  const baseEnv = options.env ?? process.env;
  if (options.keytab === undefined) {
    if (options.principal !== undefined) throw usageError('--principal needs --keytab (without a keytab the ticket from kinit is used)', {code: 'USAGE'});
    const principal = await validTicketPrincipal(baseEnv, options.timeoutMs);
    return {env: baseEnv, principal, source: 'ticket-cache', dispose: async () => undefined};
  }
  if (!options.principal) throw usageError('--keytab needs --principal <name@REALM>', {code: 'USAGE'});
  const dir = await mkdtemp(path.join(tmpdir(), 'winprep-krb5-'));
  const env = {...baseEnv, KRB5CCNAME: `FILE:${path.join(dir, 'ccache')}`};
  const dispose = () => rm(dir, {recursive: true, force: true});
  try {
    const run = await runTool('kinit', ['-k', '-t', options.keytab, options.principal], {env, timeoutMs: options.timeoutMs});
    if (run.status !== 0) {
      const text = `${run.stderr}\n${run.stdout}`;
      if (/Key table file .* not found|No such file or directory|Permission denied/i.test(text)) {
        throw badInput(`cannot read the keytab`, {file: options.keytab, code: 'KEYTAB_UNREADABLE', hint: 'give a keytab file readable by this user (ktutil or samba-tool domain exportkeytab write one)'});
      }
      if (/Keytab contains no suitable keys/i.test(text)) {
        throw badInput(`the keytab holds no key for ${options.principal}`, {file: options.keytab, code: 'KEYTAB_NO_KEY', hint: 'check --principal (name and REALM, case matters) against `klist -k <keytab>`'});
      }
      throw kerberosFailure(text, {principal: options.principal, step: 'kinit'});
    }
    const principal = await validTicketPrincipal(env, options.timeoutMs);
    return {env, principal, source: 'keytab', dispose};
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** The default principal of a cache holding a valid (unexpired) ticket; exit 7 explaining why not. */
async function validTicketPrincipal(env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<string> {
  const list = await runTool('klist', [], {env, timeoutMs});
  const principal = /Default principal:\s*(\S+)/.exec(list.stdout)?.[1];
  if (list.status !== 0 || !principal) {
    throw networkError('no Kerberos ticket: the credential cache is empty or missing', {
      code: 'KRB_NO_TICKET',
      hint: 'run `kinit <user>@<REALM>` first, or give --keytab and --principal',
    });
  }
  // klist -s: exit status only, 0 when the cache holds a ticket that has not expired.
  const valid = await runTool('klist', ['-s'], {env, timeoutMs});
  if (valid.status !== 0) {
    throw networkError(`the Kerberos ticket of ${principal} has expired`, {
      code: 'KRB_TICKET_EXPIRED',
      hint: `run \`kinit ${principal}\` again (or \`kinit -R\` while it is renewable)`,
    });
  }
  return principal;
}
