/** The generated pages: where each lives in the repository and how it is rendered from its registry. */
import {OPERATIONS} from '../../src/generalize/registry.js';
import {RULES} from '../../src/validate/rules/index.js';
import {renderOperationsDoc, renderRulesDoc} from './render.js';

export interface GeneratedPage {
  /** Path from the repository root */
  path: string;
  render: () => string;
}

export const GENERATED_PAGES: readonly GeneratedPage[] = [
  {path: 'docs/operations.md', render: () => renderOperationsDoc(OPERATIONS)},
  {path: 'docs/rules.md', render: () => renderRulesDoc(RULES)},
];
