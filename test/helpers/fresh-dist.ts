/**
 * Mocha root hook (loaded by .mocharc.json for every run): the CLI tests drive dist/ through bin/run.js, so a
 * run against a dist/ older than its sources would test yesterday's code and pass or fail for the wrong reason.
 * Before any test, every .ts under src/, commands/ and fixtures/ must have a compiled .js in dist/ at least as
 * new as itself; otherwise the run fails at once, naming the file, and asks for `npm run build`.
 */
import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';

import {projectRoot} from './cli.js';

const SOURCE_DIRS = ['src', 'commands', 'fixtures'];

/** Sources whose compiled output is missing or older than they are, as repository-relative paths. */
export function staleSources(root: string = projectRoot): string[] {
  const stale: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), {withFileTypes: true})) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(rel);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const built = path.join(root, 'dist', rel.replace(/\.ts$/, '.js'));
        const builtTime = statSync(built, {throwIfNoEntry: false})?.mtimeMs ?? -1;
        if (builtTime < statSync(path.join(root, rel)).mtimeMs) stale.push(rel);
      }
    }
  };
  for (const dir of SOURCE_DIRS) visit(dir);
  return stale;
}

export const mochaHooks = {
  beforeAll(): void {
    const stale = staleSources();
    if (stale.length === 0) return;
    const shown = stale.slice(0, 5).join(', ') + (stale.length > 5 ? ` and ${stale.length - 5} more` : '');
    throw new Error(`dist/ is older than its sources (${shown}): run npm run build`);
  },
};
