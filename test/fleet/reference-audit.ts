/**
 * The audit's duplicate finding as it was before identity values became digests (Map<string, object> per
 * identity, commit c9089e7): kept as a test oracle, so that the compact index is shown to give the same
 * report on any fleet.
 */
import {COUNT_WINDOW_DAYS} from '../../src/licensing/defaults.js';
import {machineKey} from '../../src/fleet/normalize.js';
import {IDENTITY_KINDS, type DuplicateGroup, type DuplicateMember, type FleetRecord, type IdentityKind} from '../../src/fleet/types.js';

const LINE_SPACE = 0x1_0000_0000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** One machine as seen by an observation. */
interface Member {
  /** file index × 2^32 + line: where the observation is. */
  origin: number;
  /** Index of the input file. */
  file: number;
  /** Short machine name, lower case, when known. */
  name?: string;
  /** The machine is identified by its name (events: many observations of one machine). */
  byName: boolean;
  /** Display name as the input spelled it. */
  label?: string;
}

interface Group {
  members: Member[];
  memberCount: number;
  /** Origins of members not known by name. */
  origins: Set<number>;
  names: Set<string>;
  byNameNames: Set<string>;
  /** The files each name was seen in, among members not known by name. */
  nameFiles: Map<string, Set<number>>;
}

/**
 * Same machine: the same name where either side names machines by name (events); else the same
 * observation, or the same live name reported by two different files (an inventory and slmgr output).
 * Rows of one file are distinct machines even when named alike: that is a duplicate computer name.
 */
const sameMachine = (a: Member, b: Member): boolean => {
  if (a.byName || b.byName) return a.name !== undefined && a.name === b.name;
  return a.origin === b.origin || (a.name !== undefined && a.name === b.name && a.file !== b.file);
};

class IdentityIndex {
  private readonly values = new Map<string, Member | Group>();
  private groupCount = 0;

  constructor(private readonly maxMembers: number) {}

  add(value: string, member: Member): void {
    const slot = this.values.get(value);
    if (slot === undefined) {
      this.values.set(value, member);
      return;
    }
    if (!('members' in slot)) {
      if (sameMachine(slot, member)) return;
      const group: Group = {members: [], memberCount: 0, origins: new Set(), names: new Set(), byNameNames: new Set(), nameFiles: new Map()};
      this.join(group, slot);
      this.join(group, member);
      this.values.set(value, group);
      this.groupCount++;
      return;
    }
    const known = member.byName ? slot.names.has(member.name!) : slot.origins.has(member.origin) || (member.name !== undefined && this.nameKnown(slot, member.name, member.file));
    if (!known) this.join(slot, member);
  }

  get duplicateCount(): number {
    return this.groupCount;
  }

  get size(): number {
    return this.values.size;
  }

  /** Values held by more than one machine, with their members (at most maxMembers listed each). */
  *duplicates(source: (origin: number) => string): Generator<{value: string; memberCount: number; members: DuplicateMember[]}> {
    for (const [value, slot] of this.values) {
      if (!('members' in slot)) continue;
      yield {
        value,
        memberCount: slot.memberCount,
        members: slot.members.map((m) => (m.label === undefined ? {source: source(m.origin)} : {source: source(m.origin), machine: m.label})),
      };
    }
  }

  private nameKnown(group: Group, name: string, file: number): boolean {
    if (group.byNameNames.has(name)) return true;
    const files = group.nameFiles.get(name);
    return files !== undefined && (files.size > 1 || !files.has(file));
  }

  private join(group: Group, member: Member): void {
    group.memberCount++;
    if (group.members.length < this.maxMembers) group.members.push(member);
    if (!member.byName) group.origins.add(member.origin);
    if (member.name !== undefined) {
      group.names.add(member.name);
      if (member.byName) group.byNameNames.add(member.name);
      else {
        const files = group.nameFiles.get(member.name) ?? new Set<number>();
        files.add(member.file);
        group.nameFiles.set(member.name, files);
      }
    }
  }
}

export interface ReferenceResult {
  duplicates: DuplicateGroup[];
  duplicateCounts: Record<IdentityKind, number>;
  distinctCmidsInWindow: number;
}

/** Duplicates and the distinct CMID count of `records` (file index, record), as the Map-based audit found them. */
export function referenceAudit(files: string[], records: [number, FleetRecord][], maxMembers: number, now: number): ReferenceResult {
  const indexes = Object.fromEntries(IDENTITY_KINDS.map((kind) => [kind, new IdentityIndex(maxMembers)])) as Record<IdentityKind, IdentityIndex>;
  const predicted = new IdentityIndex(maxMembers);
  const inWindow = new Set<string>();
  for (const [fileIndex, record] of records) {
    const origin = fileIndex * LINE_SPACE + record.line;
    const name = record.machine === undefined ? undefined : machineKey(record.machine);
    const label = record.machine ?? record.label;
    const member: Member = {origin, file: fileIndex, name, byName: Boolean(record.repeated && name), label};
    if (record.sharesCmidOnClone) {
      const imageId = record.identities.machineGuid ?? record.identities.machineSid ?? record.identities.computerName;
      if (imageId) predicted.add(imageId, member);
    }
    if (!record.regenerated) {
      for (const kind of IDENTITY_KINDS) {
        const value = record.identities[kind];
        if (value === undefined || (kind === 'computerName' && record.repeated)) continue;
        indexes[kind].add(value, member);
      }
    }
    const cmid = record.identities.cmid;
    if (cmid !== undefined && (record.activatedAt === undefined || record.activatedAt >= now - COUNT_WINDOW_DAYS * DAY_MS)) inWindow.add(cmid);
  }
  const source = (origin: number): string => {
    const line = origin % LINE_SPACE;
    const file = files[Math.floor(origin / LINE_SPACE)];
    return line === 0 ? file : `${file}:${line}`;
  };
  const duplicates: DuplicateGroup[] = [];
  const duplicateCounts = {} as Record<IdentityKind, number>;
  for (const kind of IDENTITY_KINDS) {
    duplicateCounts[kind] = indexes[kind].duplicateCount;
    for (const group of indexes[kind].duplicates(source)) duplicates.push({kind, ...group});
  }
  for (const group of predicted.duplicates(source)) {
    duplicates.push({kind: 'cmid', ...group, predicted: true});
    duplicateCounts.cmid++;
  }
  return {duplicates, duplicateCounts, distinctCmidsInWindow: inWindow.size};
}

