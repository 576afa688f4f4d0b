/**
 * Every file a run reads is declared (src/image/read-patterns.ts): the facts (FACT_READS), each generalize
 * operation, each validate rule and KMS configuration say what they read beyond the facts, and the image
 * prefetches exactly that. Run everything on every sample OS and state and nothing undeclared may be read —
 * an undeclared read costs a compressed tar one more decompression pass. The last case checks the other way
 * round on a real .tar.gz: the declared files are spooled in the one opening pass.
 */
import assert from 'node:assert/strict';
import {promises as fs} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {buildSample} from '../../fixtures/build.js';
import {SAMPLE_OSES, SAMPLE_STATES} from '../../fixtures/catalog.js';
import {inspectImage} from '../../src/facts/inspect.js';
import {FACT_READS} from '../../src/facts/reads.js';
import {OPERATION_READS, stageGeneralize} from '../../src/generalize/run.js';
import {openImage} from '../../src/image/index.js';
import type {ReadPattern} from '../../src/image/read-patterns.js';
import {readMatcher} from '../../src/image/read-patterns.js';
import {stageKmsClient} from '../../src/kms/client.js';
import {parseKmsClientOptions} from '../../src/kms/client-settings.js';
import {stageHostFirstBoot} from '../../src/kms/first-boot.js';
import {KMS_READS} from '../../src/kms/reads.js';
import {RULE_READS, validateOpenImage} from '../../src/validate/run.js';

describe('declared reads (facts, operations, rules, KMS)', function () {
  this.timeout(300_000);
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'winprep-reads-'));
  });
  after(async () => dir && fs.rm(dir, {recursive: true, force: true}));

  /** Open the folder sample with `declared` prefetched, run, and return what was read undeclared. */
  async function undeclared(
    sample: string,
    declared: readonly ReadPattern[],
    run: (image: Awaited<ReturnType<typeof openImage>>, facts: Awaited<ReturnType<typeof inspectImage>>) => Promise<unknown>,
  ): Promise<readonly string[]> {
    const image = await openImage(sample, {readOnly: true, prefetch: declared});
    try {
      await run(image, await inspectImage(image));
      return image.unplannedReads;
    } finally {
      await image.discard();
    }
  }

  /**
   * Files a real reference image may hold that the samples leave out, each read by some operation, rule or KMS
   * step: without them a missing declaration would go unnoticed (a file that is absent is never read).
   */
  const EXTRA_FILES: Record<string, string> = {
    'Windows/Setup/Scripts/SetupComplete.cmd': '@echo off\r\nrem site script\r\n',
    'Windows/System32/Sysprep/Panther/setuperr.log': '',
    'Windows/WinSxS/pending.xml': '<?xml version="1.0"?><PendingTransaction/>',
    'Windows/SMSCFG.INI': '[Configuration - Client Properties]\r\nSMS Unique Identifier=GUID:00000000-0000-0000-0000-000000000001\r\n',
    'Windows/Panther/setupact.log': 'log\r\n',
  };
  async function addExtraFiles(sample: string): Promise<void> {
    for (const [inner, text] of Object.entries(EXTRA_FILES)) {
      const file = path.join(sample, ...inner.split('/'));
      await fs.mkdir(path.dirname(file), {recursive: true});
      await fs.writeFile(file, text);
    }
  }

  it('can fail: a run that declares only the facts reads undeclared files (the check is not vacuous)', async () => {
    const sample = path.join(dir, 'vacuous');
    await buildSample({out: sample, os: 'win10-pro', state: 'captured-without-sysprep', format: 'folder'});
    await addExtraFiles(sample);
    const read = await undeclared(sample, FACT_READS, (image, facts) => stageGeneralize(image, facts, {operations: ['all']}));
    assert.ok(read.includes('windows/setup/scripts/setupcomplete.cmd'), `undeclared reads: ${read.join(', ')}`);
  });

  for (const osName of SAMPLE_OSES) {
    for (const state of SAMPLE_STATES) {
      it(`${osName} ${state}: inspect, every operation, every rule and KMS client/host read only what they declare`, async () => {
        const sample = path.join(dir, `${osName}-${state}`);
        await buildSample({out: sample, os: osName, state, format: 'folder'});
        await addExtraFiles(sample);
        assert.deepEqual(await undeclared(sample, FACT_READS, async () => undefined), [], 'inspect');
        assert.deepEqual(
          await undeclared(sample, [...FACT_READS, ...OPERATION_READS], (image, facts) => stageGeneralize(image, facts, {operations: ['all']})),
          [],
          'generalize --operations all',
        );
        assert.deepEqual(
          await undeclared(sample, [...FACT_READS, ...RULE_READS], async (image) => {
            await validateOpenImage(image, {target: 'duplication'});
            await validateOpenImage(image, {target: 'wds'});
          }),
          [],
          'validate',
        );
        assert.deepEqual(
          await undeclared(sample, [...FACT_READS, ...KMS_READS], async (image, facts) => {
            await stageKmsClient(image, facts, parseKmsClientOptions({host: 'kms.corp.example.com', key: 'auto'}));
            await stageHostFirstBoot(image, 'BCDFG-HJKMP-QRTVW-XY234-6789B');
          }),
          [],
          'kms client set / host configure',
        );
      });
    }
  }

  it('a .tar.gz spools every declared file present in its one pass, so the whole run reads nothing lazily', async () => {
    const archive = path.join(dir, 'ref.tar.gz');
    await buildSample({out: archive, os: 'win10-pro', state: 'sysprepped-with-mistakes', format: 'tar'});
    const declared = [...FACT_READS, ...OPERATION_READS, ...RULE_READS, ...KMS_READS];
    const image = await openImage(archive, {readOnly: true, prefetch: declared});
    try {
      const wanted = readMatcher(declared);
      const all = (await image.listFiles()).map((file) => file.toLowerCase());
      assert.ok(all.some((file) => wanted(file)) && all.some((file) => !wanted(file)), 'the sample has declared and undeclared files');
      const facts = await inspectImage(image);
      await stageGeneralize(image, facts, {operations: ['all']});
      await validateOpenImage(image, {target: 'duplication'});
      assert.deepEqual(image.unplannedReads, []);
    } finally {
      await image.discard();
    }
  });
});
