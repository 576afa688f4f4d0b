/** Human text for `image inspect`: a compact report, one fact group per block. Pure: returns a string. */
import type {AnswerFileFacts, ImageFacts, WimFileFacts, WimImageListing} from './facts.js';

const LABEL_WIDTH = 20;
const row = (label: string, value: string): string => `  ${label.padEnd(LABEL_WIDTH)}${value}`;
const or = (value: string | number | undefined, fallback = '(none)'): string => (value === undefined || value === '' ? fallback : String(value));

export function renderInspect(facts: ImageFacts): string {
  const {os, controlSet, identity: id, licensing: lic, generalization: gen} = facts;
  const lines: string[] = [];
  lines.push(`${facts.path} (${facts.kind}${facts.index === undefined ? '' : `, image ${facts.index}`})`);
  if (facts.wimFile) lines.push(...renderWimFile(facts.wimFile));

  lines.push('OS');
  const version = os.majorVersion !== undefined ? `${os.majorVersion}.${os.minorVersion ?? 0}` : or(os.version, '?');
  const registryName = os.productName !== undefined && os.productName !== os.displayName ? ` (registry ProductName "${os.productName}")` : '';
  lines.push(row('product', `${or(os.displayName ?? os.productName, '(unknown)')}${registryName} — ${or(os.family, '?')}`));
  lines.push(row('edition', `${or(os.editionId, '(unknown)')}, version ${version} build ${or(os.build, '?')}`));
  lines.push(row('type', `${os.kind}${os.installationType ? ` (${os.installationType})` : ''}, ${os.architecture}, licensing ${os.licensingGeneration}`));
  lines.push(row('control set', `${controlSet.name} (Select\\Current = ${controlSet.current}; present: ${controlSet.available.join(', ')})`));

  lines.push('Identity');
  lines.push(row('computer name', `${or(id.computerName)} (Tcpip Hostname ${or(id.tcpipHostname)}, NV Hostname ${or(id.tcpipNvHostname)})`));
  if (id.primaryDnsSuffix) lines.push(row('DNS suffix', id.primaryDnsSuffix));
  lines.push(row('machine SID', or(id.machineSid) + (id.lsaMachineSid ? ` (LSA says ${id.lsaMachineSid})` : '')));
  lines.push(row('MachineGuid', or(id.machineGuid)));
  lines.push(row('WSUS SusClientId', or(id.susClientId) + (id.wsusIdentityValues?.length ? ` (values: ${id.wsusIdentityValues.join(', ')})` : '')));
  lines.push(row('DHCPv6 DUID', or(id.dhcpv6Duid)));
  lines.push(...renderMembership(facts));

  lines.push(`Licensing (${lic.keyPath})`);
  const matches = lic.gvlkMatches?.length ? `: ${lic.gvlkMatches.join(', ')}` : '';
  lines.push(row('product key', lic.productKey ? `${lic.productKey}${matches}${lic.productKeySource ? ` (from ${lic.productKeySource})` : ''}` : '(none readable)'));
  lines.push(row('key channel', `${lic.keyChannel}${lic.keyChannelSource && lic.keyChannelSource !== 'none' ? ` (from ${lic.keyChannelSource})` : ''}${lic.keyChannelNote ? `: ${lic.keyChannelNote}` : ''}`));
  if (lic.partialProductKey) lines.push(row('partial key', lic.partialProductKey));
  lines.push(row('SkipRearm', lic.skipRearm === undefined ? '(not set)' : `${lic.skipRearm}${lic.skipRearm === 1 ? ' — rearm skipped: clones keep one CMID' : ''}`));
  const client = lic.client;
  const clientText =
    client.mode === 'direct' ? `direct to ${client.host}${client.port ? `:${client.port}` : ''}` : `auto (DNS discovery${client.lookupDomain ? ` in ${client.lookupDomain}` : ''})`;
  const intervals = [
    client.activationInterval !== undefined ? `activation every ${client.activationInterval} min` : '',
    client.renewalInterval !== undefined ? `renewal every ${client.renewalInterval} min` : '',
    client.hostCachingDisabled ? 'host caching off' : '',
  ].filter(Boolean);
  lines.push(row('KMS client', clientText + (intervals.length ? `; ${intervals.join(', ')}` : '')));
  const host = lic.host;
  const hostParts = [
    host.listeningPort ? `listening port ${host.listeningPort}` : '',
    host.dnsPublishingDisabled !== undefined ? `DNS publishing ${host.dnsPublishingDisabled ? 'off' : 'on'}` : '',
    host.publishDomains?.length ? `publishes in ${host.publishDomains.join('; ')}` : '',
    host.lowPriority !== undefined ? `${host.lowPriority ? 'low' : 'normal'} priority` : '',
  ].filter(Boolean);
  lines.push(row('KMS host', hostParts.length ? hostParts.join(', ') : '(defaults)'));
  const caches = lic.cachedKmsHosts ?? [];
  if (caches.length === 0) lines.push(row('cached KMS host', lic.cachedKmsHost ? `${lic.cachedKmsHost}${lic.cachedKmsPort ? `:${lic.cachedKmsPort}` : ''}` : '(none)'));
  for (const entry of caches) {
    const where = entry.application ? `${entry.application} cache, ${entry.keyPath}` : entry.keyPath;
    lines.push(row('cached KMS host', `${entry.host ?? entry.ipAddress ?? entry.values.join(', ')}${entry.port ? `:${entry.port}` : ''} (${where})`));
  }

  lines.push(`Generalization: ${gen.state}`);
  lines.push(row('ImageState', or(gen.imageState) + (gen.stateIniImageState !== undefined && gen.stateIniImageState !== gen.imageState ? ` (State.ini says ${gen.stateIniImageState})` : '')));
  lines.push(row('Sysprep tag', gen.sysprepTag ? 'present' : 'absent'));
  lines.push(row('Setup', `CmdLine "${gen.setupCmdLine ?? ''}", SetupType ${or(gen.setupType, '-')}, SystemSetupInProgress ${or(gen.systemSetupInProgress, '-')}`));
  if (gen.generalizationState !== undefined) lines.push(row('GeneralizationState', `${gen.generalizationState} (reported only; not a generalization signal)`));
  if (gen.reseal) {
    const r = gen.reseal;
    lines.push(row('winprep reseal', [r.resealedBy, r.version, r.time, r.rearmArmed === undefined ? '' : `rearm ${r.rearmArmed ? 'armed' : 'not armed'}`].filter(Boolean).join(', ')));
  }
  if (gen.inferredOperations) lines.push(row('inferred changes', `${gen.inferredOperations.join(', ')} (not documented; validate warns, see docs/first-boot.md)`));

  lines.push(facts.answerFiles.length ? 'Answer files' : 'Answer files: none');
  for (const file of facts.answerFiles) lines.push(...renderAnswerFile(file));

  const dirty = facts.hives.filter((h) => h.dirty);
  const state = (h: ImageFacts['hives'][number]): string =>
    h.recovered
      ? `${h.path} (read as recovered in memory: ${h.recovered.applied} ${h.recovered.format === 'new' ? 'log entries' : 'dirty pages'} replayed from ${h.recovered.logs.join(', ')}; files unchanged)`
      : `${h.path} (its logs cannot be replayed${h.logProblems?.length ? `: ${h.logProblems.map((p) => `${p.log} ${p.reason}`).join('; ')}` : ''}; read without them)`;
  lines.push(`Hives: ${facts.hives.length} read${dirty.length ? `; DIRTY: ${dirty.map(state).join(', ')}` : ', all clean'}`);
  return lines.join('\n');
}

