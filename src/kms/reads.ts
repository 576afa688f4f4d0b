/**
 * The files KMS configuration reads beyond the image facts (src/facts/reads.ts): SetupComplete.cmd and the
 * host's first-boot key and script beside it, for the image to prefetch (src/image/read-patterns.ts).
 */
import type {ReadPattern} from '../image/read-patterns.js';
import {SCRIPTS_DIR} from '../licensing/host-key-files.js';

export const KMS_READS: readonly ReadPattern[] = [`${SCRIPTS_DIR}/**`];
