/**
 * `dns permissions`: the commands an AD admin runs so that several KMS hosts can all update the one
 * `_vlmcs._tcp` record. By default the first KMS host creates the SRV record and owns it, and the other hosts
 * cannot update it until its permissions let a group of KMS hosts do so: create a global security group, add
 * each KMS host to it, and set the record's permissions to allow updates by the group's members (Microsoft
 * Learn, Volume Activation Deployment Guide, "Configuring DNS" > "Change the Default DNS Permissions for SRV
 * Records": https://learn.microsoft.com/en-us/previous-versions/tn-archive/ff793405(v=technet.10)).
 * Output only: winprep never changes Active Directory itself.
 */
import {badInput, usageError} from '../errors.js';
import {parseDomain, parseSrvHost, srvOwner} from '../licensing/srv.js';
import {relativeName} from './records.js';

export const PERMISSION_FORMATS = ['powershell', 'samba-tool'] as const;
export type PermissionFormat = (typeof PERMISSION_FORMATS)[number];

/** Where an AD-integrated zone is stored, by replication scope (Add-DnsServerPrimaryZone -ReplicationScope). */
export const ZONE_PARTITIONS = {domain: 'DomainDnsZones', forest: 'ForestDnsZones'} as const;

export interface PermissionsOptions {
  domain: string;
  zone?: string;
  /** `<fqdn>[:port][,priority,weight]` each, as for the other dns commands; the computer name is the first label. */
  hosts: string[];
  group?: string;
  format?: string;
  /** The AD domain holding the zone (its DN is built from it for samba-tool); the zone by default. */
  adDomain?: string;
  partition?: string;
}

export interface PermissionsResult {
  format: PermissionFormat;
  group: string;
  zone: string;
  owner: string;
  /** The record's node name in the zone (dnsNode `DC=<name>`). */
  node: string;
  /** sAMAccountNames of the KMS hosts' computer accounts. */
  computers: string[];
  /** Distinguished name of the record's dnsNode (samba-tool; PowerShell asks AD for the domain part). */
  recordDn: string;
  text: string;
}

/**
 * The computer account of a KMS host: its NetBIOS name (the host name's first label, at most 15 characters)
 * plus `$`. *Inferred* from the usual join, where the NetBIOS name is the DNS host name's first label; a
 * machine renamed differently has another account name, so the scripts look the accounts up and fail loudly.
 */
export function computerAccount(fqdn: string): string {
  return `${fqdn.split('.')[0].slice(0, 15).toUpperCase()}$`;
}

