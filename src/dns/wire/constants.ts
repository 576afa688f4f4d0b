/** DNS numbers winprep speaks (RFC 1035, RFC 2136, RFC 2782, RFC 8945). */
export const RRType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  TSIG: 250,
  ANY: 255,
} as const;

export const RRClass = {
  IN: 1,
  /** RFC 2136 §2.5.4: delete one RR from an RRset. */
  NONE: 254,
  /** RFC 2136 §2.5.2 delete an RRset; also TSIG's class (RFC 8945 §4.2). */
  ANY: 255,
} as const;

export const Opcode = {QUERY: 0, UPDATE: 5} as const;

/** Header RCODEs (4 bits) and TSIG errors (16 bits, RFC 8945 §3). */
export const Rcode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  YXDOMAIN: 6,
  YXRRSET: 7,
  NXRRSET: 8,
  NOTAUTH: 9,
  NOTZONE: 10,
  BADSIG: 16,
  BADKEY: 17,
  BADTIME: 18,
  BADTRUNC: 22,
} as const;

const RCODE_NAMES = new Map<number, string>(Object.entries(Rcode).map(([name, value]) => [value, name]));

export const rcodeName = (code: number): string => RCODE_NAMES.get(code) ?? `RCODE${code}`;

const TYPE_NAMES = new Map<number, string>(Object.entries(RRType).map(([name, value]) => [value, name]));

export const typeName = (type: number): string => TYPE_NAMES.get(type) ?? `TYPE${type}`;
