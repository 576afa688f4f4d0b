import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import fc from 'fast-check';

import {WinprepError} from '../../src/errors.js';
import {UNATTEND_NS, WCM_NS, newUnattend, parseUnattend} from '../../src/unattend/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sample = readFileSync(path.join(here, 'fixtures', 'sysprep-unattend.xml'));

const rejects = (fn: () => unknown, pattern: RegExp): void => {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof WinprepError, `expected WinprepError, got ${String(error)}`);
    assert.equal(error.exitCode, 3);
    assert.match(error.message, pattern);
    return true;
  });
};

describe('unattend: parse and read', () => {
  it('lists passes and components with architecture', () => {
    const doc = parseUnattend(sample, 'sysprep-unattend.xml');
    assert.deepEqual(doc.passes(), ['generalize', 'oobeSystem']);
    assert.deepEqual(
      doc.components().map((c) => `${c.pass}/${c.name}/${c.arch}`),
      [
        'generalize/Microsoft-Windows-Security-SPP/amd64',
        'generalize/Microsoft-Windows-PnpSysprep/amd64',
        'oobeSystem/Microsoft-Windows-Shell-Setup/amd64',
        'oobeSystem/Microsoft-Windows-Shell-Setup/x86',
      ],
    );
    assert.equal(doc.components('oobeSystem').length, 2);
    assert.equal(doc.getSetting('generalize', 'Microsoft-Windows-Security-SPP', ['SkipRearm']), '0');
    assert.equal(doc.getSetting('oobeSystem', 'Microsoft-Windows-Shell-Setup', ['OOBE', 'ProtectYourPC'], 'amd64'), '3');
    assert.equal(doc.getSetting('oobeSystem', 'Microsoft-Windows-Shell-Setup', ['OOBE', 'ProtectYourPC'], 'x86'), undefined);
    assert.equal(doc.getSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['ProductKey']), undefined);
  });

  it('round-trips a file without edits, keeping comments, foreign elements and namespaces', () => {
    const out = parseUnattend(sample).serialize();
    assert.ok(out.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
    assert.match(out, /<!-- Reference image answer file/);
    assert.match(out, /<!-- first logon: nothing yet -->/);
    assert.match(out, /xmlns:cpi="urn:schemas-microsoft-com:cpi"/);
    assert.match(out, /cpi:source="wim:c:\/images\/install.wim#Windows 10 Enterprise"/);
    const again = parseUnattend(out);
    assert.equal(again.components().length, 4);
    assert.equal(again.serialize(), out);
    // Byte for byte, apart from the space xmldom drops before "/>" of empty elements.
    assert.equal(out, sample.toString('utf8').replace(' />', '/>'));
  });

  it('keeps CRLF line ends and XML 1.0 text (U+2028 and U+0085 are not line ends there)', () => {
    const crlf = sample.toString('utf8').replace(' />', '/>').replace(/\n/g, '\r\n');
    assert.equal(parseUnattend(Buffer.from(crlf)).serialize(), crlf);
    const doc = parseUnattend(crlf);
    doc.setSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['RegisteredOwner'], 'a\u2028b\u0085c', 'amd64');
    const text = doc.serialize();
    assert.ok(!/[^\r]\n/.test(text), 'new lines also end in CRLF');
    assert.equal(parseUnattend(text).getSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['RegisteredOwner']), 'a\u2028b\u0085c');
  });

  it('rejects malformed XML naming the file and the line', () => {
    const broken = '<?xml version="1.0"?>\n<unattend xmlns="urn:schemas-microsoft-com:unattend">\n  <settings pass="specialize">\n</unattend>\n';
    rejects(() => parseUnattend(broken, 'Windows/Panther/unattend.xml'), /^Windows\/Panther\/unattend\.xml: malformed answer file at line 3: Opening and ending tag mismatch: "settings" != "unattend"/);
    rejects(() => parseUnattend('', 'empty.xml'), /^empty\.xml: malformed answer file/);
    rejects(() => parseUnattend('<a>&bogus;</a>', 'ent.xml'), /ent\.xml: malformed answer file at line 1/);
  });

  it('rejects XML whose root is not <unattend>', () => {
    rejects(() => parseUnattend('<WIM><IMAGE/></WIM>', 'x.xml'), /x\.xml: not an answer file: the root element is <WIM>/);
  });

  it('reads UTF-16 files with a byte-order mark and writes UTF-8', () => {
    const text = sample.toString('utf8').replace('encoding="utf-8"', 'encoding="utf-16"');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const doc = parseUnattend(utf16, 'u16.xml');
    assert.equal(doc.components().length, 4);
    assert.ok(doc.serialize().startsWith('<?xml version="1.0" encoding="utf-8"?>'));
  });
});

