/**
 * Security cells (`sk`, docs/reference/hive-format.md#security): one circular doubly-linked ring, each refcount equal to the number of
 * keys using it. A refcount that is too low makes Windows 11 bugcheck, so every key added or removed adjusts it.
 */
import type {HiveStore} from './store.js';

export const SK = {flink: 4, blink: 8, refCount: 12, descriptorLength: 16, descriptor: 20} as const;

export function skAt(store: HiveStore, cell: number): number {
  const p = store.payload(cell, SK.descriptor, 'security cell');
  if (store.buf[p] !== 0x73 || store.buf[p + 1] !== 0x6b) throw store.fault(`cell 0x${cell.toString(16)} should be a security cell ("sk")`);
  store.payload(cell, SK.descriptor + store.buf.readUInt32LE(p + SK.descriptorLength), 'security cell');
  return p;
}

export function addSecurityRef(store: HiveStore, cell: number): void {
  const p = skAt(store, cell);
  const buf = store.writable();
  buf.writeUInt32LE((buf.readUInt32LE(p + SK.refCount) + 1) >>> 0, p + SK.refCount);
}

/** Drop one reference; at zero, unlink the cell from the ring and free it (docs/reference/hive-format.md#write-operations). */
export function releaseSecurityRef(store: HiveStore, cell: number): void {
  const p = skAt(store, cell);
  const buf = store.writable();
  const count = buf.readUInt32LE(p + SK.refCount);
  if (count > 1) {
    buf.writeUInt32LE(count - 1, p + SK.refCount);
    return;
  }
  const next = buf.readUInt32LE(p + SK.flink);
  const prev = buf.readUInt32LE(p + SK.blink);
  if (next === cell) {
    // The last sk of the hive: keep it (the root always needs one), just record the count.
    buf.writeUInt32LE(0, p + SK.refCount);
    return;
  }
  buf.writeUInt32LE(next, skAt(store, prev) + SK.flink);
  buf.writeUInt32LE(prev, skAt(store, next) + SK.blink);
  store.free(cell);
}

/** A new sk linked to itself (the hive's first), holding `descriptor`, with refcount 1. */
export function createLoneSecurity(store: HiveStore, descriptor: Buffer): number {
  const cell = store.allocate(SK.descriptor + descriptor.length);
  const p = store.payload(cell);
  const buf = store.buf;
  buf.write('sk', p, 'latin1');
  buf.writeUInt32LE(cell, p + SK.flink);
  buf.writeUInt32LE(cell, p + SK.blink);
  buf.writeUInt32LE(1, p + SK.refCount);
  buf.writeUInt32LE(descriptor.length, p + SK.descriptorLength);
  descriptor.copy(buf, p + SK.descriptor);
  return cell;
}

const sid = (authority: number, ...subAuthorities: number[]): Buffer => {
  const b = Buffer.alloc(8 + subAuthorities.length * 4);
  b[0] = 1;
  b[1] = subAuthorities.length;
  b.writeUIntBE(authority, 2, 6);
  subAuthorities.forEach((s, i) => b.writeUInt32LE(s, 8 + i * 4));
  return b;
};

const KEY_ALL_ACCESS = 0xf003f;
const KEY_READ = 0x20019;
const CONTAINER_INHERIT_ACE = 0x02;

/**
 * The descriptor of a new hive's root (docs/reference/hive-format.md#new-hive): owner BA, group SY, DACL granting SYSTEM and
 * Administrators full control and Users read, all container-inherited.
 */
export function defaultRootDescriptor(): Buffer {
  const system = sid(5, 18);
  const admins = sid(5, 32, 544);
  const users = sid(5, 32, 545);
  const ace = (mask: number, who: Buffer): Buffer => {
    const b = Buffer.alloc(8 + who.length);
    b[0] = 0; // ACCESS_ALLOWED_ACE_TYPE
    b[1] = CONTAINER_INHERIT_ACE;
    b.writeUInt16LE(b.length, 2);
    b.writeUInt32LE(mask, 4);
    who.copy(b, 8);
    return b;
  };
  const aces = [ace(KEY_ALL_ACCESS, system), ace(KEY_ALL_ACCESS, admins), ace(KEY_READ, users)];
  const aclBody = Buffer.concat(aces);
  const acl = Buffer.alloc(8);
  acl[0] = 2; // ACL_REVISION
  acl.writeUInt16LE(8 + aclBody.length, 2);
  acl.writeUInt16LE(aces.length, 4);
  const header = Buffer.alloc(20);
  header[0] = 1; // revision
  header.writeUInt16LE(0x8004, 2); // SE_SELF_RELATIVE | SE_DACL_PRESENT
  const ownerAt = 20;
  const groupAt = ownerAt + admins.length;
  const daclAt = groupAt + system.length;
  header.writeUInt32LE(ownerAt, 4);
  header.writeUInt32LE(groupAt, 8);
  header.writeUInt32LE(0, 12);
  header.writeUInt32LE(daclAt, 16);
  return Buffer.concat([header, admins, system, acl, aclBody]);
}
