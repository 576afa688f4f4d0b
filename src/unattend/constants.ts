/** Names, namespaces and attribute values of Windows answer files (docs/reference/answer-files.md#envelope, docs/reference/answer-files.md#passes). */

export const UNATTEND_NS = 'urn:schemas-microsoft-com:unattend';
export const WCM_NS = 'http://schemas.microsoft.com/WMIConfig/2002/State';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** Configuration passes in the order Setup runs them (docs/reference/answer-files.md#passes); new <settings> follow this order. */
export const UNATTEND_PASSES = [
  'windowsPE',
  'offlineServicing',
  'generalize',
  'specialize',
  'auditSystem',
  'auditUser',
  'oobeSystem',
] as const;

export type UnattendPass = (typeof UNATTEND_PASSES)[number];

/** processorArchitecture values (docs/reference/answer-files.md#envelope). */
export const UNATTEND_ARCHITECTURES = ['x86', 'amd64', 'arm64', 'wow64', 'ia64'] as const;
export type UnattendArch = (typeof UNATTEND_ARCHITECTURES)[number];

/** The attributes every Microsoft component carries besides name and architecture (docs/reference/answer-files.md#envelope). */
export const COMPONENT_ATTRIBUTES = {
  publicKeyToken: '31bf3856ad364e35',
  language: 'neutral',
  versionScope: 'nonSxS',
} as const;

export const isUnattendPass = (value: string): value is UnattendPass => (UNATTEND_PASSES as readonly string[]).includes(value);
