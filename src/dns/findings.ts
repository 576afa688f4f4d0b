/**
 * What discovery found, in the terms a technician meets on the client: activation error codes
 * (docs/reference/activation-errors.md#error-codes; Win32 DNS codes from winerror.h) with their symbols.
 */
import {ACTIVATION_ERROR_CODES} from '../licensing/error-codes.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: Severity;
  /** HRESULT as Windows shows it, e.g. 0x8007232B; absent for plain notes. */
  code?: string;
  symbol?: string;
  message: string;
  /** The host (target:port) the finding is about. */
  host?: string;
}

/** The codes discovery reports; symbols come from the licensing error table (src/licensing/error-codes.ts). */
export const ACTIVATION_CODES = {
  nameError: 0x8007232b,
  noRecords: 0x8007251d,
  serverFailure: 0x8007232a,
  /** DNS_ERROR_RCODE_REFUSED (winerror.h 9005); not in the licensing table. */
  refused: 0x8007232d,
  invalidName: 0x8007007b,
  rpcUnavailable: 0x800706ba,
  noKmsContacted: 0xc004f074,
} as const;

const EXTRA_SYMBOLS: Record<number, string> = {0x8007232d: 'DNS_ERROR_RCODE_REFUSED'};

export type ActivationCode = keyof typeof ACTIVATION_CODES;

function describeCode(name: ActivationCode): {code: string; symbol?: string} {
  const value = ACTIVATION_CODES[name];
  const row = ACTIVATION_ERROR_CODES.find((r) => r.code === value);
  const symbol = row?.symbol ?? EXTRA_SYMBOLS[value];
  return {code: row?.hex ?? `0x${value.toString(16).toUpperCase().padStart(8, '0')}`, ...(symbol ? {symbol} : {})};
}

export const finding = (severity: Severity, code: ActivationCode | undefined, message: string, host?: string): Finding => ({
  severity,
  ...(code ? describeCode(code) : {}),
  message,
  ...(host ? {host} : {}),
});
