/** Files shipped with winprep: the version in package.json and the templates of templates/generalize/. */
import {readFileSync} from 'node:fs';
import path from 'node:path';

import {readTemplate, templatesDir} from '../unattend/index.js';

export const readGeneralizeTemplate = (name: string): string => readTemplate(path.join('generalize', name));

export function winprepVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(path.dirname(templatesDir()), 'package.json'), 'utf8')) as {version?: string};
  return pkg.version ?? '0.0.0';
}
