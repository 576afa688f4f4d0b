/**
 * The marker an inferred operation leaves when it changes an image: SOFTWARE\winprep\InferredOperations holds one
 * REG_SZ value per operation (its name → the winprep version that applied it). Validate reads it (WP010) so an
 * image that relies on a behaviour no public source documents never gets a clean FIT (docs/first-boot.md).
 * Registry changes only: the marker is part of the same staged change set, so it lands or vanishes with them.
 */
import {WINPREP_INFERRED_KEY} from '../facts/inspect/generalization.js';
import {IMAGE_PATHS} from '../image/types.js';
import {szValue} from '../registry/index.js';
import {setValue} from './registry-edit.js';
import type {Change, Operation, OperationContext, OperationResult} from './types.js';

/** The marker change for an inferred operation that changed the image; nothing otherwise. */
export async function inferredMarker(op: Operation, result: OperationResult, ctx: OperationContext): Promise<Change[]> {
  if (op.basis.kind !== 'inferred' || result.status !== 'changed') return [];
  const software = await ctx.image.hive(IMAGE_PATHS.softwareHive);
  if (!software) return [];
  const change = setValue(software, IMAGE_PATHS.softwareHive, WINPREP_INFERRED_KEY, szValue(op.name, ctx.options.version));
  return change ? [change] : [];
}
