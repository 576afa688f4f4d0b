/**
 * WP040–WP042: the key an image will carry. A KMS client needs its edition's GVLK; a MAK, retail or OEM key
 * never asks a KMS host; a KMS host key (CSVLK) makes every clone a KMS host. The registry's
 * BackupProductKeyDefault proves no channel (see src/facts/inspect/licensing.ts), so only a key the specialize
 * pass installs, or the channel Windows recorded, is used.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {findGvlk, sameText} from '../../licensing/index.js';
import {licensingValue, softwareValue} from '../locations.js';
import type {Rule, RuleContext, RuleFinding} from '../types.js';

const KMS_FIX = 'winprep kms client set <image> --key auto';
const PRODUCT_KEY_DOC = 'https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-shell-setup-productkey';
const GVLK_DOC = 'https://learn.microsoft.com/windows-server/get-started/kms-client-activation-keys';
const CPKY_DOC = 'https://learn.microsoft.com/windows-server/get-started/activation-slmgr-vbs-options';

/** Product keys in the specialize pass (Shell-Setup ProductKey installs and activates: docs/reference/answer-files.md#settings). */
const specializeKeys = (ctx: RuleContext) =>
  ctx.facts.answerFiles.flatMap((answer) => answer.productKeys.filter((k) => k.pass === 'specialize').map((k) => ({answer, key: k})));

export const keyNotGvlk: Rule = {
  id: 'WP040',
  name: 'key-not-gvlk',
  title: 'The key clones will carry is a GVLK (not MAK, retail or OEM) for a KMS client image',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: `documented: ${PRODUCT_KEY_DOC} (specialize installs the answer file's key); ${GVLK_DOC} (the GVLKs); ${CPKY_DOC} (/cpky: MAK and KMS host keys are not kept in the registry, so a registry key proves no channel)`,
  check(ctx) {
    if (ctx.role !== 'client') return [];
    const findings: RuleFinding[] = [];
    const specialize = specializeKeys(ctx);
    for (const {answer, key} of specialize) {
      if (key.isGvlk) continue;
      findings.push({
        message: `${answer.path} installs product key ${key.value} in the specialize pass, which is not a published GVLK`,
        location: {file: answer.path, key: "settings[@pass='specialize']", value: 'ProductKey'},
        fix: KMS_FIX,
      });
    }
    // A GVLK that specialize installs is what every clone ends up with: the registry's key no longer matters.
    if (specialize.some(({key}) => key.isGvlk)) return findings;
    const lic = ctx.facts.licensing;
    const partial = lic.partialProductKey ? ` (…${lic.partialProductKey})` : '';
    const location = lic.keyChannelSource === 'registry-channel' ? softwareValue('Microsoft\\Windows NT\\CurrentVersion', 'DigitalProductId4') : licensingValue(ctx.facts, 'BackupProductKeyDefault');
    if (lic.keyChannel === 'mak' || lic.keyChannel === 'retail' || lic.keyChannel === 'oem') {
      // The recorded channel's layout is inferred: it may warn, never fail the image.
      findings.push({
        severity: 'warning',
        message: `the installed key${partial} is recorded as a ${lic.keyChannel.toUpperCase()} key (${lic.keyChannelNote ?? 'recorded channel'}): clones would not activate against a KMS host`,
        location,
        fix: KMS_FIX,
      });
    } else if (lic.keyChannel === 'unknown') {
      findings.push({
        severity: 'warning',
        message: `the installed key's channel is unknown: ${lic.keyChannelNote ?? 'Windows records no readable channel'}; nothing shows clones will carry a GVLK`,
        location,
        fix: `${KMS_FIX} (specialize then installs the edition's GVLK)`,
      });
    } else if (lic.keyChannel === 'gvlk' && lic.keyChannelSource === 'registry-channel') {
      findings.push({
        severity: 'warning',
        message: `the installed key${partial} is recorded as a GVLK, but only by ${lic.keyChannelNote ?? 'DigitalProductId4'}: winprep cannot confirm it`,
        location,
        fix: `${KMS_FIX} (specialize then installs the edition's GVLK)`,
      });
    }
    return findings;
  },
};

export const kmsHostKeyInClient: Rule = {
  id: 'WP041',
  reads: [IMAGE_PATHS.setupComplete],
  name: 'kms-host-key-in-client',
  title: 'No KMS host key (CSVLK) in an image meant to be a KMS client',
  severity: 'error',
  targets: ['duplication', 'wds'],
  evidence: `documented: https://learn.microsoft.com/windows-server/get-started/kms-activation-planning (a KMS host key activates a limited number of hosts); https://learn.microsoft.com/windows-hardware/manufacture/desktop/add-a-custom-script-to-windows-setup (SetupComplete.cmd runs at the end of Setup)`,
  async check(ctx) {
    if (ctx.role !== 'client') return [];
    const findings: RuleFinding[] = [];
    if (ctx.facts.licensing.keyChannel === 'kms-host') {
      findings.push({
        // Known only from the recorded channel, whose layout is inferred: a warning, never an error.
        severity: 'warning',
        message: `the installed key is recorded as a KMS host key (CSVLK) (${ctx.facts.licensing.keyChannelNote ?? 'recorded channel'}): every clone would become a KMS host`,
        location: softwareValue('Microsoft\\Windows NT\\CurrentVersion', 'DigitalProductId4'),
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
  evidence: 'documented: https://learn.microsoft.com/windows-server/get-started/kms-client-activation-keys (one GVLK per edition)',
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
