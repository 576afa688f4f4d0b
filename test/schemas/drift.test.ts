/**
 * The committed schemas are what `npm run schemas` generates from the current result types: a changed result
 * type (or a new command) without regenerated schemas fails here. Regenerates into a temp dir and compares.
 */
import assert from 'node:assert/strict';
import {promises as fs, readFileSync, readdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {COMMAND_SCHEMA_DIR, ERROR_SCHEMA, generateSchemas} from '../../scripts/schemas/generate.js';
import {writeSchemas} from '../../scripts/schemas/write.js';
import {projectRoot} from '../helpers/cli.js';

/** Every generated file under a root, path -> text (the command schemas and the error schema). */
function schemaFiles(root: string): Map<string, string> {
  const files = readdirSync(path.join(root, COMMAND_SCHEMA_DIR)).map((name) => `${COMMAND_SCHEMA_DIR}/${name}`);
  return new Map([...files, ERROR_SCHEMA].sort().map((file) => [file, readFileSync(path.join(root, file), 'utf8')]));
}

describe('schemas/ is generated from the result types (npm run schemas)', function () {
  // One TypeScript program over all commands: seconds, not minutes.
  this.timeout(180_000);
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-schemas-'));
  });
  after(async () => {
    if (dir) await fs.rm(dir, {recursive: true, force: true});
  });

  it('regenerating the schemas reproduces the committed files byte for byte', () => {
    writeSchemas(dir, generateSchemas(projectRoot));
    const fresh = schemaFiles(dir);
    const committed = schemaFiles(projectRoot);
    assert.deepEqual([...committed.keys()], [...fresh.keys()], 'schema files differ from the commands: run npm run schemas');
    const stale = [...fresh].filter(([file, text]) => committed.get(file) !== text).map(([file]) => file);
    assert.deepEqual(stale, [], 'stale schemas: run npm run schemas');
  });
});
