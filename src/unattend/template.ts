/** New answer files start from templates/unattend/unattend.xml, found relative to this module. */
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import {WinprepError} from '../errors.js';

/** The project's templates/ folder: two levels up from src/unattend (tsx) or three from dist/src/unattend. */
export function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    const candidate = path.join(dir, 'templates');
    if (existsSync(path.join(candidate, 'unattend', 'unattend.xml'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new WinprepError('internal', 'templates/unattend/unattend.xml not found next to the installed winprep');
}

export function readTemplate(relative: string): string {
  return readFileSync(path.join(templatesDir(), relative), 'utf8');
}
