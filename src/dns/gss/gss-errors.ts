/**
 * The failures people meet with Kerberos-signed (GSS-TSIG, RFC 3645) updates, each as one line, exit 7, with
 * what to do. The texts matched are MIT Kerberos error messages (krb5 error table, as kinit and the GSS-API
 * library print them) and nsupdate's own ("update failed: <RCODE>", "tkey query failed: ...").
 * Nothing here ever echoes a secret: the inputs are tool diagnostics, which hold none.
 */
import {type WinprepError, networkError} from '../../errors.js';

export interface GssContext {
  principal: string;
  /** What failed: getting a ticket from the keytab, or the TKEY negotiation / update itself. */
  step: 'kinit' | 'nsupdate';
  server?: string;
  zone?: string;
  owner?: string;
  /** The records were already at the owner name before this update (someone created them). */
  ownerExisted?: boolean;
}

/** Kerberos allows this much clock difference by default (MIT krb5.conf `clockskew`, 300 s). */
export const KERBEROS_CLOCK_SKEW_SECONDS = 300;

/** The last meaningful line of a tool's output, for errors that match nothing below. */
function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? 'no output').slice(0, 200);
}

/** A Kerberos / GSS-API failure (no update was sent, or the TKEY exchange failed). */
export function kerberosFailure(text: string, ctx: Pick<GssContext, 'principal' | 'step' | 'server'>): WinprepError {
  const who = ctx.principal;
  if (/Clock skew too great/i.test(text)) {
    return networkError(`Kerberos refused the ticket of ${who}: this machine's clock differs from the domain controller's by more than ${KERBEROS_CLOCK_SKEW_SECONDS / 60} minutes (clock skew)`, {
      code: 'KRB_CLOCK_SKEW',
      hint: 'synchronise this machine\'s clock with the domain (NTP against a domain controller), then run kinit again',
    });
  }
  if (/Ticket expired|ticket has expired|Credentials have expired/i.test(text)) {
    return networkError(`the Kerberos ticket of ${who} has expired`, {code: 'KRB_TICKET_EXPIRED', hint: `run \`kinit ${who}\` again`});
  }
  if (/No credentials cache found|No Kerberos credentials available|No credentials were supplied/i.test(text)) {
    return networkError('no Kerberos ticket: the credential cache is empty or missing', {
      code: 'KRB_NO_TICKET',
      hint: 'run `kinit <user>@<REALM>` first, or give --keytab and --principal',
    });
  }
  if (/Server not found in Kerberos database|Server principal .* not found|Server .* not found in Kerberos database/i.test(text)) {
    const spn = /(DNS\/[^\s@"']+(?:@[^\s"']+)?)/.exec(text)?.[1];
    return networkError(`the KDC of ${realmOf(who)} knows no service principal ${spn ?? 'DNS/<server>'}: wrong realm or wrong DNS server name (SPN)`, {
      code: 'KRB_UNKNOWN_SPN',
      hint: 'the update must go to a domain controller of the ticket\'s realm; nsupdate asks for DNS/<primary server named in the zone\'s SOA>, which must be that DC\'s FQDN',
    });
  }
  if (/Cannot find KDC for realm|Cannot resolve network address for KDC in realm|Realm not local to KDC|Cannot contact any KDC/i.test(text)) {
    return networkError(`no KDC reachable for realm ${realmOf(who)} (wrong realm?)`, {
      code: 'KRB_REALM_UNREACHABLE',
      hint: 'the realm is the AD domain in capitals (e.g. CORP.EXAMPLE); krb5.conf must map it to a domain controller (kdc = ...)',
    });
  }
  if (/Client .* not found in Kerberos database|Client not found in Kerberos database/i.test(text)) {
    return networkError(`the domain does not know the principal ${who}`, {code: 'KRB_UNKNOWN_CLIENT', hint: 'check --principal (for a computer account: NAME$@REALM)'});
  }
  if (/Preauthentication failed|Password incorrect|Decrypt integrity check failed/i.test(text)) {
    return networkError(`the domain rejected the key of ${who} (pre-authentication failed)`, {
      code: 'KRB_BAD_KEY',
      hint: 'the keytab is out of date (the account password changed): export a new one',
    });
  }
  return networkError(`Kerberos failed during ${ctx.step}${ctx.server ? ` with ${ctx.server}` : ''}: ${lastLine(text)}`, {code: 'KRB_ERROR'});
}

const realmOf = (principal: string): string => principal.split('@')[1] ?? principal;

/** nsupdate's "update failed: <RCODE>" line, if the server answered with an error. */
export const failedRcode = (text: string): string | undefined => /update failed:\s*([A-Z]+)/.exec(text)?.[1];

/** An error RCODE on a GSS-TSIG-signed update. */
export function signedUpdateFailure(rcode: string, ctx: GssContext): WinprepError {
  const where = `${ctx.server} ${rcode === 'REFUSED' ? 'refused' : 'rejected'} the signed update of ${ctx.owner} by ${ctx.principal} (${rcode})`;
  // Windows DNS answers REFUSED when the signer may not change an existing record. Samba before 4.21 answered
  // SERVFAIL for the same ACCESS_DENIED (fixed by "s4:dns_server: failed dns updates should result in
  // REFUSED for ACCESS_DENIED", https://bugzilla.samba.org/show_bug.cgi?id=13019).
  if ((rcode === 'REFUSED' || rcode === 'SERVFAIL') && ctx.ownerExisted) {
    return networkError(`${where}: the record exists and belongs to another account, which alone may change it`, {
      code: 'DNS_RECORD_OWNED',
      hint: `an AD admin must let a group of the KMS hosts update the record: \`winprep dns permissions --domain ${ownerDomain(ctx.owner)}${zoneFlag(ctx)} --host <each KMS host>\` prints the commands`,
    });
  }
  if (rcode === 'REFUSED') {
    return networkError(where, {code: 'DNS_REFUSED', hint: `the zone's permissions do not let ${ctx.principal} create records there; ask an AD admin (see \`winprep dns permissions\`)`});
  }
  if (rcode === 'NOTAUTH') {
    return networkError(`${ctx.server} is not authoritative for zone ${ctx.zone} (NOTAUTH)`, {code: 'DNS_NOTAUTH', hint: 'send the update to a domain controller holding the zone, and check --zone'});
  }
  return networkError(where, {code: 'DNS_UPDATE_FAILED', hint: 'see the DNS server\'s event log'});
}

const ownerDomain = (owner = ''): string => owner.replace(/^_vlmcs\._tcp\./i, '');
const zoneFlag = (ctx: GssContext): string => (ctx.zone && ctx.zone !== ownerDomain(ctx.owner) ? ` --zone ${ctx.zone}` : '');
