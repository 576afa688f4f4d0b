/**
 * Activation error codes: symbol, meaning, likely causes and what to check, after Microsoft's list
 * (https://learn.microsoft.com/troubleshoot/windows-server/licensing-and-activation/troubleshoot-activation-error-codes).
 * Symbols come from the Windows SDK slerror.h/winerror.h as the reference lists them; "—" there means none is known.
 */
import type {Integer} from '../json-types.js';
import {CLIENT_THRESHOLD, KMS_DEFAULT_PORT, SERVER_THRESHOLD} from './defaults.js';

export interface ActivationErrorCode {
  /** Unsigned 32-bit value. */
  code: Integer;
  /** Canonical text, e.g. 0xC004F038. */
  hex: string;
  symbol?: string;
  meaning: string;
  causes: string[];
  checks: string[];
}

type Spec = [code: number, symbol: string | undefined, meaning: string, causes: string[], checks: string[]];

const hexOf = (code: number): string => `0x${code.toString(16).toUpperCase().padStart(8, '0')}`;

const SPECS: Spec[] = [
  [
    0xc004f038,
    'SL_E_VL_NOT_ENOUGH_COUNT',
    `The KMS host's count is below the activation threshold (${CLIENT_THRESHOLD} for client OSes, ${SERVER_THRESHOLD} for server OSes and Office).`,
    [
      'Duplicate client machine IDs (CMIDs): clones of an image that was never generalized, or generalized with SkipRearm=1, all count as one client.', // docs/reference/generalization.md#rearm, docs/reference/generalization.md#clone-problems
      `Simply too few distinct clients contacted the host within 30 days (${CLIENT_THRESHOLD} client / ${SERVER_THRESHOLD} server).`,
    ],
    [
      'Compare the CMID in `slmgr /dli` on two clients, or the CMID field of event 12290 on the host; equal CMIDs mean duplicates.',
      'Check the image: `winprep image validate` (generalized? SkipRearm left at 1?).',
      'Fix generalized clones with `slmgr /rearm` and a reboot; otherwise rebuild the image with a real generalize.',
    ],
  ],
  [
    0xc004f039,
    'SL_E_VL_BINDING_SERVICE_NOT_ENABLED',
    'The KMS host is not enabled or did not respond.',
    [`A firewall blocks TCP ${KMS_DEFAULT_PORT} (or the configured port) to the host.`, 'The host\'s KMS service is not running.'],
    [`Test the TCP connection to the host on port ${KMS_DEFAULT_PORT}.`, 'On the host: `slmgr /dlv` and the Key Management Service event log.'],
  ],
  [
    0xc004f041,
    'SL_E_VL_KEY_MANAGEMENT_SERVICE_NOT_ACTIVATED',
    'The KMS host itself is not activated.',
    ['The host key (CSVLK) was installed but the host was never activated with Microsoft.'],
    ['On the host: `slmgr /dlv`, then `slmgr /ato`.'],
  ],
  [
    0xc004f042,
    'SL_E_VL_KEY_MANAGEMENT_SERVICE_ID_MISMATCH',
    'The specified KMS host cannot be used for this product.',
    ["The host key doesn't cover this product (e.g. an older CSVLK, or a Windows 10 CSVLK asked to activate Server).", 'An application (Office) KMS host was asked to activate Windows, or the reverse.'],
    ['Check the host key group against the client product (KMS host-to-client support matrix).', 'Point the client at the right host: `winprep kms client set --host`.'],
  ],
  [
    0xc004f074,
    'SL_E_VL_BINDING_SERVICE_UNAVAILABLE',
    'No Key Management Service (KMS) could be contacted: all the KMS host systems the client tried returned errors.',
    [
      'All the KMS host systems the client tried to contact returned errors (Microsoft\'s wording): read the host\'s 12290 and the client\'s 12288 events for the error each returned.',
      'No _vlmcs._tcp SRV record in the client\'s DNS domain, a wrong configured host, or a host that is unreachable (TCP 1688 blocked).',
    ],
    ['Read the client\'s 12288 events: 12288 without a following 12289 means the host never replied.', 'Check the SRV record with `winprep dns discover` and the configured host in the image.'],
  ],
  [
    0xc004f06c,
    'SL_E_VL_INVALID_TIMESTAMP',
    'The client and KMS host clocks differ too much.',
    ['Clock skew between client and host (compared in UTC, so time zones do not matter).'],
    ['Synchronise client and host time (w32tm) and retry.'],
  ],
  [
    0xc004f035,
    'SL_E_VL_NOT_WINDOWS_SLP',
    'This volume edition needs a qualifying OS (a BIOS marker) to use KMS.',
    ['Windows 7 volume-licence media on a PC without a qualifying OEM licence.'],
    ['Use a MAK or retail key on such machines.'],
  ],
  [
    0xc004f050,
    'SL_E_INVALID_PRODUCT_KEY',
    'The product key is invalid.',
    ['A typo, a beta key, or typographic dashes pasted instead of hyphens.'],
    ['Compare the key with `winprep kms keys --edition <EditionID>`; retype it with plain hyphens.'],
  ],
  [0xc004f051, 'SL_E_BLOCKED_PRODUCT_KEY', 'The product key is blocked.', ['The key was blocked by Microsoft.'], ['Use another licensed key.']],
  [
    0xc004f015,
    'SL_E_PRODUCT_SKU_NOT_INSTALLED',
    'The licence is not installed.',
    [
      'A Windows 10 client against a 2012 R2 / 2008 R2 host with an old CSVLK (the host\'s 12290 event shows 0xC004F042).',
      'A GVLK injected into an Evaluation image.',
    ],
    ['Update the host\'s CSVLK or use a newer host.', 'Check the image edition (EditionID) is not an Evaluation edition.'],
  ],
  [
    0xc004f014,
    'SL_E_PKEY_NOT_INSTALLED',
    'No product key is installed.',
    ['The image was built without a key.'],
    ['Install the GVLK for the edition: `slmgr /ipk <key>`; `winprep kms keys` lists them (volume media may hold it in sources\\pid.txt).'],
  ],
  [0xc004f009, undefined, 'The grace period has expired (notification state).', ['The machine was not activated within its grace period.'], ['Activate: `slmgr /ato`.']],
  [
    0xc004f00f,
    undefined,
    'Hardware binding is out of tolerance.',
    ['The hardware changed too much since activation.'],
    ['For KMS clients run `slmgr /ato` or restart the machine.'],
  ],
  [0xc004c003, 'SL_E_CHPA_PRODUCT_KEY_BLOCKED', 'The activation server reports the key as blocked (MAK).', ['The MAK was blocked.'], ['Use another MAK.']],
  [
    0xc004c008,
    undefined,
    'The KMS host key activation limit was exceeded.',
    ['A CSVLK activates up to 6 KMS hosts, each 9 more times ("10 times on no more than six computers").'],
    ['Contact the Microsoft licensing activation centre for more activations.'],
  ],
  [0xc004c020, undefined, 'The MAK activation limit was exceeded.', ['The Multiple Activation Key has been used up.'], ['Request more activations or a new MAK.']],
  [0xc004c021, undefined, 'The MAK extension limit was exceeded.', ['The Multiple Activation Key extension limit was reached.'], ['Request more activations or a new MAK.']],
  [
    0xc004d307,
    'SL_REMAPPING_SP_PUB_TS_MAX_REARM_REACHED',
    'The maximum number of rearms has been exceeded; reinstall the OS.',
    ['Vista/7 allow about 3 rearms (sysprep /generalize also rearms); repeated generalize of one image exhausted them.'], // docs/reference/generalization.md#rearm
    ['Rebuild the reference image from media; on Vista/7 set SkipRearm=1 only in intermediate captures, never in the final image.'],
  ],
  [
    0xc004f06b,
    'SL_E_VL_KEY_MANAGEMENT_SERVICE_VM_NOT_SUPPORTED',
    'The KMS host is not supported in a virtual machine (legacy).',
    ['An old KMS host version running in a VM.'],
    ['Run the KMS host on a supported version.'],
  ],
  [
    0x8007232a,
    'DNS_ERROR_RCODE_SERVER_FAILURE',
    'DNS server failure (host publishing its SRV record, or client lookup).',
    ['The DNS server failed or refused the query or update.'],
    ['Check the DNS server; `winprep dns check` queries the _vlmcs._tcp record.'],
  ],
  [
    0x8007232b,
    'DNS_ERROR_RCODE_NAME_ERROR',
    'DNS name does not exist: no _vlmcs._tcp SRV record was found.',
    ['No KMS host published its record in the client\'s DNS domain.'],
    ['Publish the record (`winprep dns`) or set the host directly (`slmgr /skms`, `winprep kms client set --host`).'],
  ],
  [
    0x8007251d,
    'DNS_INFO_NO_RECORDS',
    'No records were found for the DNS query (DNS_INFO_NO_RECORDS, 9501).',
    ['The _vlmcs._tcp SRV record is missing in the searched domain.'],
    ['Check the record and the client\'s DNS suffix / lookup domain.'],
  ],
  [
    0x8007007b,
    'ERROR_INVALID_NAME',
    'DNS name does not exist (variant).',
    ['Often a missing primary DNS suffix on workgroup clients, so the client never queries a domain.'],
    ['Set a primary DNS suffix or DHCP option 15, a lookup domain (`slmgr /skms-domain`), or a direct host.'],
  ],
  [
    0x800706ba,
    'RPC_S_SERVER_UNAVAILABLE',
    'The RPC server is unavailable.',
    [`A firewall on the KMS host blocks TCP ${KMS_DEFAULT_PORT}.`, 'A stale SRV record points at a host that is gone.'],
    [`Test TCP ${KMS_DEFAULT_PORT} to the host; compare the SRV record with the live hosts.`],
  ],
  [0x80070005, 'E_ACCESSDENIED', 'Access denied.', ['The command needs elevation.'], ['Run slmgr from an elevated prompt.']],
];

