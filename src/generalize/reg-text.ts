/** The registry part of a change set as one .reg document (what regedit would import to make the same edits). */
import {renderRegChanges} from '../registry/changes.js';
import type {OperationReport, RegistryChange} from './types.js';

export const regTextOf = (reports: OperationReport[]): string =>
  renderRegChanges(reports.flatMap((r) => r.changes).filter((c): c is RegistryChange => c.kind === 'registry'));
