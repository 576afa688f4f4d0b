/**
 * The layer order is written once, in README.md's layout section; this test reads it there and fails on any
 * import in src/ or commands/ that reaches a layer above its own (and on code in a folder no layer names).
 */
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Layer {
  name: string;
  /** Folders (`src/kms/`) and files (`src/errors.ts`), relative to the repository root. */
  members: string[];
}

/** The numbered list after "Layers, top to bottom" in README.md: `1. name: `a/`, `b.ts``. */
export function readLayers(readme: string): Layer[] {
  const start = readme.indexOf('Layers, top to bottom');
  assert.ok(start >= 0, 'README.md has no "Layers, top to bottom" list in its layout section');
  const layers: Layer[] = [];
  for (const line of readme.slice(start).split('\n').slice(1)) {
    const match = /^\d+\. ([^:]+): (.*)$/.exec(line);
    if (!match) {
      if (layers.length > 0 && line.trim() === '') break;
      continue;
    }
    layers.push({name: match[1]!, members: [...match[2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)});
  }
  assert.ok(layers.length >= 3, 'the README layer list has fewer than three layers');
  return layers;
}

function layerOf(layers: Layer[], file: string): number | undefined {
  let best: {index: number; length: number} | undefined;
  layers.forEach((layer, index) => {
    for (const member of layer.members) {
      const hit = member.endsWith('/') ? file.startsWith(member) : file === member;
      if (hit && (!best || member.length > best.length)) best = {index, length: member.length};
    }
  });
  return best?.index;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), {withFileTypes: true, recursive: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** Relative module specifiers of every static import/export and dynamic import() in the text. */
export function relativeImports(text: string): string[] {
  const specs = [...text.matchAll(/\bfrom\s+['"](\.[^'"]+)['"]|\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)|^\s*import\s+['"](\.[^'"]+)['"]/gm)];
  return specs.map((m) => (m[1] ?? m[2] ?? m[3])!);
}

const resolve = (from: string, spec: string): string => path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)).replace(/\.js$/, '.ts');

describe('layers (README.md layout section)', () => {
  const layers = readLayers(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  const files = [...sourceFiles('src'), ...sourceFiles('commands')];

  it('finds imports in every form the code uses', () => {
    const text = "import {a} from '../x.js';\nexport * from './y.js';\nimport type {T} from \"../../z.js\";\nconst m = await import('./w.js');\nimport './side.js';\nimport {n} from 'node:fs';";
    assert.deepEqual(relativeImports(text), ['../x.js', './y.js', '../../z.js', './w.js', './side.js']);
  });

  it('puts every source file in a layer', () => {
    const orphans = files.filter((file) => layerOf(layers, file) === undefined);
    assert.deepEqual(orphans, [], 'files in no layer of the README list: add their folder to a layer');
  });

  it('has no import against the layer order', () => {
    const violations: string[] = [];
    for (const file of files) {
      const own = layerOf(layers, file);
      if (own === undefined) continue;
      for (const spec of relativeImports(readFileSync(path.join(ROOT, file), 'utf8'))) {
        const target = resolve(file, spec);
        const theirs = layerOf(layers, target);
        if (theirs !== undefined && theirs < own) violations.push(`${file} (${layers[own]!.name}) imports ${target} (${layers[theirs]!.name})`);
      }
    }
    assert.deepEqual(violations, []);
  });
});
