import assert from 'node:assert/strict';

import fc from 'fast-check';

import {WinprepError} from '../../src/errors.js';
import {mergeSetupComplete} from '../../src/kms/first-boot.js';
import {hostEdits, parsePublishDomainFlag} from '../../src/kms/host-settings.js';
import {decodeMultiSz} from '../../src/registry/index.js';
import {fillTemplate} from '../../src/kms/templates.js';

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc.tuple(fc.array(label, {minLength: 1, maxLength: 3}), fc.constantFrom('example', 'corp', 'org')).map(([labels, tld]) => [...labels, tld].join('.'));
const srv = fc.integer({min: 0, max: 65535});

describe('kms parser properties', () => {
  it('--publish-domain: every valid entry parses back to itself and lands in DnsDomainPublishList', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(domain, fc.option(fc.tuple(srv, srv), {nil: undefined})), {minLength: 1, maxLength: 4}), (entries) => {
        const texts = entries.map(([d, pw]) => (pw ? `${d},${pw[0]},${pw[1]}` : d));
        const parsed = texts.map(parsePublishDomainFlag);
        parsed.forEach((p, i) => {
          assert.equal(p.domain, entries[i][0]);
          assert.equal(p.priority, entries[i][1]?.[0]);
          assert.equal(p.weight, entries[i][1]?.[1]);
        });
        const [edit] = hostEdits({publishDomains: parsed}, 'spp');
        assert.ok(edit.action === 'set');
        assert.deepEqual(decodeMultiSz(edit.value.data), entries.map(([d, pw]) => (pw ? `${d}, ${pw[0]}, ${pw[1]}` : d)));
      }),
      {numRuns: 100},
    );
  });

  it('--publish-domain: any other text is refused with exit 3, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({maxLength: 30}), fc.tuple(domain, fc.string({maxLength: 8})).map(([d, rest]) => `${d},${rest}`)), (text) => {
        try {
          const entry = parsePublishDomainFlag(text);
          assert.ok(entry.domain.length > 0);
        } catch (error) {
          assert.ok(error instanceof WinprepError && error.exitCode === 3, String(error));
        }
      }),
      {numRuns: 300},
    );
  });

  it('SetupComplete.cmd merge keeps every user line and is idempotent', () => {
    const block = fillTemplate('kms-host/setupcomplete-block.cmd', {SCRIPT: 'winprep-kms-host.cmd'});
    const line = fc.stringMatching(/^[ -~]{0,40}$/).filter((l) => !/^rem [<>]{3} winprep/i.test(l));
    fc.assert(
      fc.property(fc.boolean(), fc.array(line, {maxLength: 8}), (echoOff, lines) => {
        const user = `${[...(echoOff ? ['@echo off'] : []), ...lines].join('\r\n')}\r\n`;
        const once = mergeSetupComplete(user, block);
        assert.equal(mergeSetupComplete(once, block), once);
        assert.equal(once.replace(block, ''), user);
        assert.equal(once.match(/rem >>> winprep kms-host/g)?.length, 1);
      }),
      {numRuns: 150},
    );
  });
});
