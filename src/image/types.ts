/**
 * The contract of the image layer: one interface over folder, tar, WIM and virtual-disk images.
 * Implementation: src/image/open.ts (`openImage`), exported from src/image/index.ts.
 * Inner paths are relative to the image root (the volume root: `Windows/System32/config/SYSTEM`),
 * `/` or `\` separated, case-insensitive like Windows; results keep the image's own spelling.
 */
import type {HiveApi} from '../registry/types.js';
import type {ReadPattern} from './read-patterns.js';

export type ImageKind = 'folder' | 'tar' | 'wim' | 'disk';

/**
 * A WIM image as users name it: its 1-based index, or its name as `wimlib-imagex info` and DISM's
 * /Get-WimInfo list it; DISM takes either, /Index or /Name
 * (https://learn.microsoft.com/windows-hardware/manufacture/desktop/dism-image-management-command-line-options-s14).
 */
export type WimImageRef = number | string;

export interface OpenImageOptions {
  /** WIM image: its 1-based index or its name. Required for a multi-image WIM. */
  index?: WimImageRef;
  /** Disk image partition number holding Windows. Required when a disk holds more than one Windows volume. */
  partition?: number;
  /** A tar archive's folder that is the volume root, when it is not the archive's root or its one top-level folder. */
  root?: string;
  /** Open for reading only: no lock, commit() refused. */
  readOnly?: boolean;
  /**
   * The files the run will read (src/image/read-patterns.ts), declared by the facts, operations and rules that
   * read them: a compressed tar spools them in its one pass and a WIM extracts them in one call.
   */
  prefetch?: readonly ReadPattern[];
  /**
   * Keep the previous version of every file a commit replaces or deletes, always outside the image: a folder's
   * in `<folder>.winprep-backup/<UTC time>/` beside it, a tar's or WIM's as `<archive>.bak` beside it; a disk's as a full copy, `<disk>.bak`, beside it.
   */
  backup?: boolean;
  /** Allow writing hives that are dirty (unreplayed transaction logs). */
  forceDirty?: boolean;
  /**
   * Replay a dirty hive's transaction logs when hive() opens it (src/registry/log-replay.ts). Read-only
   * images keep the recovered hive in memory; otherwise a hive opened through hive() is saved recovered and
   * clean at commit, its logs emptied.
   */
  replayLogs?: boolean;
  /** A WIM: rebuild it after the edit so that it holds no zeroed holes (src/image/wim/in-place.ts). */
  compact?: boolean;
}

export type ChangeAction = 'write' | 'delete';

/** One staged file change, in the order it was staged; `before` absent for new files. */
export interface FileChange {
  path: string;
  action: ChangeAction;
  before?: Buffer;
  after?: Buffer;
}

/** How far a long commit is: bytes of the image processed in a phase (write the new copy, then verify it). */
export interface CommitProgress {
  phase: 'write' | 'verify';
  done: number;
  total: number;
}

export interface CommitOptions {
  /** Called as bytes are processed (archives: the new copy written, then re-read); may be called often. */
  onProgress?: (progress: CommitProgress) => void;
}

export interface CommitReport {
  changed: string[];
  /** Where previous versions were kept with --backup. */
  backups: string[];
  /** Why the commit took the time it did (e.g. a WIM that had to be rebuilt); absent when nothing to say. */
  notes?: string[];
}

export interface Image {
  readonly kind: ImageKind;
  /** The path the user gave (folder, archive, WIM file or disk). */
  readonly path: string;
  /** WIM image index, or the disk partition number of the Windows volume. */
  readonly index?: number;

  exists(innerPath: string): Promise<boolean>;
  /** File contents, staged changes first; undefined when absent. */
  readFile(innerPath: string): Promise<Buffer | undefined>;
  /** Names (image spelling) of the entries of a directory; [] when absent. */
  readdir(innerPath: string): Promise<string[]>;
  /** Every file below a directory, as inner paths with the image's spelling. */
  listFiles(innerDir?: string): Promise<string[]>;
  /** Inner keys of original files read that OpenImageOptions.prefetch did not declare (each may cost a pass). */
  readonly unplannedReads: readonly string[];

  /** Stage a file write (created with parents if missing). Nothing touches the image before commit(). */
  writeFile(innerPath: string, data: Buffer): void;
  deleteFile(innerPath: string): void;

  /**
   * A hive of the image, parsed once and cached; edits made through it are staged automatically
   * (serialized at commit when modified). undefined when the file does not exist.
   */
  hive(innerPath: string): Promise<HiveApi | undefined>;

  /** Staged changes, including modified hives (serialized now), without committing. */
  changes(): Promise<FileChange[]>;
  /** Apply every staged change all-or-nothing, then release the lock. */
  commit(options?: CommitOptions): Promise<CommitReport>;
  /** Drop staged changes and release the lock. The image is untouched. */
  discard(): Promise<void>;
}

/** Where winprep reads things inside an image (a volume root). */
export const IMAGE_PATHS = {
  systemHive: 'Windows/System32/config/SYSTEM',
  softwareHive: 'Windows/System32/config/SOFTWARE',
  samHive: 'Windows/System32/config/SAM',
  securityHive: 'Windows/System32/config/SECURITY',
  networkServiceHive: 'Windows/ServiceProfiles/NetworkService/NTUSER.DAT',
  pantherDir: 'Windows/Panther',
  pantherUnattend: 'Windows/Panther/unattend.xml',
  sysprepUnattend: 'Windows/System32/Sysprep/unattend.xml',
  sysprepTag: 'Windows/System32/Sysprep/Sysprep_succeeded.tag',
  stateIni: 'Windows/Setup/State/State.ini',
  setupComplete: 'Windows/Setup/Scripts/SetupComplete.cmd',
  kernel32: 'Windows/System32/kernel32.dll',
} as const;
