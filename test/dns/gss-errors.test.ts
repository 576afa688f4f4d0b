/**
 * The Kerberos failures the Samba DC cannot be made to produce on demand (a clock 5+ minutes off; a DC whose
 * DNS service principal is missing — Samba maps DNS/<dc> to the DC's HOST/ alias), classified from the exact
 * lines nsupdate and kinit print for them (MIT krb5 error texts). The others are provoked for real in
 * ad-dns.test.ts.
 */
import assert from 'node:assert/strict';

import {kerberosFailure, signedUpdateFailure} from '../../src/dns/gss/gss-errors.js';

const ctx = {principal: 'KMS1$@CORP.EXAMPLE', step: 'nsupdate' as const, server: '192.0.2.10:53'};

describe('GSS-TSIG failures explained (one line, exit 7, hint)', () => {
  it('clock skew: more than 5 minutes, synchronise the clock', () => {
    const e = kerberosFailure('; TSIG error with server: tkey query failed: GSSAPI error: Major = Unspecified GSS failure.  Minor code may provide more information, Minor = Clock skew too great.', ctx);
    assert.equal(e.code, 'KRB_CLOCK_SKEW');
    assert.equal(e.exitCode, 7);
    assert.match(e.message, /more than 5 minutes/);
    assert.match(e.hint ?? '', /synchronise/);
  });

  it('unknown DNS/<server> service principal: wrong realm or SPN, named', () => {
    const e = kerberosFailure('tkey query failed: GSSAPI error: Major = Unspecified GSS failure.  Minor code may provide more information, Minor = Server not found in Kerberos database while getting credentials for DNS/dc9.corp.example@CORP.EXAMPLE.', ctx);
    assert.equal(e.code, 'KRB_UNKNOWN_SPN');
    assert.match(e.message, /DNS\/dc9\.corp\.example@CORP\.EXAMPLE/);
    assert.match(e.message, /wrong realm or wrong DNS server name \(SPN\)/);
  });

  it('an expired ticket seen by the GSS library', () => {
    assert.equal(kerberosFailure('Minor = Ticket expired', ctx).code, 'KRB_TICKET_EXPIRED');
  });

  it('REFUSED on a signed update: owned record (multi-host fix) vs. no right to create', () => {
    const owned = signedUpdateFailure('REFUSED', {...ctx, zone: 'corp.example', owner: '_vlmcs._tcp.corp.example', ownerExisted: true});
    assert.equal(owned.code, 'DNS_RECORD_OWNED');
    assert.match(owned.hint ?? '', /winprep dns permissions --domain corp\.example --host/);
    assert.doesNotMatch(owned.hint ?? '', /--zone/);
    assert.equal(signedUpdateFailure('REFUSED', {...ctx, zone: 'corp.example', owner: '_vlmcs._tcp.corp.example', ownerExisted: false}).code, 'DNS_REFUSED');
  });

  it('anything else is one line with the tool\'s last line, not a dump', () => {
    const e = kerberosFailure('line one\nsomething odd happened\n\n', ctx);
    assert.equal(e.code, 'KRB_ERROR');
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, /something odd happened$/);
  });
});
