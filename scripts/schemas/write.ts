/** Puts generated schemas under a root (the repository, or a temp copy the drift test compares). */
import {mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';

import {COMMAND_SCHEMA_DIR, type GeneratedSchema} from './generate.js';

/** Writes every schema and removes a command schema no command has any more (a renamed or deleted command). */
export function writeSchemas(outRoot: string, schemas: readonly GeneratedSchema[]): void {
  for (const schema of schemas) {
    mkdirSync(path.dirname(path.join(outRoot, schema.path)), {recursive: true});
    writeFileSync(path.join(outRoot, schema.path), schema.text);
  }
  const dir = path.join(outRoot, COMMAND_SCHEMA_DIR);
  const current = new Set(schemas.map((schema) => path.join(outRoot, schema.path)));
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.schema.json') && !current.has(path.join(dir, file))) rmSync(path.join(dir, file));
  }
}
