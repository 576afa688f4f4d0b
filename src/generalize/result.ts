/** Building operation results; every before/after shown is passed through the secret mask. */
import {displayKey} from '../licensing/product-keys.js';
import type {Change, OperationResult} from './types.js';

const PRODUCT_KEY = /\b[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}\b/gi;

/** Product keys inside a shown value: published GVLKs whole, any other key by its last 5 characters. */
export const maskSecrets = (text: string | undefined): string | undefined => text?.replace(PRODUCT_KEY, (key) => displayKey(key));

function masked(change: Change): Change {
  if (change.kind === 'registry') return {...change, before: maskSecrets(change.before), after: maskSecrets(change.after)};
  if (change.kind === 'answer-file') return {...change, before: maskSecrets(change.before), after: maskSecrets(change.after)};
  return change;
}

export function outcome(changes: (Change | undefined)[], notes: string[] = []): OperationResult {
  const made = changes.filter((c): c is Change => c !== undefined).map(masked);
  return {status: made.length > 0 ? 'changed' : 'unchanged', changes: made, notes};
}

export const notApplicable = (reason: string): OperationResult => ({status: 'not-applicable', changes: [], notes: [reason]});