describe('unattend: edit', () => {
  it('adds a specialize ProductKey between generalize and oobeSystem, losing nothing', () => {
    const doc = parseUnattend(sample);
    doc.setSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['ProductKey'], 'NPPR9-FWDCX-D2C8J-H872K-2YT43', 'amd64');
    const out = parseUnattend(doc.serialize());
    assert.deepEqual(out.passes(), ['generalize', 'specialize', 'oobeSystem']);
    assert.equal(out.components().length, 5);
    assert.equal(out.getSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['ProductKey'], 'amd64'), 'NPPR9-FWDCX-D2C8J-H872K-2YT43');
    const component = out.findComponents('specialize', 'Microsoft-Windows-Shell-Setup', 'amd64')[0];
    assert.ok(component);
    const el = component.element;
    assert.equal(el.namespaceURI, UNATTEND_NS);
    assert.equal(el.getAttribute('publicKeyToken'), '31bf3856ad364e35');
    assert.equal(el.getAttribute('language'), 'neutral');
    assert.equal(el.getAttribute('versionScope'), 'nonSxS');
    assert.equal(el.getAttribute('xmlns:wcm'), WCM_NS);
    assert.equal(el.getAttribute('xmlns:xsi'), 'http://www.w3.org/2001/XMLSchema-instance');
    assert.match(doc.serialize(), /\n {4}<settings pass="specialize">\n {8}<component name="Microsoft-Windows-Shell-Setup"/);
  });

  it('replaces an existing value instead of duplicating it, and removes it again', () => {
    const doc = parseUnattend(sample);
    doc.setSetting('generalize', 'Microsoft-Windows-Security-SPP', ['SkipRearm'], '1', 'amd64');
    doc.setSetting('generalize', 'Microsoft-Windows-Security-SPP', ['SkipRearm'], '0', 'amd64');
    const text = doc.serialize();
    assert.equal(text.match(/<SkipRearm>/g)?.length, 1);
    assert.equal(doc.removeSetting('oobeSystem', 'Microsoft-Windows-Shell-Setup', ['TimeZone']), 2);
    assert.equal(doc.removeSetting('oobeSystem', 'Microsoft-Windows-Shell-Setup', ['TimeZone']), 0);
    const out = parseUnattend(doc.serialize());
    assert.equal(out.getSetting('oobeSystem', 'Microsoft-Windows-Shell-Setup', ['TimeZone']), undefined);
    assert.equal(out.getSetting('oobeSystem', 'Microsoft-Windows-Shell-Setup', ['OOBE', 'HideEULAPage']), 'true');
  });

  it('creates nested containers and refuses to overwrite a container with a value', () => {
    const doc = parseUnattend(sample);
    doc.setSetting('windowsPE', 'Microsoft-Windows-Setup', ['UserData', 'ProductKey', 'Key'], 'W269N-WFGWX-YVC9B-4J6C9-T83GX', 'x86');
    assert.deepEqual(doc.passes(), ['windowsPE', 'generalize', 'oobeSystem']);
    assert.equal(doc.getSetting('windowsPE', 'Microsoft-Windows-Setup', ['UserData', 'ProductKey', 'Key']), 'W269N-WFGWX-YVC9B-4J6C9-T83GX');
    assert.throws(() => doc.setSetting('oobeSystem', 'Microsoft-Windows-Shell-Setup', ['OOBE'], 'x', 'amd64'), WinprepError);
    assert.throws(() => doc.setSetting('nosuchPass', 'C', ['A'], 'x', 'amd64'), /unknown answer-file pass/);
  });

  it('adds RunSynchronousCommand list items with wcm:action="add"', () => {
    const doc = newUnattend();
    doc.addListItem('specialize', 'Microsoft-Windows-Deployment', ['RunSynchronous'], 'RunSynchronousCommand', {Order: '1', Path: 'cmd /c exit 0', Description: 'first', WillReboot: 'Never'}, 'amd64');
    doc.addListItem('specialize', 'Microsoft-Windows-Deployment', ['RunSynchronous'], 'RunSynchronousCommand', {Order: '2', Path: 'cscript //b %windir%\\system32\\slmgr.vbs /rearm'}, 'amd64');
    const text = doc.serialize();
    const out = parseUnattend(text);
    const items = out.listItems('specialize', 'Microsoft-Windows-Deployment', ['RunSynchronous']);
    assert.equal(items.length, 2);
    assert.equal(items[0]?.action, 'add');
    assert.deepEqual(items[0]?.fields, {Order: '1', Path: 'cmd /c exit 0', Description: 'first', WillReboot: 'Never'});
    assert.equal(items[1]?.fields.Path, 'cscript //b %windir%\\system32\\slmgr.vbs /rearm');
    assert.match(text, /<RunSynchronousCommand wcm:action="add">/);
  });

  it('starts new files from the template', () => {
    const doc = newUnattend();
    assert.deepEqual(doc.passes(), []);
    doc.setSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['ComputerName'], '*', 'arm64');
    const text = doc.serialize();
    assert.match(text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<!-- Answer file written by winprep/);
    assert.match(text, /<unattend xmlns="urn:schemas-microsoft-com:unattend">\n {2}<settings pass="specialize">\n {4}<component name="Microsoft-Windows-Shell-Setup" processorArchitecture="arm64"/);
    assert.equal(parseUnattend(text).getSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['ComputerName'], 'arm64'), '*');
  });
});

