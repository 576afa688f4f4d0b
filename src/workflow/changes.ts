/**
 * The one summary of a file a run wrote or deleted in an image, with the one set of action words every
 * command's `--json` result uses: create (did not exist), replace (overwritten), delete. Contents are never
 * repeated (they may hold secrets); `bytes` says how large the new file is.
 */
import type {FileChange} from '../image/types.js';
import type {Integer} from '../json-types.js';

export type FileAction = 'create' | 'replace' | 'delete';

export interface FileChangeSummary {
  path: string;
  action: FileAction;
  bytes?: Integer;
}

/** The action word of a staged write: replace when the file existed before. */
export const writeAction = (existedBefore: boolean): FileAction => (existedBefore ? 'replace' : 'create');

export function summarizeChanges(changes: FileChange[]): FileChangeSummary[] {
  return changes.map((c) => (c.action === 'delete' ? {path: c.path, action: 'delete'} : {path: c.path, action: writeAction(c.before !== undefined), bytes: c.after?.length}));
}