const GROUP_NAME = /^[^"'`$\\/[\]:;|=+*?<>@,#]{1,64}$/;

export function kmsHostPermissions(options: PermissionsOptions): PermissionsResult {
  const format = (options.format ?? 'powershell') as PermissionFormat;
  if (!PERMISSION_FORMATS.includes(format)) throw usageError(`--format must be one of ${PERMISSION_FORMATS.join(', ')} (got "${options.format}")`, {code: 'USAGE'});
  const partitionKey = (options.partition ?? 'domain') as keyof typeof ZONE_PARTITIONS;
  if (!(partitionKey in ZONE_PARTITIONS)) throw usageError(`--partition must be domain or forest (got "${options.partition}")`, {code: 'USAGE'});
  const group = (options.group ?? 'KMS Hosts').trim();
  if (!GROUP_NAME.test(group)) throw badInput(`--group "${options.group}" is not a usable group name`, {code: 'BAD_GROUP_NAME', hint: 'letters, digits, spaces, dots, hyphens and underscores'});
  const domain = parseDomain(options.domain, '--domain');
  const zone = options.zone === undefined ? domain : parseDomain(options.zone, '--zone');
  const adDomain = options.adDomain === undefined ? zone : parseDomain(options.adDomain, '--ad-domain');
  if (options.hosts.length === 0) throw badInput('give at least one --host <fqdn>', {code: 'BAD_SRV_HOST'});
  const targets = options.hosts.map(parseSrvHost);
  const computers = [...new Set(targets.map((t) => computerAccount(t.target)))];
  const owner = srvOwner(domain);
  const node = relativeName(owner, zone);
  const domainDn = adDomain.split('.').map((label) => `DC=${label}`).join(',');
  const partition = ZONE_PARTITIONS[partitionKey];
  const recordDn = `DC=${node},DC=${zone},CN=MicrosoftDNS,DC=${partition},${domainDn}`;
  const first = targets[0];
  const text = format === 'powershell'
    ? powershell({group, zone, node, computers, partition, first})
    : sambaTool({group, computers, recordDn});
  return {format, group, zone, owner, node, computers, recordDn, text};
}

const SOURCE = 'https://learn.microsoft.com/en-us/previous-versions/tn-archive/ff793405(v=technet.10)';

const psQuote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function powershell(p: {group: string; zone: string; node: string; computers: string[]; partition: string; first: {target: string; port: number; priority: number; weight: number}}): string {
  const members = p.computers.map((c) => `(Get-ADComputer -Identity ${psQuote(c)})`).join(', ');
  return [
    '# Let every KMS host update the _vlmcs._tcp SRV record (several KMS hosts in one AD-integrated zone).',
    `# Source: Microsoft Learn, "Change the Default DNS Permissions for SRV Records", ${SOURCE}`,
    '# Run as a domain admin on a domain controller (or add -ComputerName <DC> to the DnsServer cmdlets);',
    '# needs the ActiveDirectory and DnsServer modules (RSAT). winprep changed nothing in AD.',
    'Import-Module ActiveDirectory, DnsServer',
    "$ErrorActionPreference = 'Stop'",
    `$group = ${psQuote(p.group)}`,
    `$zone = ${psQuote(p.zone)}`,
    `$node = ${psQuote(p.node)}`,
    '',
    '# 1. A global security group for the KMS hosts',
    "if (-not (Get-ADGroup -Filter \"Name -eq '$group'\")) {",
    "  New-ADGroup -Name $group -GroupScope Global -GroupCategory Security -Description 'KMS hosts that may update the _vlmcs._tcp record'",
    '}',
    '',
    '# 2. Every KMS host\'s computer account in the group (all in this domain)',
    `Add-ADGroupMember -Identity $group -Members ${members}`,
    '',
    '# 3. The record must exist to carry permissions: normally the first KMS host has published it',
    'if (-not (Get-DnsServerResourceRecord -ZoneName $zone -Name $node -RRType Srv -ErrorAction SilentlyContinue)) {',
    `  Add-DnsServerResourceRecord -ZoneName $zone -Srv -Name $node -DomainName ${psQuote(`${p.first.target}.`)} -Port ${p.first.port} -Priority ${p.first.priority} -Weight ${p.first.weight}`,
    '}',
    '',
    '# 4. Allow updates of the record by the group\'s members (read and write its properties)',
    `$path = "AD:DC=$node,DC=$zone,CN=MicrosoftDNS,DC=${p.partition},$((Get-ADDomain).DistinguishedName)"`,
    '$acl = Get-Acl -Path $path',
    "$rights = [System.DirectoryServices.ActiveDirectoryRights]'ReadProperty, WriteProperty'",
    "$acl.AddAccessRule((New-Object System.DirectoryServices.ActiveDirectoryAccessRule((Get-ADGroup -Identity $group).SID, $rights, 'Allow')))",
    'Set-Acl -Path $path -AclObject $acl',
    '',
    '# A host\'s new group membership counts from its next Kerberos ticket (restart it, or: klist -li 0x3e7 purge).',
    '',
  ].join('\n');
}

const shQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

function sambaTool(p: {group: string; computers: string[]; recordDn: string}): string {
  return [
    '#!/bin/sh',
    '# Let every KMS host update the _vlmcs._tcp SRV record, on a Samba AD DC.',
    `# Source: Microsoft Learn, "Change the Default DNS Permissions for SRV Records", ${SOURCE}`,
    '# usage: sh <this file> [samba-tool connection options, e.g. -H ldap://dc1.corp.example -U Administrator]',
    '# The record must exist (the first KMS host publishes it). winprep changed nothing in AD.',
    'set -eu',
    `group=${shQuote(p.group)}`,
    '# 1. A global security group for the KMS hosts',
    'samba-tool group show "$group" "$@" >/dev/null 2>&1 || samba-tool group add "$group" --group-scope=Global --group-type=Security "$@"',
    '# 2. Every KMS host\'s computer account in the group',
    `samba-tool group addmembers "$group" ${shQuote(p.computers.join(','))} "$@"`,
    '# 3. Allow updates of the record by the group\'s members (read and write its properties)',
    'sid=$(samba-tool group show "$group" --attributes=objectSid "$@" | sed -n \'s/^objectSid: //p\')',
    `samba-tool dsacl set --objectdn=${shQuote(p.recordDn)} --sddl="(A;;RPWP;;;$sid)" "$@"`,
    '',
  ].join('\n');
}
