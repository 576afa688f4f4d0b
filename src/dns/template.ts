/**
 * The record templates of templates/dns: `{{name}}` is replaced by a value, `{{#list}}…{{/list}}`
 * repeats for each item of a list (item values first), or appears once when a value is truthy.
 */
import {existsSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export type TemplateValue = string | number | boolean | undefined | TemplateScope[];
export interface TemplateScope {
  [name: string]: TemplateValue;
}

export function renderTemplate(template: string, scope: TemplateScope, parents: TemplateScope[] = []): string {
  const lookup = (name: string): TemplateValue => [scope, ...parents].find((s) => name in s)?.[name];
  const withBlocks = template.replace(/\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}/g, (_all, name: string, body: string) => {
    const value = lookup(name);
    if (Array.isArray(value)) return value.map((item) => renderTemplate(body, item, [scope, ...parents])).join('');
    return value ? renderTemplate(body, scope, parents) : '';
  });
  return withBlocks.replace(/\{\{(\w+)\}\}/g, (_all, name: string) => {
    const value = lookup(name);
    if (value === undefined || Array.isArray(value)) throw new Error(`template value "${name}" is missing`);
    return String(value);
  });
}

/** templates/dns next to the package root, from src/ under tsx or dist/src/ when compiled. */
export function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'templates', 'dns');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('templates/dns not found next to the winprep package');
}

export const loadTemplate = (name: string): Promise<string> => readFile(path.join(templatesDir(), name), 'utf8');
