/**
 * The shapes the fleet audit works with: one normalized record per observation of a machine, whatever
 * the input format, and the report the audit returns.
 */

import type {Integer} from '../json-types.js';

/** Identities that must be unique per machine (docs/reference/generalization.md#identities, docs/reference/generalization.md#clone-problems). */
export const IDENTITY_KINDS = ['cmid', 'machineSid', 'machineGuid', 'susClientId', 'dhcpv6Duid', 'computerName'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export type InputFormat = 'image' | 'fingerprint' | 'slmgr-dlv' | 'events-csv' | 'events-xml' | 'inventory-csv';

export type OsKind = 'client' | 'server';

/** One observation of one machine, with identities already normalized (see normalize.ts). */
export interface FleetRecord {
  /** 1-based line where the record starts in its file (0 for a whole image). */
  line: number;
  /** Computer name or FQDN of a live machine, when the input names it (events, slmgr, inventories). */
  machine?: string;
  /** Display name where the name does not tell machines apart (an image's name is every clone's). */
  label?: string;
  identities: Partial<Record<IdentityKind, string>>;
  /** A generalized or resealed image: its identities are regenerated at first boot, clones are not duplicates. */
  regenerated?: boolean;
  /** Such an image keeps SkipRearm=1: its clones will all share one CMID (docs/reference/generalization.md#rearm, docs/reference/generalization.md#pitfalls). */
  sharesCmidOnClone?: boolean;
  osKind?: OsKind;
  /** When the machine was seen activating against a KMS host (ms since the epoch). */
  activatedAt?: number;
  /** The machine reports its KMS activation ran out (slmgr license status), with that status. */
  activationExpired?: string;
  /** The KMS host the machine uses or last used (slmgr "KMS machine name from DNS"/"Registered KMS machine name"). */
  kmsHost?: string;
  /** slmgr "Remaining Windows rearm count". */
  rearmsLeft?: number;
  /** Repeated observations of the same machine (events) rather than one row per machine. */
  repeated?: boolean;
}

/** What a reader yields: a record, or a row it could not read (collected, never fatal). */
export type ReaderItem = {record: FleetRecord} | {error: {line: number; message: string}};

export interface RowError {
  file: string;
  line: Integer;
  message: string;
}

export interface DuplicateMember {
  /** file:line of the observation */
  source: string;
  machine?: string;
}

export interface DuplicateGroup {
  kind: IdentityKind;
  value: string;
  /** Distinct machines sharing the value. */
  memberCount: Integer;
  members: DuplicateMember[];
  /**
   * Predicted rather than observed: clones of one image that is not generalized, or keeps SkipRearm=1, will
   * share one CMID. `value` is then the image's MachineGuid (or machine SID, or computer name), not a CMID.
   */
  predicted?: boolean;
}

export interface ThresholdCheck {
  kind: OsKind;
  threshold: Integer;
  met: boolean;
  /** More distinct CMIDs the host must see before it activates this kind. */
  needed: Integer;
}

export interface KmsProjection {
  /** Whether any input carries CMIDs; the thresholds are judged only then. */
  carriesCmids: boolean;
  /** Distinct CMIDs seen within the window, as a host counts them, capped. */
  projectedCount: Integer;
  distinctCmidsInWindow: Integer;
  windowDays: Integer;
  cap: Integer;
  thresholds: ThresholdCheck[];
  /** KMS hosts the machines report using (slmgr), with how many machines use each. */
  hosts: {host: string; machines: Integer}[];
}

export interface StaleClient {
  machine: string;
  source: string;
  /** ISO time of the last activation seen, when the input dates it. */
  lastActivation?: string;
  daysSince?: Integer;
  /** License status reported by the machine itself (slmgr), when that is the evidence. */
  status?: string;
}

/** A machine that cannot rearm again: slmgr /rearm cannot give it a new CMID (docs/reference/generalization.md#rearm, 0xC004D307 in docs/reference/activation-errors.md#error-codes). */
export interface RearmExhausted {
  machine: string;
  source: string;
}

export interface InputSummary {
  file: string;
  format: InputFormat;
  records: Integer;
  errors: Integer;
}

export interface FleetReport {
  now: string;
  inputs: InputSummary[];
  /** Files in input folders that are no known format. */
  skipped: {file: string; reason: string}[];
  records: Integer;
  /** Records skipped for duplicates because their identities regenerate at first boot. */
  regenerated: Integer;
  duplicates: DuplicateGroup[];
  duplicateCounts: Record<IdentityKind, Integer>;
  kms: KmsProjection;
  stale: {validityDays: Integer; count: Integer; clients: StaleClient[]};
  rearmExhausted: {count: Integer; clients: RearmExhausted[]};
  errors: {count: Integer; rows: RowError[]};
  /** No duplicates and no unmet threshold. */
  passed: boolean;
}