describe('unattend: properties', () => {
  it('any text value survives set → serialize → parse', () => {
    // XML 1.0 cannot carry most C0 controls, and parsers normalise CR; everything else must survive.
    const xmlChar = (c: string): boolean => {
      const code = c.codePointAt(0) ?? 0;
      return (code >= 0x20 || code === 0x09 || code === 0x0a) && code !== 0xfffe && code !== 0xffff;
    };
    const value = fc.string({unit: 'grapheme', maxLength: 40}).filter((s) => [...s].every(xmlChar));
    fc.assert(
      fc.property(value, (text) => {
        const doc = parseUnattend(sample);
        doc.setSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['ProductKey'], text, 'amd64');
        const back = parseUnattend(doc.serialize());
        assert.equal(back.getSetting('specialize', 'Microsoft-Windows-Shell-Setup', ['ProductKey'], 'amd64'), text);
        assert.equal(back.components().length, 5);
      }),
      {numRuns: 150},
    );
  });

  it('arbitrary input either parses or fails with a bad-input error, never anything else', () => {
    const fragments = fc.constantFrom('<unattend>', '</unattend>', '<settings pass="x">', '</settings>', '<a>', '</a>', '<!--', '-->', '&amp;', '&', '"', '<?xml version="1.0"?>', 'text', '<b/>', '<![CDATA[', ']]>');
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string({maxLength: 5})), {maxLength: 12}), (parts) => {
        try {
          parseUnattend(parts.join(''), 'fuzz.xml');
        } catch (error) {
          assert.ok(error instanceof WinprepError && error.exitCode === 3, String(error));
        }
      }),
      {numRuns: 300},
    );
  });
});
