import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {projectRoot} from '../helpers/cli.js';

const REFERENCE = path.join(projectRoot, 'docs', 'reference');
const SELF = fileURLToPath(import.meta.url);
const SCANNED = ['src', 'commands', 'schemas', 'templates', 'docs', 'fixtures', 'bench', 'scripts', 'test'];

/** Every page of docs/reference with the anchors it declares (`<a id="…"></a>`). */
function referenceAnchors(): Map<string, Set<string>> {
  const pages = new Map<string, Set<string>>();
  for (const name of readdirSync(REFERENCE).filter((n) => n.endsWith('.md'))) {
    const text = readFileSync(path.join(REFERENCE, name), 'utf8');
    pages.set(name, new Set([...text.matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1])));
  }
  return pages;
}

function* textFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* textFiles(full);
    else if (statSync(full).size < 2_000_000) {
      const bytes = readFileSync(full);
      if (!bytes.includes(0)) yield full;
    }
  }
}

describe('docs/reference (the project’s own reference)', () => {
  const pages = referenceAnchors();

  it('declares each anchor once per page', () => {
    for (const name of pages.keys()) {
      const ids = [...readFileSync(path.join(REFERENCE, name), 'utf8').matchAll(/<a id="([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]);
      assert.equal(new Set(ids).size, ids.length, `${name} repeats an anchor`);
    }
  });

  it('every link into docs/reference, from the code, tests and docs, names an existing page and anchor', () => {
    const broken: string[] = [];
    let links = 0;
    for (const dir of SCANNED) {
      for (const file of textFiles(path.join(projectRoot, dir))) {
        if (file === SELF) continue; // its comments show the link forms with placeholder names
        const text = readFileSync(file, 'utf8');
        const inReference = path.dirname(file) === REFERENCE;
        // docs/reference/x.md#a anywhere; reference/x.md#a in docs/; (x.md#a) links between reference pages.
        const pattern = inReference ? /\]\(([a-z0-9-]+\.md)(?:#([a-z0-9-]+))?\)/g : /(?<!shared\/)\breference\/([a-z0-9-]+\.md)(?:#([a-z0-9-]+))?/g;
        for (const [, page, anchor] of text.matchAll(pattern)) {
          links++;
          const anchors = pages.get(page);
          if (!anchors || (anchor && !anchors.has(anchor))) broken.push(`${path.relative(projectRoot, file)}: ${page}${anchor ? `#${anchor}` : ''}`);
        }
      }
    }
    assert.ok(links > 0);
    assert.deepEqual(broken, []);
  });

  it('marks undocumented facts as inferred and names a source for the rest (each page cites https sources)', () => {
    for (const name of pages.keys()) {
      if (name === 'README.md') continue;
      const text = readFileSync(path.join(REFERENCE, name), 'utf8');
      assert.match(text, /https:\/\//, `${name} cites no public source`);
    }
  });
});
