/**
 * machine-sid (off by default): the machine SID in SAM\Domains\Account V (docs/reference/generalization.md#machine-sid). Only specialize
 * after sysprep /generalize makes a new one, re-keying every local account, ACL and profile path; an offline
 * tool cannot do that faithfully (docs/reference/generalization.md#generalize-scope), and a duplicate machine SID alone breaks nothing known (docs/reference/generalization.md#generalize-scope,
 * Russinovich). Enabled, it reports the SID and changes nothing; `image inspect` reports it too.
 */
import {notApplicable, outcome} from '../result.js';
import type {Operation, OperationContext} from '../types.js';

async function stage(ctx: OperationContext) {
  const sid = ctx.facts.identity.machineSid;
  if (!sid) return notApplicable('no machine SID could be read from the SAM hive');
  return outcome([], [`machine SID ${sid} kept: a new SID needs sysprep /generalize in the reference VM (docs/reference/generalization.md#generalize-scope)`]);
}

export const machineSid: Operation = {
  name: 'machine-sid',
  heading: 'Report the machine SID (a new SID needs sysprep; reported only)',
  defaultOn: false,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'inferred', why: 'reports only; offline SID re-keying is not documented'},
  evidence: 'docs/first-boot.md',
  riskNote: 're-keying the SID offline would have to re-ACL the whole volume; duplicate SIDs alone cause no known breakage',
  order: 100,
  stage,
};
