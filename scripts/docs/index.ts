/**
 * `npm run docs` (after the build): write docs/operations.md and docs/rules.md from the registries.
 * `--check` writes nothing and exits 1 naming the stale pages.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {GENERATED_PAGES} from './pages.js';

/** The repository root, from this file's place: scripts/docs (source) or dist/scripts/docs (compiled). */
function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const up = here.split(path.sep).includes('dist') ? ['..', '..', '..'] : ['..', '..'];
  return path.resolve(here, ...up);
}

const check = process.argv.includes('--check');
const root = repoRoot();
const stale: string[] = [];
for (const page of GENERATED_PAGES) {
  const file = path.join(root, page.path);
  const text = page.render();
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // a missing page is stale
  }
  if (current === text) continue;
  stale.push(page.path);
  if (!check) writeFileSync(file, text);
}
if (check && stale.length > 0) {
  process.stderr.write(`stale: ${stale.join(', ')} (run npm run docs)\n`);
  process.exitCode = 1;
} else {
  process.stderr.write(stale.length > 0 ? `wrote ${stale.join(', ')}\n` : 'generated docs are up to date\n');
}
