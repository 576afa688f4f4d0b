import assert from 'node:assert/strict';

import {Hive, verifyHive} from '../../src/registry/index.js';
import {marvin32} from '../../src/registry/marvin32.js';
import {clock, dword, fixChecksum, smallHive, sz} from './build.js';
import {buildLog, buildOldLog, dirtyPrimary} from './log-build.js';
import {hivexView, ourView, plain, tempFile} from './oracle.js';
import {requireTools, run} from '../helpers/tools.js';

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

  describe('old-format (Windows XP to 8.0) logs', function () {
    /** A change big enough to grow the hive, logged the old way; returns primary, log and the expected hive. */
    function oldCase(): {primary: Buffer; log: Buffer; after: Buffer} {
      const before = smallHive(3).serialize();
      const changed = Hive.parse(before, {clock});
      changed.setValue('Control\\Alpha', sz('Logged', 'from the old log'));
      changed.deleteKey('Wide\\k3');
      for (let i = 0; i < 150; i++) changed.setValue(`Grown\\k${i}`, dword('N', i));
      const after = changed.serialize();
      const primary = dirtyPrimary(before);
      return {primary, log: buildOldLog(primary, after), after};
    }

    it('replays the DIRT pages into the hive Windows would recover, checked by hivexregedit and hivexget', function () {
      requireTools(this, 'hivexregedit', 'hivexget');
      const {primary, log, after} = oldCase();
      const replayed = Hive.parse(primary, {logs: [Buffer.alloc(0), log], logNames: ['SOFTWARE.LOG2', 'SOFTWARE.LOG1'], replayLogs: true, file: 'SOFTWARE'});
      assert.equal(replayed.recovery?.format, 'old');
      assert.deepEqual(replayed.recovery?.logs, ['SOFTWARE.LOG1']);
      assert.ok(replayed.recovery!.applied > 0 && replayed.recovery!.applied % 8 === 0, 'whole 4 KB blocks of 512-byte pages');
      assert.deepEqual(plain(ourView(replayed)), plain(ourView(Hive.parse(after))));
      const saved = replayed.serialize();
      assert.deepEqual(verifyHive(saved).issues, []);
      const file = tempFile('SOFTWARE', saved);
      assert.deepEqual(plain(hivexView(file)), plain(ourView(Hive.parse(after))));
      assert.equal(run('hivexget', [file, '\\Control\\Alpha', 'Logged']).stdout, 'from the old log\n');
      assert.equal(run('hivexget', [file, '\\Grown\\k149', 'N']).stdout, '149\n');
    });

    it('names each unusable old-format log and why; the write error no longer suggests --replay-logs', function () {
      const {primary, log} = oldCase();
      const incomplete = Buffer.from(log);
      incomplete.writeUInt32LE(incomplete.readUInt32LE(4) + 1, 4);
      fixChecksum(incomplete);
      const stale = Buffer.from(log);
      stale.writeBigUInt64LE(stale.readBigUInt64LE(12) - 1n, 12);
      fixChecksum(stale);
      const corrupt = Buffer.from(log);
      corrupt[100] ^= 1;
      const cases: [Buffer, RegExp][] = [
        [incomplete, /incomplete: its own sequence numbers differ/],
        [stale, /stale: it was written before the hive's last write/],
        [corrupt, /corrupt: its base block checksum is wrong/],
        [log.subarray(0, log.length - 512), /truncated: its dirty vector lists more pages/],
        [Buffer.concat([log.subarray(0, 512), Buffer.alloc(512)]), /no dirty vector \("DIRT"\)/],
        [Buffer.alloc(0), /is empty/],
      ];
      for (const [bad, reason] of cases) {
        const hive = Hive.parse(primary, {logs: [bad], logNames: ['SYSTEM.LOG1'], replayLogs: true, file: 'SYSTEM'});
        assert.equal(hive.recovery, undefined);
        assert.equal(hive.logProblems?.length, 1);
        assert.equal(hive.logProblems![0].log, 'SYSTEM.LOG1');
        assert.match(hive.logProblems![0].reason, reason);
        assert.throws(
          () => hive.setValue('X', dword('Y', 1)),
          (error: Error & {hint?: string}) => reason.test(error.message) && /SYSTEM\.LOG1/.test(error.message) && !/--replay-logs/.test(error.hint ?? ''),
        );
      }
    });
  });

  it('names unusable new-format logs: stale, bad hash, not a log', function () {
    const before = smallHive().serialize();
    const after = Hive.parse(before, {clock});
    after.setValue('New', dword('V', 7));
    const afterBytes = after.serialize();
    const primary = dirtyPrimary(before);
    const stale = buildLog(before, afterBytes, before.readUInt32LE(8) - 1, 1);
    const tampered = buildLog(before, afterBytes, before.readUInt32LE(8) + 1, 1);
    tampered[512 + 40 + 8 + 100] ^= 1;
    const hive = Hive.parse(primary, {logs: [stale, tampered, Buffer.from('junk')], logNames: ['A.LOG1', 'A.LOG2', 'A.LOG'], replayLogs: true});
    assert.equal(hive.recovery, undefined);
    assert.deepEqual(
      hive.logProblems!.map((p) => p.log),
      ['A.LOG', 'A.LOG1', 'A.LOG2'],
    );
    const reasons = Object.fromEntries(hive.logProblems!.map((p) => [p.log, p.reason]));
    assert.match(reasons['A.LOG'], /not a transaction log/);
    assert.match(reasons['A.LOG1'], /stale: its entries start at sequence \d+, before the hive's \d+/);
    assert.match(reasons['A.LOG2'], /holds no usable entry: an entry hash \(Marvin32\) is wrong at offset 512/);
  });
});
