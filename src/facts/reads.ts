/**
 * The files inspectImage reads (src/facts/inspect.ts and inspect/*), declared for OpenImageOptions.prefetch so
 * that a compressed tar spools them in its one pass (src/image/read-patterns.ts). A run that reads more (an
 * operation, a rule, KMS configuration) declares its own on top; test/facts/reads.test.ts checks that running
 * everything on real samples reads nothing undeclared.
 */
import type {ReadPattern} from '../image/read-patterns.js';
import {IMAGE_PATHS} from '../image/types.js';
import {CONFIGMGR_INI} from './inspect/membership.js';

export const FACT_READS: readonly ReadPattern[] = [
  // The machine hives and their transaction logs (.LOG, .LOG1, .LOG2) sit directly in config/.
  'Windows/System32/config/*',
  `${IMAGE_PATHS.networkServiceHive}*`,
  IMAGE_PATHS.kernel32,
  IMAGE_PATHS.stateIni,
  CONFIGMGR_INI,
  // Answer files Setup searches (docs/reference/answer-files.md#implicit-search): Panther, Sysprep, the volume root.
  `${IMAGE_PATHS.pantherDir}/**`,
  'Windows/System32/Sysprep/**',
  '*.xml',
];
