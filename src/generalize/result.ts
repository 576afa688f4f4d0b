/** Building operation results. */
import type {Change, OperationResult} from './types.js';

export function outcome(changes: (Change | undefined)[], notes: string[] = []): OperationResult {
  const made = changes.filter((c): c is Change => c !== undefined);
  return {status: made.length > 0 ? 'changed' : 'unchanged', changes: made, notes};
}

export const notApplicable = (reason: string): OperationResult => ({status: 'not-applicable', changes: [], notes: [reason]});
