/** Human text and CSV renderings of a fleet report and a fingerprint (pure: strings in, strings out). */
import type {Fingerprint} from './fingerprint.js';
import {LABELS} from './normalize.js';
import type {FleetReport, IdentityKind} from './types.js';

const SHOWN_MEMBERS = 10;
const SHOWN_ROWS = 20;
const SHOWN_GROUPS_PER_KIND = 20;

/** What to do about each kind of duplicate (docs/reference/generalization.md#identities, docs/reference/generalization.md#clone-problems). */
export const DUPLICATE_ADVICE: Record<IdentityKind | 'cmid-predicted', string> = {
  cmid: 'a KMS host counts these clients once: run slmgr /rearm and restart on all but one, then fix the image (docs/reference/generalization.md#clone-problems)',
  'cmid-predicted': 'clones of this image will share one CMID: generalize without SkipRearm=1 before capture (docs/reference/generalization.md#rearm)',
  machineSid: 'captured without sysprep /generalize: redeploy from a generalized image (docs/reference/generalization.md#generalize-scope)',
  machineGuid: 'captured without sysprep /generalize: redeploy from a generalized image (docs/reference/generalization.md#machine-guid)',
  susClientId: 'WSUS shows only one of them: delete SusClientId and SusClientIdValidation, then wuauclt /resetauthorization /detectnow (docs/reference/generalization.md#wsus-client-id)',
  dhcpv6Duid: 'these machines will conflict over DHCPv6 leases (docs/reference/generalization.md#dhcpv6-duid)',
  computerName: 'rename all but one (names must be unique on the network)',
};

export function renderFleetText(report: FleetReport): string {
  const out: string[] = [];
  const inputs = report.inputs.map((i) => `${i.file} (${i.format}, ${i.records} records${i.errors ? `, ${i.errors} errors` : ''})`);
  out.push(`Audited ${report.records} records from ${report.inputs.length} input(s):`, ...inputs.map((line) => `  ${line}`));
  for (const skipped of report.skipped) out.push(`  ${skipped.file}: skipped, ${skipped.reason}`);
  if (report.regenerated > 0) out.push(`${report.regenerated} generalized image(s): identities regenerate at first boot, not counted as duplicates.`);

  out.push('', report.duplicates.length === 0 ? 'Duplicates: none.' : `Duplicates: ${report.duplicates.length} group(s).`);
  const shownPerKind = new Map<string, number>();
  for (const group of report.duplicates) {
    const key: keyof typeof DUPLICATE_ADVICE = group.predicted ? 'cmid-predicted' : group.kind;
    const shown = shownPerKind.get(key) ?? 0;
    shownPerKind.set(key, shown + 1);
    if (shown === 0) out.push(`  ${LABELS[group.kind]}${group.predicted ? ' (predicted)' : ''}: ${DUPLICATE_ADVICE[key]}.`);
    if (shown === SHOWN_GROUPS_PER_KIND) out.push(`  … more ${LABELS[group.kind]} groups (--format json lists them)`);
    if (shown >= SHOWN_GROUPS_PER_KIND) continue;
    const what = group.predicted ? `CMID of the image ${group.value}` : `${LABELS[group.kind]} ${group.value}`;
    out.push(`  ${what}: ${group.memberCount} machines`);
    for (const member of group.members.slice(0, SHOWN_MEMBERS)) out.push(`    ${member.source}${member.machine ? ` (${member.machine})` : ''}`);
    if (group.memberCount > SHOWN_MEMBERS) out.push(`    … and ${group.memberCount - SHOWN_MEMBERS} more (--format json lists them)`);
  }

  const {kms} = report;
  out.push('');
  if (!kms.carriesCmids) {
    out.push('KMS count: no input carries CMIDs; thresholds not judged.');
  } else {
    out.push(`KMS count: ${kms.projectedCount} projected (${kms.distinctCmidsInWindow} distinct CMIDs in the last ${kms.windowDays} days, host caps at ${kms.cap}).`);
    for (const check of kms.thresholds) {
      out.push(
        check.met
          ? `  ${check.kind} threshold ${check.threshold}: met.`
          : `  ${check.kind} threshold ${check.threshold}: NOT met — ${check.needed} more distinct client(s) needed before the host activates ${check.kind}s.`,
      );
    }
  }

  if (kms.hosts.length > 0) out.push(`  KMS hosts in use: ${kms.hosts.map((h) => `${h.host} (${h.machines})`).join(', ')}.`);

  out.push('', report.stale.count === 0 ? `Activation past ${report.stale.validityDays} days: none.` : `Activation past ${report.stale.validityDays} days: ${report.stale.count} client(s).`);
  for (const client of report.stale.clients.slice(0, SHOWN_ROWS)) {
    const why = client.status ? `license status ${client.status}` : `last activation ${client.lastActivation} (${client.daysSince} days ago)`;
    out.push(`  ${client.machine || '(unnamed)'} ${client.source}: ${why}`);
  }

  if (report.rearmExhausted.count > 0) {
    out.push('', `No rearm left: ${report.rearmExhausted.count} client(s); slmgr /rearm cannot give them a new CMID (reinstall).`);
    for (const client of report.rearmExhausted.clients.slice(0, SHOWN_ROWS)) out.push(`  ${client.machine || '(unnamed)'} ${client.source}`);
  }

  if (report.errors.count > 0) {
    out.push('', `Unreadable rows: ${report.errors.count}.`);
    for (const error of report.errors.rows.slice(0, SHOWN_ROWS)) out.push(`  ${error.file}:${error.line}: ${error.message}`);
    if (report.errors.count > SHOWN_ROWS) out.push(`  … and ${report.errors.count - SHOWN_ROWS} more (--format json lists them)`);
  }
  out.push('', report.passed ? 'Fleet audit passed.' : 'Fleet audit FAILED.');
  return out.join('\n');
}

