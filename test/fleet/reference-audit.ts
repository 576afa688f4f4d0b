/**
 * Purpose: a frozen differential oracle for the fleet audit's typed-array rewrite. This is the audit as it was
 * before identity values became 16-byte digests in typed-array tables (one Map<string, object> per identity,
 * easy to read and obviously right, but ~200 bytes per value). It is kept verbatim but for imports and names,
 * and test/fleet/audit-equivalence.test.ts asserts that src/fleet/audit.ts gives the same whole report as this
 * one on any generated fleet. Do not optimise or "fix" it: change it only when the audit's intended behaviour
 * changes, in the same commit, so the two still disagree only where a bug does. Not shipped (test code only).
 */
import {ACTIVATION_VALIDITY_DAYS, COUNT_WINDOW_DAYS, KMS_COUNT_CAP, thresholdFor} from '../../src/licensing/defaults.js';
import {machineKey} from '../../src/fleet/normalize.js';
import {
  IDENTITY_KINDS,
  type DuplicateGroup,
  type DuplicateMember,
  type FleetRecord,
  type FleetReport,
  type IdentityKind,
  type InputSummary,
  type KmsProjection,
  type OsKind,
  type RearmExhausted,
  type RowError,
  type StaleClient,
} from '../../src/fleet/types.js';

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

const DAY_MS = 24 * 60 * 60 * 1000;
/** Origins pack file index and line into one number: file × 2^32 + line. */
const LINE_SPACE = 0x1_0000_0000;
/** In server-only environments the host's displayed count stops at 10 (docs/reference/kms.md#thresholds). */
const SERVER_ONLY_CAP = 10;

/**
 * A copy of `text` that does not share memory with the chunk it was cut from: V8 keeps substrings as views
 * of their parent, so one kept name would otherwise keep a whole 64 KB read buffer alive.
 */
const detach = (text: string): string => (text.length < 13 ? text : (' ' + text).slice(1));

/** The streaming state of one audit: feed it records, then ask for the report. */
export class ReferenceAudit {
  private readonly now: number;
  private readonly maxListed: number;
  private readonly indexes: Record<IdentityKind, IdentityIndex>;
  /** CMIDs that clones of one image will share (images with SkipRearm=1 or not generalized). */
  private readonly predictedCmids: IdentityIndex;
  private readonly cmidsInWindow = new Set<string>();
  private readonly cmidKinds = new Set<OsKind | 'unknown'>();
  /** Latest activation per named machine (events repeat a machine; the latest one counts). */
  private readonly lastActivation = new Map<string, {at: number; origin: number; label: string}>();
  private readonly stale: StaleClient[] = [];
  private staleCount = 0;
  private readonly staleBefore: number;
  private readonly kmsHosts = new Map<string, number>();
  private readonly rearmExhausted: RearmExhausted[] = [];
  private rearmExhaustedCount = 0;
  private readonly errors: RowError[] = [];
  private errorCount = 0;
  private records = 0;
  private regenerated = 0;

  constructor(
    private readonly files: string[],
    options: {now?: number; maxMembers?: number; maxListed?: number} = {},
  ) {
    this.now = options.now === undefined ? Date.now() : Number(options.now);
    this.staleBefore = this.now - ACTIVATION_VALIDITY_DAYS * DAY_MS;
    this.maxListed = options.maxListed ?? 1000;
    const maxMembers = options.maxMembers ?? 1000;
    this.indexes = Object.fromEntries(IDENTITY_KINDS.map((kind) => [kind, new IdentityIndex(maxMembers)])) as Record<IdentityKind, IdentityIndex>;
    this.predictedCmids = new IdentityIndex(maxMembers);
  }

  add(fileIndex: number, record: FleetRecord): void {
    this.records++;
    const origin = fileIndex * LINE_SPACE + record.line;
    const name = record.machine === undefined ? undefined : detach(machineKey(record.machine));
    const label = record.machine ?? record.label;
    const member: Member = {origin, file: fileIndex, name, byName: Boolean(record.repeated && name), label: label === undefined ? undefined : detach(label)};
    if (record.sharesCmidOnClone) {
      // The image's own identity stands for the CMID its clones will share (docs/reference/generalization.md#rearm, docs/reference/generalization.md#pitfalls).
      const imageId = record.identities.machineGuid ?? record.identities.machineSid ?? record.identities.computerName;
      if (imageId) this.predictedCmids.add(detach(imageId), member);
    }
    if (record.regenerated) {
      this.regenerated++;
    } else {
      for (const kind of IDENTITY_KINDS) {
        const raw = record.identities[kind];
        if (raw === undefined) continue;
        const value = detach(raw);
        // A computer name is only a duplicate across machines, never across one machine's events.
        if (kind === 'computerName' && record.repeated) continue;
        this.indexes[kind].add(value, member);
      }
    }
    const cmid = record.identities.cmid === undefined ? undefined : detach(record.identities.cmid);
    if (cmid !== undefined) {
      this.cmidKinds.add(record.osKind ?? 'unknown');
      // Undated observations (inventories, slmgr) are counted as current.
      if (record.activatedAt === undefined || record.activatedAt >= this.now - COUNT_WINDOW_DAYS * DAY_MS) this.cmidsInWindow.add(cmid);
    }
    if (record.activatedAt !== undefined) {
      if (name === undefined) {
        // An unnamed observation is its machine's only one: judge it now rather than keep it.
        if (record.activatedAt < this.staleBefore) this.addStale(this.staleClient(origin, member.label ?? '', record.activatedAt));
      } else {
        const seen = this.lastActivation.get(name);
        if (!seen || seen.at < record.activatedAt) this.lastActivation.set(name, {at: record.activatedAt, origin, label: member.label ?? ''});
      }
    }
    if (record.kmsHost !== undefined) this.kmsHosts.set(record.kmsHost, (this.kmsHosts.get(record.kmsHost) ?? 0) + 1);
    if (record.rearmsLeft === 0) {
      this.rearmExhaustedCount++;
      if (this.rearmExhausted.length < this.maxListed) this.rearmExhausted.push({machine: member.label ?? '', source: this.source(origin)});
    }
    if (record.activationExpired) {
      this.addStale({machine: member.label ?? '', source: this.source(origin), status: record.activationExpired});
    }
  }

