/**
 * msdtc (off by default): clones sharing the MSDTC CID cannot transact with each other (docs/reference/generalization.md#msdtc-cid, docs/reference/generalization.md#clone-problems).
 * The CID is a key name under SOFTWARE\Classes\CID; the documented fix is `msdtc -uninstall` / `msdtc -install`
 * on the machine, so this appends those to SetupComplete.cmd (runs once as SYSTEM at the end of setup, docs/reference/setup-state.md#setupcomplete).
 * Off by default: reinstalling MSDTC resets its security configuration, and Windows 8+ skips SetupComplete.cmd
 * when an OEM product key is used.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {readGeneralizeTemplate} from '../package-files.js';
import {outcome} from '../result.js';
import type {FileChangeRecord, Operation, OperationContext} from '../types.js';

const BEGIN = 'rem winprep:msdtc begin';

async function stage(ctx: OperationContext) {
  const before = await ctx.image.readFile(IMAGE_PATHS.setupComplete);
  const text = before?.toString('latin1') ?? '';
  if (text.toLowerCase().includes(BEGIN)) return outcome([]);
  const block = readGeneralizeTemplate('setupcomplete-msdtc.cmd').replace(/\r?\n/g, '\r\n');
  const separator = text.length > 0 && !text.endsWith('\n') ? '\r\n' : '';
  ctx.image.writeFile(IMAGE_PATHS.setupComplete, Buffer.from(`${text}${separator}${block}`, 'latin1'));
  const change: FileChangeRecord = {kind: 'file', path: IMAGE_PATHS.setupComplete, action: before ? 'replace' : 'create', after: 'msdtc -uninstall & msdtc -install at the end of setup'};
  return outcome([change]);
}

export const msdtc: Operation = {
  name: 'msdtc',
  reads: [IMAGE_PATHS.setupComplete],
  heading: 'Reinstall MSDTC at the end of setup so each clone gets its own CID',
  defaultOn: false,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'inferred', why: 'msdtc -uninstall/-install as the CID reset is not cited to a public page here yet'},
  evidence: 'docs/first-boot.md',
  riskNote: 'reinstalling MSDTC returns its security settings to defaults; SetupComplete.cmd does not run with OEM keys (Windows 8+)',
  order: 80,
  stage,
};
