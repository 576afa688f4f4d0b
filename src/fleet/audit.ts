/**
 * The fleet audit (issue 9): stream every input once, keep per-identity digest indexes, then report duplicate
 * identities, the KMS count a host would project, clients past their 180-day activation, and row errors.
 */
import {ACTIVATION_VALIDITY_DAYS, COUNT_WINDOW_DAYS, KMS_COUNT_CAP, thresholdFor} from '../licensing/defaults.js';
import {detach} from './detach.js';
import {IdentityIndex} from './identity-index.js';
import {openInputs, type SkippedInput} from './inputs.js';
import {LatestActivations} from './latest-activations.js';
import {LINE_SPACE, MemberTable} from './member-table.js';
import {machineKey} from './normalize.js';
import {
  IDENTITY_KINDS,
  type DuplicateGroup,
  type FleetRecord,
  type FleetReport,
  type IdentityKind,
  type InputSummary,
  type KmsProjection,
  type OsKind,
  type RearmExhausted,
  type RowError,
  type StaleClient,
} from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** In server-only environments the host's displayed count stops at 10 (docs/reference/kms.md#thresholds). */
const SERVER_ONLY_CAP = 10;

export interface AuditOptions {
  /** The time the audit judges windows against (default: now). */
  now?: Date | number;
  /** Members listed per duplicate group (all are counted). */
  maxMembers?: number;
  /** Row errors and stale clients listed (all are counted). */
  maxListed?: number;
  /** Called after each input with its summary (for progress). */
  onInput?: (summary: InputSummary) => void;
}

export async function auditFleet(inputs: string[], options: AuditOptions = {}): Promise<FleetReport> {
  // Open (and detect) every input first, so a bad path fails before minutes of work.
  const {inputs: opened, skipped} = await openInputs(inputs);
  const audit = new FleetAudit(opened.map((o) => o.file), options);
  const summaries: InputSummary[] = [];
  for (const [fileIndex, input] of opened.entries()) {
    const summary: InputSummary = {file: input.file, format: input.format, records: 0, errors: 0};
    for await (const item of input.items()) {
      if ('record' in item) {
        summary.records++;
        audit.add(fileIndex, item.record);
      } else {
        summary.errors++;
        audit.addError(fileIndex, item.error.line, item.error.message);
      }
    }
    summaries.push(summary);
    options.onInput?.(summary);
  }
  return audit.report(summaries, skipped);
}

/**
 * The streaming state of one audit: feed it records, then ask for the report. Memory grows only with
 * distinct identity values (a digest and a row each) and with the duplicates found.
 */
export class FleetAudit {
  private readonly now: number;
  private readonly maxListed: number;
  /** The observations the indexes point at. */
  private readonly members = new MemberTable();
  private readonly indexes: Record<IdentityKind, IdentityIndex>;
  /** CMIDs that clones of one image will share (images with SkipRearm=1 or not generalized). */
  private readonly predictedCmids: IdentityIndex;
  private readonly cmidKinds = new Set<OsKind | 'unknown'>();
  private readonly lastActivation = new LatestActivations();
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
    options: AuditOptions = {},
  ) {
    this.now = options.now === undefined ? Date.now() : Number(options.now);
    this.staleBefore = this.now - ACTIVATION_VALIDITY_DAYS * DAY_MS;
    this.maxListed = options.maxListed ?? 1000;
    const maxMembers = options.maxMembers ?? 1000;
    this.indexes = Object.fromEntries(IDENTITY_KINDS.map((kind) => [kind, new IdentityIndex(this.members, maxMembers)])) as Record<IdentityKind, IdentityIndex>;
    this.predictedCmids = new IdentityIndex(this.members, maxMembers);
  }

  add(fileIndex: number, record: FleetRecord): void {
    this.records++;
    const origin = fileIndex * LINE_SPACE + record.line;
    const name = record.machine === undefined ? undefined : machineKey(record.machine);
    const label = record.machine ?? record.label;
    // One row per observation, dropped again unless an index keeps it (a value seen for the first time).
    const row = this.members.add(origin, label, record.machine !== undefined, Boolean(record.repeated && name));
    let kept = false;
    if (record.sharesCmidOnClone) {
      // The image's own identity stands for the CMID its clones will share (docs/reference/generalization.md#rearm, docs/reference/generalization.md#pitfalls).
      const imageId = record.identities.machineGuid ?? record.identities.machineSid ?? record.identities.computerName;
      if (imageId) kept = this.predictedCmids.add(imageId, row, name) || kept;
    }
    const cmid = record.identities.cmid;
    // Undated observations (inventories, slmgr) are counted as current; the CMID index marks what a host counts.
    const inWindow = cmid !== undefined && (record.activatedAt === undefined || record.activatedAt >= this.now - COUNT_WINDOW_DAYS * DAY_MS);
    if (cmid !== undefined) this.cmidKinds.add(record.osKind ?? 'unknown');
    if (record.regenerated) {
      this.regenerated++;
      if (inWindow) this.indexes.cmid.markOnly(cmid);
    } else {
      for (const kind of IDENTITY_KINDS) {
        const value = record.identities[kind];
        if (value === undefined) continue;
        // A computer name is only a duplicate across machines, never across one machine's events.
        if (kind === 'computerName' && record.repeated) continue;
        kept = this.indexes[kind].add(value, row, name, kind === 'cmid' && inWindow) || kept;
      }
    }
    if (!kept) this.members.dropLast();
    if (record.activatedAt !== undefined) {
      if (name === undefined) {
        // An unnamed observation is its machine's only one: judge it now rather than keep it.
        if (record.activatedAt < this.staleBefore) this.addStale(this.staleClient(origin, label === undefined ? '' : detach(label), record.activatedAt));
      } else {
        this.lastActivation.note(name, record.activatedAt, origin, label ?? '');
      }
    }
    if (record.kmsHost !== undefined) this.kmsHosts.set(record.kmsHost, (this.kmsHosts.get(record.kmsHost) ?? 0) + 1);
    if (record.rearmsLeft === 0) {
      this.rearmExhaustedCount++;
      if (this.rearmExhausted.length < this.maxListed) this.rearmExhausted.push({machine: label === undefined ? '' : detach(label), source: this.source(origin)});
    }
    if (record.activationExpired) {
      this.addStale({machine: label === undefined ? '' : detach(label), source: this.source(origin), status: record.activationExpired});
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

  report(inputs: InputSummary[], skipped: SkippedInput[] = []): FleetReport {
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
    const distinct = this.indexes.cmid.markedCount;
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
    for (const seen of this.lastActivation) {
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