  private addStale(client: StaleClient): void {
    this.staleCount++;
    if (this.stale.length < this.maxListed) this.stale.push(client);
  }

  private staleClient(origin: number, machine: string, at: number): StaleClient {
    return {machine, source: this.source(origin), lastActivation: new Date(at).toISOString(), daysSince: Math.floor((this.now - at) / DAY_MS)};
  }

  addError(fileIndex: number, line: number, message: string): void {
    this.errorCount++;
    if (this.errors.length < this.maxListed) this.errors.push({file: this.files[fileIndex], line, message});
  }

  report(inputs: InputSummary[], skipped: {file: string; reason: string}[] = []): FleetReport {
    const source = (origin: number): string => this.source(origin);
    const duplicates: DuplicateGroup[] = [];
    const duplicateCounts = {} as Record<IdentityKind, number>;
    for (const kind of IDENTITY_KINDS) {
      duplicateCounts[kind] = this.indexes[kind].duplicateCount;
      for (const group of this.indexes[kind].duplicates(source)) duplicates.push({kind, ...group});
    }
    for (const group of this.predictedCmids.duplicates(source)) {
      duplicates.push({kind: 'cmid', ...group, predicted: true});
      duplicateCounts.cmid++;
    }
    const kms = this.projection();
    const stale = this.staleClients();
    return {
      now: new Date(this.now).toISOString(),
      inputs,
      skipped,
      records: this.records,
      regenerated: this.regenerated,
      duplicates,
      duplicateCounts,
      kms,
      stale,
      rearmExhausted: {count: this.rearmExhaustedCount, clients: this.rearmExhausted},
      errors: {count: this.errorCount, rows: this.errors},
      passed: duplicates.length === 0 && kms.thresholds.every((check) => check.met),
    };
  }

  private projection(): KmsProjection {
    const carriesCmids = this.cmidKinds.size > 0;
    const serverOnly = carriesCmids && [...this.cmidKinds].every((kind) => kind === 'server');
    // The host keeps the 50 most recent CMIDs; a server-only host shows at most 10 (docs/reference/kms.md#thresholds).
    const cap = serverOnly ? SERVER_ONLY_CAP : KMS_COUNT_CAP;
    const distinct = this.cmidsInWindow.size;
    const projectedCount = Math.min(distinct, cap);
    const kinds: OsKind[] = [];
    if (this.cmidKinds.has('client') || this.cmidKinds.has('unknown')) kinds.push('client');
    if (this.cmidKinds.has('server')) kinds.push('server');
    const thresholds = carriesCmids
      ? kinds.map((kind) => {
          const threshold = thresholdFor(kind);
          return {kind, threshold, met: projectedCount >= threshold, needed: Math.max(0, threshold - projectedCount)};
        })
      : [];
    const hosts = [...this.kmsHosts].map(([host, machines]) => ({host, machines})).sort((a, b) => b.machines - a.machines || a.host.localeCompare(b.host));
    return {carriesCmids, projectedCount, distinctCmidsInWindow: distinct, windowDays: COUNT_WINDOW_DAYS, cap, thresholds, hosts};
  }

  private staleClients(): FleetReport['stale'] {
    const clients: StaleClient[] = [...this.stale];
    let count = this.staleCount;
    for (const seen of this.lastActivation.values()) {
      if (seen.at >= this.staleBefore) continue;
      count++;
      if (clients.length < this.maxListed) clients.push(this.staleClient(seen.origin, seen.label, seen.at));
    }
    return {validityDays: ACTIVATION_VALIDITY_DAYS, count, clients};
  }

  private source(origin: number): string {
    const file = this.files[Math.floor(origin / LINE_SPACE)];
    const line = origin % LINE_SPACE;
    return line === 0 ? file : `${file}:${line}`;
  }
}
