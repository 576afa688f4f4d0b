/**
 * The index of a tar image, built in one pass on open: entry names (case-insensitive lookups, listings)
 * and where each member lies. Hostile entries are refused here with exit 3 before anything is read
 * further: absolute paths, `..` components, links leading outside the image, entries under a symlink.
 */
import {badInput} from '../../errors.js';
import type {TarMember} from './tar-walk.js';

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  /** Inner path with the archive's spelling, without `./` or a trailing `/`. */
  path: string;
  type: TarEntryType;
  /** Archive offsets of the member(s) holding this path (a later duplicate overrides, like extraction). */
  spans: {start: number; end: number}[];
  dataStart: number;
  size: number;
  /** hardlink: inner path of the target; symlink: target resolved against the link's folder (inside the image). */
  linkTarget?: string;
  /** Implied by a deeper entry; not a member of the archive. */
  implied?: boolean;
}

const hostile = (file: string, name: string, why: string) =>
  badInput(`refusing hostile tar entry "${name}": ${why}`, {file, code: 'TAR_HOSTILE', hint: 'winprep only reads archives of a Windows volume, relative to its root'});

/** Split a stored name into components; refuse absolute paths and `..` (`\` counts as a separator too). */
export function safeComponents(name: string, file: string): string[] {
  if (/^[/\\]/.test(name) || /^[a-zA-Z]:/.test(name)) throw hostile(file, name, 'absolute path');
  const parts = name.split(/[/\\]+/).filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw hostile(file, name, 'contains ".."');
  return parts;
}

/** Resolve a symlink target relative to the link's folder; undefined when it leaves the image root. */
function resolveLinkTarget(linkParts: string[], target: string): string[] | undefined {
  if (/^[/\\]/.test(target) || /^[a-zA-Z]:/.test(target)) return undefined;
  const stack = linkParts.slice(0, -1);
  for (const part of target.split(/[/\\]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (stack.length === 0) return undefined;
      stack.pop();
    } else {
      stack.push(part);
    }
  }
  return stack;
}

export class TarIndex {
  readonly entries = new Map<string, TarEntry>();
  private readonly children = new Map<string, Map<string, string>>();
  private readonly symlinks = new Set<string>();
  /** Whether stored names start with `./` (new members follow the archive's convention). */
  dotSlash = false;
  memberCount = 0;
  endOffset = 0;

  constructor(private readonly file: string) {
    this.entries.set('', {path: '', type: 'dir', spans: [], dataStart: 0, size: 0, implied: true});
  }

  /** Add one member; throws TAR_HOSTILE for anything that could lead outside the image. */
  add(member: TarMember): void {
    this.memberCount++;
    if (member.type === 'GlobalExtendedHeader') return;
    if (this.memberCount === 1 || this.entries.size === 1) this.dotSlash = member.path.startsWith('./');
    const parts = safeComponents(member.path, this.file);
    if (parts.length === 0) return; // `./` itself: the root
    for (let n = 1; n < parts.length; n++) {
      if (this.symlinks.has(parts.slice(0, n).join('/').toLowerCase())) throw hostile(this.file, member.path, 'lies under a symbolic link');
    }
    const type = entryType(member.type);
    const key = parts.join('/').toLowerCase();
    let linkTarget: string | undefined;
    if (type === 'symlink') {
      const resolved = resolveLinkTarget(parts, member.linkpath ?? '');
      if (!resolved) throw hostile(this.file, member.path, `symbolic link to "${member.linkpath}" leads outside the image`);
      if (this.children.has(key)) throw hostile(this.file, member.path, 'symbolic link replaces a folder with entries');
      this.symlinks.add(key);
      linkTarget = resolved.join('/');
    } else if (type === 'hardlink') {
      const target = member.linkpath ?? '';
      if (/^[/\\]/.test(target) || /^[a-zA-Z]:/.test(target) || target.split(/[/\\]+/).includes('..')) {
        throw hostile(this.file, member.path, `hard link to "${target}" leads outside the image`);
      }
      linkTarget = safeComponents(target, this.file).join('/');
    } else {
      this.symlinks.delete(key);
    }
    // Extraction could not put a file where a folder with entries is: which one winprep read would be a guess.
    if (type !== 'dir' && this.children.get(key)?.size) throw hostile(this.file, member.path, 'replaces a folder that has entries');
    const spelled = this.ensureParents(parts);
    const previous = this.entries.get(key);
    const spans = previous && !previous.implied ? previous.spans : [];
    this.entries.set(key, {
      path: spelled,
      type,
      spans: [...spans, {start: member.start, end: member.end}],
      dataStart: member.dataStart,
      size: member.size,
      linkTarget,
    });
  }

  /** Make sure every parent folder is listed; return the full path spelled as first seen. */
  private ensureParents(parts: string[]): string {
    let spelled = '';
    for (let n = 0; n < parts.length; n++) {
      const parentKey = spelled.toLowerCase();
      const name = parts[n]!;
      let siblings = this.children.get(parentKey);
      if (!siblings) {
        siblings = new Map();
        this.children.set(parentKey, siblings);
      }
      const stored = siblings.get(name.toLowerCase()) ?? name;
      siblings.set(name.toLowerCase(), stored);
      spelled = spelled === '' ? stored : `${spelled}/${stored}`;
      if (n < parts.length - 1 && !this.entries.has(spelled.toLowerCase())) {
        this.entries.set(spelled.toLowerCase(), {path: spelled, type: 'dir', spans: [], dataStart: 0, size: 0, implied: true});
      }
    }
    return spelled;
  }

  get(innerKey: string): TarEntry | undefined {
    return this.entries.get(innerKey);
  }

  childrenOf(dirKey: string): TarEntry[] {
    const names = this.children.get(dirKey);
    if (!names) return [];
    const prefix = dirKey === '' ? '' : `${dirKey}/`;
    return [...names.keys()].map((name) => this.entries.get(`${prefix}${name}`)).filter((entry): entry is TarEntry => entry !== undefined);
  }
}

function entryType(tarType: string): TarEntryType {
  switch (tarType) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
      return 'dir';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    default:
      return 'other';
  }
}
