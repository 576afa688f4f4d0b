import assert from 'node:assert/strict';

import {formatServer, parseServer} from '../../src/dns/server.js';
import {isWinprepError} from '../../src/errors.js';

describe('dns --server parsing', () => {
  it('takes IPv4 and IPv6 with or without a port', () => {
    assert.deepEqual(parseServer('192.0.2.53'), {host: '192.0.2.53', port: 53});
    assert.deepEqual(parseServer('127.0.0.1:5353'), {host: '127.0.0.1', port: 5353});
    assert.deepEqual(parseServer('2001:db8::53'), {host: '2001:db8::53', port: 53});
    assert.deepEqual(parseServer('[2001:db8::53]:5353'), {host: '2001:db8::53', port: 5353});
    assert.equal(formatServer({host: '::1', port: 53}), '[::1]:53');
  });

  it('refuses names, bad ports and junk as bad input', () => {
    for (const text of ['ns1.corp.example', '127.0.0.1:0', '127.0.0.1:65536', '127.0.0.1:', '[::1]:x', '', '1.2.3']) {
      assert.throws(() => parseServer(text), (e: unknown) => isWinprepError(e) && e.exitCode === 3 && e.code === 'DNS_SERVER_INVALID', text);
    }
  });
});