/** One CSV row per finding: kind, value, source, machine, detail. */
export function renderFleetCsv(report: FleetReport): string {
  const rows: string[][] = [['finding', 'kind', 'value', 'source', 'machine', 'detail']];
  for (const group of report.duplicates) {
    for (const member of group.members) {
      rows.push(['duplicate', group.kind, group.value, member.source, member.machine ?? '', group.predicted ? 'predicted' : `${group.memberCount} machines`]);
    }
  }
  const {kms} = report;
  if (kms.carriesCmids) {
    for (const check of kms.thresholds) {
      rows.push(['kms-count', check.kind, String(kms.projectedCount), '', '', check.met ? `threshold ${check.threshold} met` : `threshold ${check.threshold} not met; ${check.needed} more needed`]);
    }
  }
  for (const client of report.rearmExhausted.clients) rows.push(['no-rearm-left', '', '', client.source, client.machine, 'slmgr /rearm cannot give a new CMID']);
  for (const client of report.stale.clients) {
    rows.push(['stale-activation', '', client.lastActivation ?? '', client.source, client.machine, client.status ?? `${client.daysSince} days`]);
  }
  for (const error of report.errors.rows) rows.push(['row-error', '', '', `${error.file}:${error.line}`, '', error.message]);
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting, plus a leading ' against spreadsheet formula injection from hostile inputs. */
export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderFingerprintText(fp: Fingerprint): string {
  const row = (label: string, value: string | number | boolean | undefined): string => `${label.padEnd(22)}${value ?? '(absent)'}`;
  const kms = fp.kms.host ? `direct ${fp.kms.host}${fp.kms.port ? `:${fp.kms.port}` : ''}` : `auto (DNS)${fp.kms.lookupDomain ? ` in ${fp.kms.lookupDomain}` : ''}`;
  return [
    row('Image', `${fp.source.path}${fp.source.index ? ` [${fp.source.index}]` : ''} (${fp.source.kind})`),
    row('Edition', [fp.productName ?? fp.edition, fp.build ? `build ${fp.build}` : undefined].filter(Boolean).join(', ') || undefined),
    row('Computer name', fp.computerName),
    row('Machine SID', fp.machineSid),
    row('MachineGuid', fp.machineGuid),
    row('SusClientId', fp.susClientId),
    row('DHCPv6 DUID', fp.dhcpv6Duid),
    row('Generalization', fp.generalization.state),
    row('Identities', fp.identitiesRegenerated ? 'regenerated at first boot (clones are not duplicates)' : 'kept: every clone shares them'),
    row('CMID', fp.cmidRegenerated ? 'regenerated by rearm at first boot' : `shared by every clone (${fp.cmidSharedBecause ?? 'SkipRearm=1'})`),
    row('Key channel', `${fp.keyChannel}${fp.partialProductKey ? ` (…${fp.partialProductKey})` : ''}`),
    row('KMS', kms),
    row('SkipRearm', fp.kms.skipRearm),
  ].join('\n');
}
