/**
 * WP040–WP042: the key an image will carry. A KMS client needs its edition's GVLK (domain.md §5); a MAK, retail
 * or OEM key never asks a KMS host; a KMS host key (CSVLK) makes every clone a KMS host.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {findGvlk, sameText} from '../../licensing/index.js';
import {licensingValue} from '../locations.js';
import type {Rule, RuleContext, RuleFinding} from '../types.js';

const KMS_FIX = 'winprep kms client set <image> --key auto';

/** Product keys in the specialize pass (Shell-Setup ProductKey installs and activates: domain.md §6.3). */
const specializeKeys = (ctx: RuleContext) =>
  ctx.facts.answerFiles.flatMap((answer) => answer.productKeys.filter((k) => k.pass === 'specialize').map((k) => ({answer, key: k})));

export const keyNotGvlk: Rule = {
  id: 'WP040',
  name: 'key-not-gvlk',
  title: 'The installed key is a GVLK (not MAK, retail or OEM) for a KMS client image',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'domain.md §5, §6.3 (ProductKey)',
  check(ctx) {
    if (ctx.role !== 'client') return [];
    const findings: RuleFinding[] = [];
    const channel = ctx.facts.licensing.keyChannel;
    if (channel === 'mak' || channel === 'retail' || channel === 'oem') {
      const partial = ctx.facts.licensing.partialProductKey ? ` (…${ctx.facts.licensing.partialProductKey})` : '';
      findings.push({
        message: `the installed key${partial} is a ${channel.toUpperCase()} key: clones will not activate against a KMS host`,
        location: licensingValue(ctx.facts, 'BackupProductKeyDefault'),
        fix: KMS_FIX,
      });
    }
    for (const {answer, key} of specializeKeys(ctx)) {
      if (key.isGvlk) continue;
      findings.push({
        message: `${answer.path} installs product key ${key.value} in the specialize pass, which is not a published GVLK`,
        location: {file: answer.path, key: "settings[@pass='specialize']", value: 'ProductKey'},
        fix: KMS_FIX,
      });
    }
    return findings;
  },
};

export const kmsHostKeyInClient: Rule = {
  id: 'WP041',
  name: 'kms-host-key-in-client',
  title: 'No KMS host key (CSVLK) in an image meant to be a KMS client',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'domain.md §2.4 (a CSVLK activates at most 6 hosts), §6.5',
  async check(ctx) {
    if (ctx.role !== 'client') return [];
    const findings: RuleFinding[] = [];
    if (ctx.facts.licensing.keyChannel === 'kms-host') {
      findings.push({
        message: 'the installed key is a KMS host key (CSVLK): every clone would become a KMS host',
        location: licensingValue(ctx.facts, 'BackupProductKeyDefault'),
        fix: KMS_FIX,
      });
    }
    const script = await ctx.image.readFile(IMAGE_PATHS.setupComplete);
    if (script && /slmgr(\.vbs)?["']?\s+[/-]ipk\b/i.test(script.toString('latin1'))) {
      findings.push({
        message: 'SetupComplete.cmd installs a product key at first boot (slmgr /ipk): a KMS host setup in a client image',
        location: {file: IMAGE_PATHS.setupComplete},
        fix: 'remove the host key step, or validate with --role host for a KMS host image',
      });
    }
    return findings;
  },
};

export const gvlkEditionMismatch: Rule = {
  id: 'WP042',
  name: 'gvlk-edition-mismatch',
  title: "The GVLK matches the image's edition",
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: 'domain.md §5 (mapping tip: EditionID + CurrentBuild)',
  check(ctx) {
    const editionId = ctx.facts.os.editionId;
    if (!editionId) return [];
    const findings: RuleFinding[] = [];
    for (const answer of ctx.facts.answerFiles) {
      for (const key of answer.productKeys) {
        if (!key.isGvlk) continue;
        const rows = findGvlk(key.value);
        if (rows.length === 0 || rows.some((row) => row.editionIds.some((id) => sameText(id, editionId)))) continue;
        findings.push({
          message: `${answer.path} (${key.pass}) holds the GVLK of ${rows.map((r) => r.name).join(' / ')}, but the image's EditionID is ${editionId}: Setup fails or activation is refused`,
          location: {file: answer.path, key: `settings[@pass='${key.pass}']`, value: 'ProductKey'},
          fix: KMS_FIX,
        });
      }
    }
    return findings;
  },
};
