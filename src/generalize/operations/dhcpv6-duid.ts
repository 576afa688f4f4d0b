/**
 * dhcpv6-duid: Tcpip6\Parameters Dhcpv6DUID in the current control set (docs/reference/generalization.md#dhcpv6-duid). Clones sharing
 * a DUID get DHCPv6 lease conflicts; Windows makes a new DUID when the value is absent.
 */
import {IMAGE_PATHS} from '../../image/types.js';
import {currentControlSet, deleteValue} from '../registry-edit.js';
import {notApplicable, outcome} from '../result.js';
import type {Operation, OperationContext} from '../types.js';

async function stage(ctx: OperationContext) {
  const system = await ctx.image.hive(IMAGE_PATHS.systemHive);
  if (!system) return notApplicable('the image has no SYSTEM hive');
  const cs = currentControlSet(system, IMAGE_PATHS.systemHive);
  return outcome([deleteValue(system, IMAGE_PATHS.systemHive, `${cs}\\Services\\Tcpip6\\Parameters`, 'Dhcpv6DUID')]);
}

export const dhcpv6Duid: Operation = {
  name: 'dhcpv6-duid',
  heading: 'Remove the DHCPv6 DUID so each clone makes its own',
  defaultOn: false,
  appliesTo: {generations: ['sl', 'spp'], kinds: ['client', 'server']},
  basis: {kind: 'inferred', why: 'that Windows makes a new DUID when the value is absent is widely practised, not documented'},
  evidence: 'docs/first-boot.md',
  riskNote: 'whether generalize itself clears the DUID is UNCERTAIN (docs/reference/generalization.md#open-questions); duplicates cause DHCPv6 lease conflicts',
  order: 60,
  stage,
};
