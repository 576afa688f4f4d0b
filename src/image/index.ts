/** The image layer: one interface over folder, tar/tar.gz and WIM images (see types.ts). */
export type {ChangeAction, CommitReport, FileChange, Image, ImageKind, OpenImageOptions, WimImageRef} from './types.js';
export {IMAGE_PATHS} from './types.js';
export {openImage, recoverImage} from './open.js';
export {detectImageKind, type DetectedImage, type ArchiveCompression} from './detect.js';
export {listWimImages, type WimImageInfo} from './wim/wim-info.js';
export {writeFileAtomic, fsyncDir} from '../fs/atomic.js';
export {innerKey, normalizeInnerPath, splitInnerPath} from './paths.js';
export {readMatcher, type ReadMatcher, type ReadPattern} from './read-patterns.js';
export type {RecoveryOutcome} from './folder-journal.js';
export {readLockHolder, lockPathFor, type LockHolder} from './lock.js';
export {findLeftovers, leftoverKind, type Leftover, type LeftoverKind} from './leftovers.js';
