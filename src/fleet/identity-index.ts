/**
 * Per-identity index: value → the machines seen with it. A value seen once costs its 16-byte digest and a
 * row number (digest-table.ts); only a value held by two machines becomes a group, which keeps the value
 * itself, the first `maxMembers` rows and what it needs to tell machines apart.
 */
import {detach} from './detach.js';
import {DigestTable} from './digest-table.js';
import type {MemberTable} from './member-table.js';
import type {DuplicateMember} from './types.js';

interface Group {
  value: string;
  /** Row of the value's first member: rows are numbered in record order, which the report keeps. */
  firstRow: number;
  /** Rows of the first `maxMembers` members. */
  rows: number[];
  memberCount: number;
  /** Origins of members not known by name. */
  origins: Set<number>;
  names: Set<string>;
  byNameNames: Set<string>;
  /** The files each name was seen in, among members not known by name. */
  nameFiles: Map<string, Set<number>>;
}

/** Payload of a value only marked, held by no member yet. */
const UNHELD = 0x7fff_ffff;

export class IdentityIndex {
  private readonly table = new DigestTable();
  private readonly groups: Group[] = [];

  constructor(
    private readonly members: MemberTable,
    private readonly maxMembers: number,
  ) {}

  /**
   * Note that the observation in `row` (whose machine name key is `name`) holds `value`, and mark the value
   * when `mark` (the CMIDs a KMS host counts now). Returns whether the index kept `row`; when no index did,
   * the caller may drop it.
   */
  add(value: string, row: number, name: string | undefined, mark = false): boolean {
    const entry = this.table.upsert(value, row);
    if (mark) this.table.mark(entry);
    if (this.table.added) return true;
    const held = this.table.payload(entry);
    if (held === UNHELD) {
      this.table.setPayload(entry, row);
      return true;
    }
    if (held >= 0) {
      if (this.sameMachine(held, row, name)) return false;
      const group: Group = {value: detach(value), firstRow: held, rows: [], memberCount: 0, origins: new Set(), names: new Set(), byNameNames: new Set(), nameFiles: new Map()};
      this.join(group, held, this.members.name(held));
      this.join(group, row, name);
      this.groups.push(group);
      // Negative payloads number groups: -1 is groups[0].
      this.table.setPayload(entry, -this.groups.length);
      return true;
    }
    const group = this.groups[-held - 1];
    const known = this.members.byName(row)
      ? group.names.has(name!)
      : group.origins.has(this.members.origin(row)) || (name !== undefined && nameKnown(group, name, this.members.file(row)));
    return !known && this.join(group, row, name);
  }

  /** Mark `value` without a member: seen on an observation whose identities are not compared (regenerated). */
  markOnly(value: string): void {
    this.table.mark(this.table.upsert(value, UNHELD));
  }

  /** Distinct values marked. */
  get markedCount(): number {
    return this.table.markedCount;
  }

  get duplicateCount(): number {
    return this.groups.length;
  }

  get size(): number {
    return this.table.size;
  }

  /** Values held by more than one machine in first-seen order, with their members (at most maxMembers listed each). */
  *duplicates(source: (origin: number) => string): Generator<{value: string; memberCount: number; members: DuplicateMember[]}> {
    for (const group of [...this.groups].sort((a, b) => a.firstRow - b.firstRow)) {
      yield {
        value: group.value,
        memberCount: group.memberCount,
        members: group.rows.map((row) => {
          const label = this.members.label(row);
          const at = source(this.members.origin(row));
          return label === undefined ? {source: at} : {source: at, machine: label};
        }),
      };
    }
  }

  /**
   * Same machine: the same name where either side names machines by name (events); else the same
   * observation, or the same live name reported by two different files (an inventory and slmgr output).
   * Rows of one file are distinct machines even when named alike: that is a duplicate computer name.
   */
  private sameMachine(held: number, row: number, name: string | undefined): boolean {
    const members = this.members;
    if (members.byName(held) || members.byName(row)) return name !== undefined && members.name(held) === name;
    if (members.origin(held) === members.origin(row)) return true;
    return name !== undefined && members.name(held) === name && members.file(held) !== members.file(row);
  }

  /** Add a member to a group; true when its row is listed. */
  private join(group: Group, row: number, name: string | undefined): boolean {
    group.memberCount++;
    const listed = group.rows.length < this.maxMembers;
    if (listed) group.rows.push(row);
    const byName = this.members.byName(row);
    if (!byName) group.origins.add(this.members.origin(row));
    if (name !== undefined) {
      const kept = detach(name);
      group.names.add(kept);
      if (byName) group.byNameNames.add(kept);
      else {
        const files = group.nameFiles.get(kept) ?? new Set<number>();
        files.add(this.members.file(row));
        group.nameFiles.set(kept, files);
      }
    }
    return listed;
  }
}

function nameKnown(group: Group, name: string, file: number): boolean {
  if (group.byNameNames.has(name)) return true;
  const files = group.nameFiles.get(name);
  return files !== undefined && (files.size > 1 || !files.has(file));
}
