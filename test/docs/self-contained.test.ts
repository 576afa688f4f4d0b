import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {projectRoot} from '../helpers/cli.js';

const SELF = fileURLToPath(import.meta.url);
const SCANNED_DIRS = ['src', 'commands', 'schemas', 'templates', 'docs', 'test', 'fixtures', 'bench', 'scripts'];
const SCANNED_FILES = ['README.md', 'package.json'];

/**
 * Path forms of notes that live outside the repository: the development notes (`domain.md`, `regf.md`, …)
 * and anything under a sibling `shared/` folder. A reader of the repository cannot follow them, so every
 * citation goes to docs/reference/*.md or a public URL instead. Prose ("shared flags") does not match:
 * only `shared/` directly followed by a path segment does.
 */
const OUTSIDE_NOTE = /(?<![\w/-])(?:domain|regf|peers|cli-style|windows-review|review-code|review-ux)\.md\b/;
const SHARED_PATH = /(?:^|[\s`'"(.:/])shared\/[\w.-]/m;

function* textFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* textFiles(full);
    else if (entry.isFile() && statSync(full).size < 2_000_000) {
      const bytes = readFileSync(full);
      if (!bytes.includes(0)) yield full;
    }
  }
}

function scannedFiles(): string[] {
  const files = SCANNED_FILES.map((name) => path.join(projectRoot, name)).filter((file) => existsSync(file));
  for (const dir of SCANNED_DIRS) {
    const full = path.join(projectRoot, dir);
    if (existsSync(full)) files.push(...textFiles(full));
  }
  return files.filter((file) => file !== SELF);
}

describe('the repository stands on its own', () => {
  it('the patterns catch the path forms and leave prose alone', () => {
    for (const cited of ['(domain.md §1.2)', 'regf.md §2.1 item 1', 'see ../shared/reference/x', '`/work/shared/acceptance`', 'peers.md §3']) {
      assert.ok(OUTSIDE_NOTE.test(cited) || SHARED_PATH.test(cited), cited);
    }
    for (const prose of ['docs/reference/dns.md#srv-record', 'flags shared by commands', 'shared, read-only', 'subdomain.md5']) {
      assert.ok(!OUTSIDE_NOTE.test(prose) && !SHARED_PATH.test(prose), prose);
    }
  });

  it('cites no note outside the repository (domain.md, regf.md, ../shared/…) from code, tests, fixtures or docs', () => {
    const offenders: string[] = [];
    const files = scannedFiles();
    assert.ok(files.length > 100, `only ${files.length} files scanned`);
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (OUTSIDE_NOTE.test(line) || SHARED_PATH.test(line)) offenders.push(`${path.relative(projectRoot, file)}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    assert.deepEqual(offenders, []);
  });
});
