/**
 * One line per way an UPDATE can fail (RCODEs of RFC 2136 §2.2, TSIG errors of RFC 8945 §5.3),
 * each its own stable code, all exit 7. Messages name the key but never its secret.
 */
import {type WinprepError, networkError} from '../errors.js';
import {Rcode, rcodeName} from './wire/constants.js';

export interface UpdateContext {
  server: string;
  zone: string;
  owner: string;
  keyName?: string;
  algorithm?: string;
}

/** Error for a failed update; `tsigError` is the TSIG RR's error field when the answer carried one. */
export function updateFailure(ctx: UpdateContext, rcode: number, tsigError = 0, skewSeconds?: number): WinprepError {
  const key = ctx.keyName ? `TSIG key "${ctx.keyName}"` : 'an unsigned update';
  switch (tsigError) {
    case Rcode.BADSIG:
      return networkError(`${ctx.server} rejected the TSIG signature (BADSIG): the secret of key "${ctx.keyName}" does not match the server's`, {
        code: 'TSIG_BADSIG',
        hint: 'check the secret in the --tsig-key file against the key statement on the server',
      });
    case Rcode.BADKEY:
      return networkError(`${ctx.server} does not know ${key} with algorithm ${ctx.algorithm} (BADKEY)`, {
        code: 'TSIG_BADKEY',
        hint: 'the key name and algorithm must match a key statement in the server configuration',
      });
    case Rcode.BADTIME: {
      const skew = skewSeconds === undefined ? '' : `: our clock is ${Math.abs(skewSeconds)} s ${skewSeconds > 0 ? 'ahead of' : 'behind'} the server's`;
      return networkError(`${ctx.server} rejected the update's time stamp (BADTIME, clock skew)${skew}`, {
        code: 'TSIG_BADTIME',
        hint: 'synchronise this machine\'s clock (NTP): TSIG allows 300 s of skew',
      });
    }
    case 0:
      break;
    default:
      return networkError(`${ctx.server} rejected the update's TSIG (${rcodeName(tsigError)})`, {code: 'TSIG_ERROR'});
  }
  switch (rcode) {
    case Rcode.REFUSED:
      return networkError(`${ctx.server} refused the update of ${ctx.owner} (REFUSED)`, {
        code: 'DNS_REFUSED',
        hint: ctx.keyName
          ? `the zone's update-policy does not let ${key} change SRV records at ${ctx.owner}`
          : 'the zone takes only signed updates: an Active Directory zone takes secure updates only, use --gss-tsig (Kerberos); a BIND zone needs --tsig-key',
      });
    case Rcode.NOTAUTH:
      return networkError(`${ctx.server} is not authoritative for zone ${ctx.zone} (NOTAUTH)`, {
        code: 'DNS_NOTAUTH',
        hint: 'send the update to the primary server of the zone, and check --zone',
      });
    case Rcode.NOTZONE:
      return networkError(`${ctx.owner} is not inside zone ${ctx.zone} (NOTZONE)`, {code: 'DNS_NOTZONE', hint: 'check --zone and --domain'});
    case Rcode.SERVFAIL:
      return networkError(`${ctx.server} failed while applying the update (SERVFAIL)`, {code: 'DNS_SERVFAIL', hint: 'see the DNS server\'s log'});
    case Rcode.NOTIMP:
      return networkError(`${ctx.server} does not implement dynamic updates (NOTIMP)`, {code: 'DNS_NOTIMP'});
    case Rcode.FORMERR:
      return networkError(`${ctx.server} could not parse the update (FORMERR)`, {code: 'DNS_FORMERR'});
    default:
      return networkError(`${ctx.server} rejected the update of ${ctx.owner} (${rcodeName(rcode)})`, {code: 'DNS_UPDATE_FAILED'});
  }
}
