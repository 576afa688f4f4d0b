/** Binary SIDs as SAM and LSA store them (docs/reference/generalization.md#machine-sid). */

/** `S-1-5-21-a-b-c` from a binary SID (revision, count, 6-byte big-endian authority, LE sub-authorities). */
export function formatSid(bytes: Buffer): string | undefined {
  if (bytes.length < 8 || bytes[0] !== 1) return undefined;
  const count = bytes[1]!;
  if (count > 15 || bytes.length < 8 + 4 * count) return undefined;
  const authority = bytes.readUIntBE(2, 6);
  const parts = [`S-1-${authority}`];
  for (let i = 0; i < count; i++) parts.push(String(bytes.readUInt32LE(8 + 4 * i)));
  return parts.join('-');
}

/** SAM's account-domain V value ends with the machine SID: its last 24 bytes (docs/reference/generalization.md#machine-sid). */
export function machineSidFromSamV(v: Buffer): string | undefined {
  if (v.length < 24) return undefined;
  const sid = formatSid(v.subarray(v.length - 24));
  return sid?.startsWith('S-1-5-21-') ? sid : undefined;
}