function renderAnswerFile(file: AnswerFileFacts): string[] {
  if (!file.wellFormed) return [`  ${file.path}: NOT USABLE — ${or(file.error, 'malformed')}`];
  const out = [`  ${file.path}: passes ${file.passes.join(', ') || '(none)'}; ${file.architectures.join(', ') || 'no architecture'}`];
  for (const s of file.skipRearm) out.push(`    SkipRearm ${s.value} (${s.pass})`);
  for (const c of file.computerNames) out.push(`    ComputerName ${c.value === '*' ? '* (random)' : c.value} (${c.pass})`);
  for (const k of file.productKeys) out.push(`    product key ${k.value}${k.isGvlk ? ' (GVLK)' : ''} (${k.pass})`);
  if (file.plainTextPasswords > 0) out.push(`    ${file.plainTextPasswords} plain-text password${file.plainTextPasswords === 1 ? '' : 's'}`);
  return out;
}

function renderMembership(facts: ImageFacts): string[] {
  const m = facts.membership;
  if (!m) return [];
  const out: string[] = [];
  out.push(
    row(
      'domain',
      m.domainJoined
        ? `JOINED to ${or(m.primaryDomainName, '?')}${m.dnsDomainName ? ` (${m.dnsDomainName})` : ''}, SID ${m.primaryDomainSid}: clones would share its computer account`
        : `not joined (workgroup ${or(m.primaryDomainName, '?')})`,
    ),
  );
  for (const e of m.mdmEnrollments) out.push(row('MDM enrollment', `${e.id}${e.providerId ? ` (provider ${e.providerId})` : ''}`));
  for (const j of m.entraJoins) out.push(row('Entra join', `${j.id}${j.tenantId ? ` (tenant ${j.tenantId})` : ''}`));
  if (m.configMgr) out.push(row('ConfigMgr client', `${m.configMgr.file}${m.configMgr.uniqueId ? `: ${m.configMgr.uniqueId}` : ''}`));
  if (m.defenderOnboarded) out.push(row('Defender (MDE)', `onboarded${m.defenderOnboarded.orgId ? ` (organization ${m.defenderOnboarded.orgId})` : ''}`));
  return out;
}

function renderWimFile({fileSize, reclaimableBytes, rebuildReason}: WimFileFacts): string[] {
  return [
    'WIM file',
    row('size', `${fileSize} bytes; reclaimable ${reclaimableBytes} bytes (zeroed or unreferenced; --compact or wimlib-imagex optimize gives them back)`),
    row('edits', rebuildReason ? `rebuild the whole WIM: ${rebuildReason}` : 'in place'),
  ];
}

/** A multi-image WIM inspected without --index: one row per image and how to choose one. */
export function renderWimListing(listing: WimImageListing, bin: string): string {
  const lines = [`${listing.path} (wim, ${listing.images.length} images)`, ...renderWimFile(listing.wimFile), 'Images'];
  for (const image of listing.images) {
    const details = [image.edition, image.architecture, image.build === undefined ? undefined : `build ${image.build}`].filter((d) => d !== undefined);
    lines.push(row(`${image.index}`, `${image.name || '(no name)'}${details.length > 0 ? ` — ${details.join(', ')}` : ''}`));
    if (image.description && image.description !== image.name) lines.push(row('', image.description));
  }
  const first = listing.images[0]!;
  lines.push(`Inspect one with --index: ${bin} image inspect ${listing.path} --index ${first.index} (or --index "${first.name}")`);
  return lines.join('\n');
}
