/** The commands whose `--json` documents get a schema: every id in oclif.manifest.json, with its source file. */
import {readFileSync} from 'node:fs';
import path from 'node:path';

export interface CommandSource {
  /** oclif command id, e.g. `kms:client:set` */
  id: string;
  /** Absolute path of the command's TypeScript source, e.g. <root>/commands/kms/client/set.ts */
  file: string;
  /** Path from the repository root, for messages and the schema's $comment */
  relative: string;
}

interface Manifest {
  commands: Record<string, {relativePath?: string[]}>;
}

/** `kms:client:set` -> `kms-client-set`, the schema's file name stem and $id part. */
export const schemaStem = (id: string): string => id.replaceAll(':', '-');

/**
 * Reads the manifest `npm run build` writes. Its relativePath points into dist/ (dist/commands/x/y.js); the
 * schema is derived from the source the build compiled that from (commands/x/y.ts), so types keep their names.
 */
export function manifestCommands(root: string): CommandSource[] {
  const manifestFile = path.join(root, 'oclif.manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`${manifestFile}: ${(error as Error).message} (run npm run build first)`);
  }
  return Object.entries(manifest.commands)
    .map(([id, entry]) => {
      const built = entry.relativePath ?? [];
      if (built[0] !== 'dist' || !built.at(-1)?.endsWith('.js')) throw new Error(`${manifestFile}: command ${id} has no dist/ path`);
      const relative = path.posix.join(...built.slice(1)).replace(/\.js$/, '.ts');
      return {id, file: path.join(root, relative), relative};
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
