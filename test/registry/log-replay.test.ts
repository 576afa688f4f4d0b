import assert from 'node:assert/strict';

import {Hive, verifyHive} from '../../src/registry/index.js';
import {marvin32} from '../../src/registry/marvin32.js';
import {clock, dword, fixChecksum, smallHive, sz} from './build.js';
import {ourView, plain} from './oracle.js';

/**
 * A Windows 8.1+ style log (file type 6): a base block copy with sequence `sequence`, then one HvLE entry
 * per page set, each carrying the pages of `after` that differ from `before`, with both Marvin32 hashes.
 */
function buildLog(before: Buffer, after: Buffer, sequence: number, entries = 2): Buffer {
  const header = Buffer.from(after.subarray(0, 512));
  header.writeUInt32LE(sequence, 4);
  header.writeUInt32LE(sequence, 8);
  header.writeUInt32LE(6, 28);
  fixChecksum(header);
  const pages: number[] = [];
  for (let off = 4096; off < after.length; off += 4096) {
    if (off >= before.length || !after.subarray(off, off + 4096).equals(before.subarray(off, off + 4096))) pages.push(off - 4096);
  }
  const parts = [header];
  const perEntry = Math.ceil(pages.length / entries);
  for (let e = 0; e < entries; e++) {
    const mine = pages.slice(e * perEntry, (e + 1) * perEntry);
    const refs = Buffer.alloc(mine.length * 8);
    mine.forEach((page, i) => {
      refs.writeUInt32LE(page, i * 8);
      refs.writeUInt32LE(4096, i * 8 + 4);
    });
    const body = Buffer.concat([refs, ...mine.map((page) => after.subarray(4096 + page, 4096 + page + 4096))]);
    const size = Math.ceil((40 + body.length) / 512) * 512;
    const entry = Buffer.alloc(size);
    entry.write('HvLE', 0, 'latin1');
    entry.writeUInt32LE(size, 4);
    entry.writeUInt32LE(sequence + e, 12);
    entry.writeUInt32LE(after.readUInt32LE(40), 16);
    entry.writeUInt32LE(mine.length, 20);
    body.copy(entry, 40);
    const h1 = marvin32(entry.subarray(40));
    entry.writeUInt32LE(h1.low, 24);
    entry.writeUInt32LE(h1.high, 28);
    const h2 = marvin32(entry.subarray(0, 32));
    entry.writeUInt32LE(h2.low, 32);
    entry.writeUInt32LE(h2.high, 36);
    parts.push(entry);
  }
  return Buffer.concat(parts);
}

/** The primary as Windows leaves it while changes sit in the log: old bins, primary seq bumped. */
function dirtyPrimary(before: Buffer): Buffer {
  const primary = Buffer.from(before);
  primary.writeUInt32LE(primary.readUInt32LE(4) + 1, 4);
  fixChecksum(primary);
  return primary;
}

describe('registry: transaction-log replay', function () {
  it('marvin32 matches the published test vectors', function () {
    // Test vectors from the Marvin32 reference (seed 0x004FB61A001BDBCC) for inputs of 0 to 3 bytes.
    const seed = {low: 0x001bdbcc, high: 0x004fb61a};
    const vectors: [number[], string][] = [
      [[], '30ed35c100cd3c7d'],
      [[0xaf], '48e73fc77d75ddc1'],
      [[0xe7, 0x0f], 'b5f6e1fc485dbff8'],
      [[0x37, 0xf4, 0x95], 'f0b07c789b8cf7e8'],
    ];
    for (const [input, expected] of vectors) {
      const h = marvin32(Buffer.from(input), seed.low, seed.high);
      assert.equal(h.high.toString(16).padStart(8, '0') + h.low.toString(16).padStart(8, '0'), expected, `${input.length} bytes`);
    }
  });

  it('recovers the logged changes into a clean hive that verifies', function () {
    const hive = smallHive();
    const before = hive.serialize();
    const after = Hive.parse(before, {clock});
    after.setValue('Control\\Alpha', sz('Logged', 'from the log'));
    for (let i = 0; i < 200; i++) after.setValue(`Grown\\k${i}`, dword('N', i));
    const afterBytes = after.serialize();
    const log = buildLog(before, afterBytes, before.readUInt32LE(8) + 1);
    const primary = dirtyPrimary(before);

    const plainOpen = Hive.parse(primary, {logs: [log]});
    assert.equal(plainOpen.dirty, true);
    assert.throws(() => plainOpen.setValue('X', dword('Y', 1)), /dirty/);

    const replayed = Hive.parse(primary, {logs: [log], replayLogs: true, file: 'SYSTEM'});
    // dirty describes the file as read; recovery says the view is the replayed one.
    assert.equal(replayed.dirty, true);
    assert.equal(replayed.replayedEntries, 2);
    assert.deepEqual(replayed.recovery, {format: 'new', applied: 2, sequence: before.readUInt32LE(8) + 2, logs: ['log 1']});
    assert.deepEqual(plain(ourView(replayed)), plain(ourView(Hive.parse(afterBytes))));
    replayed.setValue('X', dword('Y', 1));
    const saved = replayed.serialize();
    assert.equal(saved.readUInt32LE(4), saved.readUInt32LE(8));
    assert.deepEqual(verifyHive(saved).issues, []);
  });

  it('stops at a bad hash or a gap, leaving the hive dirty', function () {
    const before = smallHive().serialize();
    const after = Hive.parse(before, {clock});
    after.setValue('New', dword('V', 7));
    const afterBytes = after.serialize();
    const primary = dirtyPrimary(before);
    const tampered = buildLog(before, afterBytes, before.readUInt32LE(8) + 1, 1);
    tampered[512 + 40 + 8 + 100] ^= 1; // one bit of page data: Hash-1 no longer matches
    const fromTampered = Hive.parse(primary, {logs: [tampered], replayLogs: true});
    assert.equal(fromTampered.replayedEntries, 0);
    assert.equal(fromTampered.dirty, true);
    const stale = buildLog(before, afterBytes, before.readUInt32LE(8) - 1, 1);
    // The log's sequence is older than the primary's: nothing to apply; the hive stays dirty by its header.
    assert.equal(Hive.parse(primary, {logs: [stale], replayLogs: true}).replayedEntries, 0);
  });
});
