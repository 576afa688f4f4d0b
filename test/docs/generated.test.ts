import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';

import {OPERATIONS} from '../../src/generalize/registry.js';
import {RULES} from '../../src/validate/rules/index.js';
import {GENERATED_PAGES} from '../../scripts/docs/pages.js';
import {evidenceMarkdown} from '../../scripts/docs/render.js';
import {projectRoot} from '../helpers/cli.js';

describe('generated docs (docs/operations.md, docs/rules.md)', () => {
  for (const page of GENERATED_PAGES) {
    it(`${page.path} matches its registry (regenerate with npm run docs)`, () => {
      const committed = readFileSync(path.join(projectRoot, page.path), 'utf8');
      assert.ok(committed === page.render(), `${page.path} is stale: run npm run docs and commit the result`);
    });
  }

  it('names every operation and every rule with an anchor', () => {
    const operations = readFileSync(path.join(projectRoot, 'docs', 'operations.md'), 'utf8');
    for (const op of OPERATIONS) assert.ok(operations.includes(`<a id="${op.name}"></a>`), op.name);
    const rules = readFileSync(path.join(projectRoot, 'docs', 'rules.md'), 'utf8');
    for (const rule of RULES) assert.ok(rules.includes(`<a id="${rule.id.toLowerCase()}"></a>`), rule.id);
  });

  it('links evidence that cites docs/reference or a public URL', () => {
    assert.equal(
      evidenceMarkdown('docs/reference/kms.md#events; https://learn.microsoft.com/x'),
      '[reference/kms.md#events](reference/kms.md#events); <https://learn.microsoft.com/x>',
    );
  });
});
