/** Hostile profile files, lock files and answer files: exit 3 (or a finding), one line, nothing expanded. */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import path from 'node:path';

import {parseJsonOutput, runCli} from '../helpers/cli.js';
import {copyImage, createSample, expectRefusal, scratch} from './helpers.js';

interface AnswerFileFact {
  path: string;
  wellFormed: boolean;
  error?: string;
  computerNames: {value: string}[];
}

describe('robustness: profiles, locks, answer files', function () {
  let dir: string;
  let sample: string;

  before(async function () {
    dir = await scratch('inputs');
    sample = createSample(dir, 'sample');
  });
  after(async () => fs.rm(dir, {recursive: true, force: true}));

  describe('profiles', () => {
    // Regression: the error message echoed the value with JSON.stringify, which overflowed the stack (exit 1).
    it('deeply nested brackets (10 MB in the audit; 400 kB here) are exit 3 naming the file, at the root and under a setting', async () => {
      const root = path.join(dir, 'nested.json');
      await fs.writeFile(root, `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
      expectRefusal(['profile', 'check', root], {status: 3, file: root, what: /must be an object/});
      const under = path.join(dir, 'nested-kms.json');
      await fs.writeFile(under, `{"kms":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
      expectRefusal(['image', 'prepare', sample, '--profile', under], {status: 3, file: under, what: /\/kms must be an object/});
    });

    it('not JSON, binary garbage, and wrong types everywhere are exit 3; a BOM is accepted', async () => {
      const cases: [string, string | Buffer, RegExp][] = [
        ['text.json', 'not json {', /not valid JSON/],
        ['binary.json', Buffer.from([0x00, 0xff, 0x13, 0x88, 0x7b, 0x01]), /not valid JSON/],
        ['types.json', '{"generalize":7,"kms":{"client":{"host":5,"port":"abc"}},"validate":[]}', /must be/],
      ];
      for (const [name, content, what] of cases) {
        const file = path.join(dir, name);
        await fs.writeFile(file, content);
        expectRefusal(['profile', 'check', file], {status: 3, file, what});
      }
      const bom = path.join(dir, 'bom.json');
      await fs.writeFile(bom, `\uFEFF${await fs.readFile('fixtures/profiles/kms-client.json', 'utf8')}`);
      assert.equal(runCli(['profile', 'check', bom]).status, 0);
    });
  });

  describe('locks', () => {
    it('a run holding the image is exit 5 naming the lock; a folder in the lock\'s place is exit 3 (was exit 1)', async () => {
      const image = await copyImage(sample, path.join(dir, 'locked'));
      const lock = path.join(image, '.winprep.lock');
      // This test process is alive on this host, so the lock is not stale.
      await fs.writeFile(lock, JSON.stringify({pid: process.pid, host: (await import('node:os')).hostname(), time: new Date().toISOString()}));
      expectRefusal(['image', 'generalize', image], {status: 5, file: lock, what: /is locked by winprep pid/});
      await fs.rm(lock);
      await fs.mkdir(lock);
      const old = new Date(Date.now() - 3_600_000);
      await fs.utimes(lock, old, old);
      expectRefusal(['kms', 'client', 'set', image, '--host', 'kms1.corp.example'], {status: 3, file: lock, what: /not a winprep lock file/});
      assert.deepEqual((await fs.readdir(image)).filter((name) => name.startsWith('.winprep')), ['.winprep.lock'], 'no .stale- folder left');
    });
  });

  describe('answer files', () => {
    async function answerFile(name: string, content: string | Buffer): Promise<AnswerFileFact> {
      const image = await copyImage(sample, path.join(dir, name));
      await fs.writeFile(path.join(image, 'Windows/Panther/unattend.xml'), content);
      const result = runCli(['image', 'inspect', image, '--json'], {timeoutMs: 20_000});
      assert.equal(result.status, 0, result.stderr);
      const facts = parseJsonOutput<{answerFiles: AnswerFileFact[]}>(result).result!;
      return facts.answerFiles.find((file) => file.path === 'Windows/Panther/unattend.xml')!;
    }

    const shell = (inner: string) =>
      `<unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="specialize"><component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS"><ComputerName>${inner}</ComputerName></component></settings></unattend>`;

    it('external entities (XXE) and billion laughs are neither fetched nor expanded: the file is reported malformed', async () => {
      const laughs = Array.from({length: 8}, (_, n) => `<!ENTITY l${n + 1} "${`&l${n};`.repeat(10)}">`).join('');
      const billion = await answerFile('laughs', `<?xml version="1.0"?><!DOCTYPE u [<!ENTITY l0 "lol">${laughs}]>${shell('&l8;')}`);
      assert.equal(billion.wellFormed, false);
      assert.deepEqual(billion.computerNames, []);
      const xxe = await answerFile('xxe', `<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>${shell('&x;')}`);
      assert.equal(xxe.wellFormed, false);
      assert.doesNotMatch(JSON.stringify(xxe), /root:/);
    });

    // Regression: xmldom quotes the offending text, so a binary file put kilobytes of raw bytes in the message.
    it('a binary answer file is a malformed-file finding with a short, printable message', async () => {
      const noise = Buffer.from(Array.from({length: 200_000}, (_, n) => (n * 7919 + 13) % 256));
      const fact = await answerFile('binary', noise);
      assert.equal(fact.wellFormed, false);
      assert.ok(fact.error && fact.error.length < 300, `short message, got ${fact.error?.length}`);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(fact.error!, /[\u0000-\u001f\ufffd]/);
    });

    it('an empty answer file and one in UTF-16 without a BOM are read, not fatal', async () => {
      assert.equal((await answerFile('empty', '')).wellFormed, false);
      const utf16 = await answerFile('utf16', Buffer.from(shell('PC-42'), 'utf16le'));
      assert.deepEqual(utf16.computerNames.map((name) => name.value), ['PC-42']);
    });
  });
});
