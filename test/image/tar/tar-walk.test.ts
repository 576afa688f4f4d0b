/** Property tests of the tar walk: any chunking gives the same members; garbage is exit 3, never a crash. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {Header, Pax} from 'tar';

import {WinprepError} from '../../../src/errors.js';
import {StreamSource} from '../../../src/image/tar/tar-source.js';
import {type TarMember, padded, walkTar} from '../../../src/image/tar/tar-walk.js';

interface Spec {
  path: string;
  data: Buffer;
}

/** A tar built straight from node-tar's header encoder (pax record when a name needs one). */
function buildTar(specs: Spec[]): Buffer {
  const parts: Buffer[] = [];
  for (const spec of specs) {
    const fields = {path: spec.path, mode: 0o644, size: spec.data.length, mtime: new Date(1_600_000_000_000), type: 'File' as const};
    const header = new Header(fields);
    if (header.encode()) parts.push(new Pax(fields).encode());
    parts.push(header.block!, spec.data, Buffer.alloc(padded(spec.data.length) - spec.data.length));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

async function* chunked(buffer: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let i = 0; offset < buffer.length; i++) {
    const size = sizes.length ? sizes[i % sizes.length]! : buffer.length;
    yield buffer.subarray(offset, offset + size);
    offset += size;
  }
}

async function walkAll(buffer: Buffer, sizes: number[]): Promise<{member: TarMember; data: Buffer}[]> {
  const source = new StreamSource(chunked(buffer, sizes));
  const out: {member: TarMember; data: Buffer}[] = [];
  await walkTar(source, 'mem.tar', async (member) => {
    const data = await source.read(member.size);
    out.push({member, data});
  });
  return out;
}

const segment = fc.stringMatching(/^[A-Za-z0-9 ._-]{1,40}$/).filter((s) => s !== '.' && s !== '..');
const spec = fc.record({
  path: fc.array(segment, {minLength: 1, maxLength: 8}).map((parts) => parts.join('/')),
  data: fc.uint8Array({maxLength: 1500}).map((a) => Buffer.from(a)),
});

describe('image/tar walk (properties)', () => {
  it('members, names (long ones via pax) and data survive any chunking of the stream', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, {maxLength: 6}), fc.array(fc.integer({min: 1, max: 1300}), {maxLength: 5}), async (specs, sizes) => {
        const tar = buildTar(specs);
        const members = await walkAll(tar, sizes);
        assert.deepEqual(
          members.map((m) => [m.member.path, m.data.toString('hex')]),
          specs.map((s) => [s.path, s.data.toString('hex')]),
        );
        // Spans tile the archive: each member starts where the previous one ended.
        members.forEach((m, i) => assert.equal(m.member.start, i === 0 ? 0 : members[i - 1]!.member.end));
      }),
      {numRuns: 60},
    );
  });

  it('damaged archives end in a WinprepError (exit 3) or a clean walk, never another error', async () => {
    const base = buildTar([
      {path: 'Windows/System32/config/SYSTEM', data: Buffer.alloc(700, 1)},
      {path: `Windows/${'long-name-'.repeat(20)}`, data: Buffer.from('x')},
    ]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({min: 0, max: 255})), {minLength: 1, maxLength: 8}), fc.nat(base.length), async (edits, cut) => {
        const damaged = Buffer.from(base.subarray(0, cut));
        for (const [at, value] of edits) if (at < damaged.length) damaged[at] = value;
        try {
          await walkAll(damaged, [512]);
        } catch (error) {
          assert.ok(error instanceof WinprepError && error.exitCode === 3, String(error));
        }
      }),
      {numRuns: 300},
    );
  });
});
