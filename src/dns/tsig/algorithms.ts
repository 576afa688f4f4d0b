/** TSIG algorithm names (RFC 8945 §6) and the node:crypto hash behind each. */
export const TSIG_ALGORITHMS = {
  'hmac-md5.sig-alg.reg.int': 'md5',
  'hmac-sha1': 'sha1',
  'hmac-sha224': 'sha224',
  'hmac-sha256': 'sha256',
  'hmac-sha384': 'sha384',
  'hmac-sha512': 'sha512',
} as const;

export type TsigAlgorithm = keyof typeof TSIG_ALGORITHMS;

/** Accepts the BIND spellings too ("hmac-md5", trailing dot, any case). */
export function tsigAlgorithm(name: string): TsigAlgorithm | undefined {
  let n = name.toLowerCase();
  if (n.endsWith('.')) n = n.slice(0, -1);
  if (n === 'hmac-md5') n = 'hmac-md5.sig-alg.reg.int';
  return n in TSIG_ALGORITHMS ? (n as TsigAlgorithm) : undefined;
}

export interface TsigKey {
  /** Key name as a domain name, e.g. "ddns-key". */
  name: string;
  algorithm: TsigAlgorithm;
  secret: Buffer;
}
