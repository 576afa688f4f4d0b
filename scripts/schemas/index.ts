/**
 * `npm run schemas` (after the build): write schemas/commands/*.schema.json from the commands' result types and
 * schemas/error.schema.json from the error envelope's. `--out DIR` writes under DIR instead of the repository.
 */
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {generateSchemas} from './generate.js';
import {writeSchemas} from './write.js';

/** The repository root, from this file's place: scripts/schemas (source) or dist/scripts/schemas (compiled). */
function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const up = here.split(path.sep).includes('dist') ? ['..', '..', '..'] : ['..', '..'];
  return path.resolve(here, ...up);
}

const root = repoRoot();
const outAt = process.argv.indexOf('--out');
const outRoot = outAt === -1 ? root : path.resolve(process.argv[outAt + 1] ?? '.');
const started = Date.now();
const schemas = generateSchemas(root);
writeSchemas(outRoot, schemas);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
process.stderr.write(`wrote ${schemas.length} schemas under ${outRoot} in ${seconds} s\n`);
