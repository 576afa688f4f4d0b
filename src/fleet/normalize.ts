/**
 * One spelling per identity, so that `{3C1B…}` and `3c1b…` are the same CMID, and a reason when a
 * value is not an identity at all (reported as a row error by the readers).
 */
import type {IdentityKind} from './types.js';

const GUID = /^\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;
// Machine (account-domain) SIDs are S-1-5-21-a-b-c (docs/reference/generalization.md#machine-sid).
const SID = /^S-1-5-21-(\d{1,10})-(\d{1,10})-(\d{1,10})$/i;
const HEX = /^[0-9a-f]+$/i;
// NetBIOS names are at most 15 characters (docs/reference/answer-files.md#settings, ComputerName); DNS host labels up to 63.
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,253}$/;

export type Normalized = {value: string} | {invalid: string} | undefined;

/** Normalize one identity value; undefined for an empty value. */
export function normalizeIdentity(kind: IdentityKind, raw: string | undefined): Normalized {
  const text = raw?.trim();
  if (!text) return undefined;
  switch (kind) {
    case 'cmid':
    case 'machineGuid':
    case 'susClientId': {
      // Most inputs already hold the normalized spelling: keep it without cutting and joining.
      if (isNormalGuid(text)) return {value: text};
      const m = GUID.exec(text);
      if (!m) return {invalid: `${LABELS[kind]} "${clip(text)}" is not a GUID`};
      const guid = m.slice(1).join('-').toLowerCase();
      // The all-zero GUID is what an unset CMID reads as; it identifies nothing.
      return /^[0-]+$/.test(guid) ? undefined : {value: guid};
    }
    case 'machineSid': {
      const m = SID.exec(text);
      if (!m || m.slice(1).some((part) => Number(part) > 0xffffffff)) return {invalid: `machine SID "${clip(text)}" is not S-1-5-21-a-b-c`};
      return {value: `S-1-5-21-${m[1]}-${m[2]}-${m[3]}`};
    }
    case 'dhcpv6Duid': {
      const hex = text.replace(/[\s:-]/g, '');
      if (!HEX.test(hex) || hex.length % 2 !== 0 || hex.length < 8) return {invalid: `DHCPv6 DUID "${clip(text)}" is not hex bytes`};
      return {value: hex.toLowerCase()};
    }
    case 'computerName': {
      if (!NAME.test(text)) return {invalid: `computer name "${clip(text)}" is not a host name`};
      return {value: shortName(text).toUpperCase()};
    }
  }
}

/** Lower-case 8-4-4-4-12 hex with dashes, not all zero. */
function isNormalGuid(text: string): boolean {
  if (text.length !== 36) return false;
  let nonZero = false;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (c > 48 && c <= 57) nonZero = true;
    else if (c >= 97 && c <= 102) nonZero = true;
    else if (c !== 48) return false;
  }
  return nonZero;
}

/** The host part of an FQDN: clients are named pc01.corp.example by events and PC01 by inventories. */
export const shortName = (name: string): string => {
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
};

/** The key one machine is known by across sources (case-insensitive short name). */
export const machineKey = (name: string): string => shortName(name.trim()).toLowerCase();

export const LABELS: Record<IdentityKind, string> = {
  cmid: 'CMID',
  machineSid: 'machine SID',
  machineGuid: 'MachineGuid',
  susClientId: 'SusClientId',
  dhcpv6Duid: 'DHCPv6 DUID',
  computerName: 'computer name',
};

const clip = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