export const ACTIVATION_ERROR_CODES: readonly ActivationErrorCode[] = Object.freeze(
  SPECS.map(([code, symbol, meaning, causes, checks]) =>
    Object.freeze(symbol === undefined ? {code, hex: hexOf(code), meaning, causes, checks} : {code, hex: hexOf(code), symbol, meaning, causes, checks}),
  ),
);

export type CodeNotation = 'hex' | 'signed-decimal' | 'unsigned-decimal';

/**
 * Every 32-bit value the text can mean: `0xC004F038`, `C004F038`, signed `-1073418184`, unsigned `3221549112`.
 * All-digit text is read as decimal first; eight digits are also tried as hex (0x80070005 looks decimal).
 */
export function readCodeText(text: string): {code: number; notation: CodeNotation}[] {
  const input = text.trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(input)) return [{code: Number.parseInt(input.slice(2), 16), notation: 'hex'}];
  if (/^-\d{1,10}$/.test(input)) {
    const value = Number(input);
    return value >= -0x80000000 ? [{code: value >>> 0, notation: 'signed-decimal'}] : [];
  }
  const readings: {code: number; notation: CodeNotation}[] = [];
  if (/^\d{1,10}$/.test(input) && Number(input) <= 0xffffffff) readings.push({code: Number(input), notation: 'unsigned-decimal'});
  if (/^[0-9a-f]{8}$/i.test(input)) readings.push({code: Number.parseInt(input, 16), notation: 'hex'});
  return readings;
}

export interface ErrorCodeLookup {
  entry: ActivationErrorCode;
  notation: CodeNotation;
}

/** The known activation error the text names, in any notation; undefined when unknown or not a code. */
export function lookupErrorCode(text: string): ErrorCodeLookup | undefined {
  for (const reading of readCodeText(text)) {
    const entry = ACTIVATION_ERROR_CODES.find((row) => row.code === reading.code);
    if (entry) return {entry, notation: reading.notation};
  }
  return undefined;
}

/** The signed decimal form Windows event logs and scripts print, e.g. -1073418184. */
export const signedDecimal = (code: number): number => code | 0;
