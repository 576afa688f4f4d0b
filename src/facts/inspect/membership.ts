/**
 * Domain membership and management enrollments of the reference machine: identities every clone would share.
 *
 * - Domain: LSA's Policy object holds the primary domain's name and SID (PolPrDmN / PolPrDmS in the SECURITY
 *   hive). On a machine without a primary domain the name is the workgroup's and the SID is absent
 *   (https://learn.microsoft.com/windows/win32/secmgmt/policy-object ; POLICY_PRIMARY_DOMAIN_INFO,
 *   https://learn.microsoft.com/windows/win32/api/lsalookup/ns-lsalookup-policy_primary_domain_info). That the
 *   SID is stored as a zero-length value when absent is *inferred* (what LSA implementations write for a NULL
 *   SID); any value that parses as a SID means joined, anything else does not.
 * - MDM: SOFTWARE\Microsoft\Enrollments\<enrollment id> with a ProviderID (the default
 *   FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF entry of an unmanaged device has none).
 * - Microsoft Entra join: SYSTEM …\Control\CloudDomainJoin\JoinInfo\<certificate thumbprint>.
 * - ConfigMgr client: %windir%\SMSCFG.INI holds the client's "SMS Unique Identifier".
 * - Defender for Endpoint: …\Windows Advanced Threat Protection\Status OnboardingState = 1.
 * The registry locations of the last four are community-attested, not documented by Microsoft: *inferred*.
 */
import type {HiveApi} from '../../registry/types.js';
import type {MembershipFacts} from '../facts.js';
import {formatSid} from './sid.js';
import {readBinary, readNumber, readString} from './values.js';

export const POLICY_PRIMARY_DOMAIN_NAME = 'Policy\\PolPrDmN';
export const POLICY_PRIMARY_DOMAIN_SID = 'Policy\\PolPrDmS';
export const POLICY_DNS_DOMAIN_NAME = 'Policy\\PolDnDDN';
export const ENROLLMENTS_KEY = 'Microsoft\\Enrollments';
export const ATP_STATUS_KEY = 'Microsoft\\Windows Advanced Threat Protection\\Status';
export const CONFIGMGR_INI = 'Windows/SMSCFG.INI';
const CLOUD_JOIN = 'Control\\CloudDomainJoin\\JoinInfo';

export interface MembershipSources {
  security?: HiveApi;
  software: HiveApi;
  system: HiveApi;
  controlSet: string;
  /** Windows\SMSCFG.INI, when the image has one */
  smsCfg?: Buffer;
}

export function readMembership({security, software, system, controlSet, smsCfg}: MembershipSources): MembershipFacts {
  const sidBytes = readBinary(security, POLICY_PRIMARY_DOMAIN_SID, '');
  const primaryDomainSid = sidBytes && sidBytes.length >= 8 ? formatSid(sidBytes) : undefined;
  const facts: MembershipFacts = {
    primaryDomainName: lsaUnicodeString(readBinary(security, POLICY_PRIMARY_DOMAIN_NAME, '')),
    primaryDomainSid,
    dnsDomainName: primaryDomainSid ? lsaUnicodeString(readBinary(security, POLICY_DNS_DOMAIN_NAME, '')) : undefined,
    domainJoined: primaryDomainSid !== undefined,
    mdmEnrollments: mdmEnrollments(software),
    entraJoins: entraJoins(system, controlSet),
    configMgr: smsCfg ? {file: CONFIGMGR_INI, uniqueId: smsUniqueId(smsCfg)} : undefined,
    defenderOnboarded: readNumber(software, ATP_STATUS_KEY, 'OnboardingState') === 1 ? {orgId: readString(software, ATP_STATUS_KEY, 'OrgId')} : undefined,
  };
  for (const key of Object.keys(facts) as (keyof MembershipFacts)[]) if (facts[key] === undefined) delete facts[key];
  for (const entry of facts.mdmEnrollments) if (entry.providerId === undefined) delete entry.providerId;
  return facts;
}

/**
 * LSA stores names as a self-relative UNICODE_STRING: Length (bytes), MaximumLength, a 4-byte offset of the
 * buffer (8), then the UTF-16LE text.
 */
export function lsaUnicodeString(data: Buffer | undefined): string | undefined {
  if (!data || data.length < 8) return undefined;
  const length = data.readUInt16LE(0);
  const offset = data.readUInt32LE(4);
  if (offset < 8 || offset + length > data.length || length % 2 !== 0) return undefined;
  const text = data.subarray(offset, offset + length).toString('utf16le');
  return text === '' ? undefined : text;
}

function mdmEnrollments(software: HiveApi): MembershipFacts['mdmEnrollments'] {
  const root = software.key(ENROLLMENTS_KEY);
  if (!root) return [];
  const found: MembershipFacts['mdmEnrollments'] = [];
  for (const key of root.subkeys()) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key.name)) continue;
    const providerId = readString(software, key.path, 'ProviderID');
    if (!providerId) continue;
    const upn = readString(software, key.path, 'UPN');
    found.push(upn ? {id: key.name, providerId, upn} : {id: key.name, providerId});
  }
  return found;
}

function entraJoins(system: HiveApi, controlSet: string): MembershipFacts['entraJoins'] {
  const root = system.key(`${controlSet}\\${CLOUD_JOIN}`);
  if (!root) return [];
  return root.subkeys().map((key) => {
    const tenantId = readString(system, key.path, 'TenantId');
    return tenantId ? {id: key.name, tenantId} : {id: key.name};
  });
}

/** `SMS Unique Identifier=GUID:…` in the [Configuration - Client Properties] section. */
function smsUniqueId(data: Buffer): string | undefined {
  const text = data[0] === 0xff && data[1] === 0xfe ? data.subarray(2).toString('utf16le') : data.toString('latin1');
  const match = /^\s*SMS Unique Identifier\s*=\s*(\S[^\r\n]*?)\s*$/im.exec(text);
  return match?.[1];
}
