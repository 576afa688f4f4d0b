/**
 * Flags and arguments several commands share, defined once so that each is spelled and described the same
 * way everywhere (docs/reference/design.md#shared-flags: shared flag helpers, as in Salesforce's src/utils/flags.ts), with the
 * small pure helpers that turn them into library options (docs/reference/design.md#shared-flags).
 * Factories, not shared objects: oclif writes each flag's name into its definition when parsing.
 */
import {Args, Errors, Flags} from '@oclif/core';

import type {WimImageRef} from '../image/types.js';

const IMAGE_DESCRIPTION = 'Image: a folder, a tar archive (.tar, .tar.gz, .tar.xz, .tar.zst, .tar.bz2), a WIM file or a virtual disk (raw, VHD, VHDX, VMDK, qcow2).';

/** The image a command reads or changes. */
export const imageArg = () => Args.string({required: true, description: IMAGE_DESCRIPTION});

/** The image, for commands that also run without one (--list-operations, --list-rules). */
export const optionalImageArg = () => Args.string({description: IMAGE_DESCRIPTION});

const INDEX_SUMMARY = 'WIM image: its number (1-based) or its name; required for a multi-image WIM';

/**
 * `--index`: which image of a WIM file, by number or by name as `image inspect` lists them (DISM takes
 * either, /Index or /Name); `note` says when else it is optional or used. All digits is a number, as wimlib reads it.
 */
export const indexFlag = (note?: string, relations: {dependsOn?: string[]} = {}) =>
  Flags.custom<WimImageRef>({
    summary: note ? `${INDEX_SUMMARY} ${note}.` : `${INDEX_SUMMARY}.`,
    helpValue: '<number|name>',
    ...relations,
    async parse(input: string): Promise<WimImageRef> {
      const trimmed = input.trim();
      if (/^\d+$/.test(trimmed)) {
        const index = Number(trimmed);
        // A CLIError is a usage error (exit 2) like oclif's own parse errors; a plain Error would be INTERNAL.
        if (index < 1) throw new Errors.CLIError(`image numbers start at 1 (got ${input})`);
        return index;
      }
      if (trimmed === '') throw new Errors.CLIError('give an image number or name');
      return trimmed;
    },
  })();

/** `--partition`: which Windows volume of a disk image (the partition number, e.g. 3 for the third partition). */
export const partitionFlag = (relations: {dependsOn?: string[]} = {}) =>
  Flags.integer({summary: 'Disk image partition holding Windows (its number); required when a disk holds more than one Windows volume.', min: 1, ...relations});

/** `--root`: the folder of a tar archive that is the Windows volume, when the archive holds more than one. */
export const rootFlag = () =>
  Flags.string({summary: 'Folder of a tar archive that holds Windows, when it is neither the root nor the one top-level folder.'});

/** `--dry-run`: the whole run on a read-only copy (an image opened read-only, a hive in memory), nothing written. */
export const dryRunFlag = () => Flags.boolean({summary: 'Report the changes the run would make and write nothing.'});

/**
 * `--force-dirty`: a hive whose transaction logs hold changes its base block lacks is refused (HIVE_DIRTY);
 * with the flag it is written from the base block alone, so what only the logs held is lost.
 */
export const forceDirtyFlag = () =>
  Flags.boolean({summary: 'Write hives that have unreplayed transaction logs (the changes only those logs hold are lost).'});

/**
 * `--replay-logs`: recover a dirty hive from its transaction logs (Windows 8.1+ HvLE or Windows XP–8.0
 * DIRT format, src/registry/log-replay.ts). Read commands replay in memory and leave the files untouched;
 * write commands save the recovered hive, clean.
 */
export const replayLogsFlag = (mode: 'view' | 'write') =>
  Flags.boolean({
    summary:
      mode === 'view'
        ? 'Show a dirty hive as Windows would see it after replaying its transaction logs (in memory; no file is changed).'
        : 'Replay dirty hives\' transaction logs (.LOG1/.LOG2 or the older .LOG format) first and save them recovered and clean.',
  });

/** The flags of every command that changes an image through a staged run (src/image staged changes). */
export const imageWriteFlags = () => ({
  'dry-run': dryRunFlag(),
  backup: Flags.boolean({
    summary: 'Keep the previous version of every file the run replaces, outside the image.',
    description: 'A folder image: in <folder>.winprep-backup/<UTC time>/ beside it (with a list of what changed); a tar or WIM: <archive>.bak beside it. Never inside the image.',
  }),
  index: indexFlag(),
  partition: partitionFlag(),
  root: rootFlag(),
  'force-dirty': forceDirtyFlag(),
  'replay-logs': replayLogsFlag('write'),
  compact: Flags.boolean({
    summary: 'A WIM: rebuild it after the edit so that no zeroed space is left (takes time in proportion to the WIM).',
    description: 'WIM edits are made in place and zero what they replace; the zeroed space stays until it passes half the file, when the WIM is rebuilt anyway. image inspect shows it as reclaimable.',
  }),
});

export interface ImageWriteFlagValues {
  'dry-run': boolean;
  backup: boolean;
  index?: WimImageRef;
  partition?: number;
  root?: string;
  'force-dirty': boolean;
  'replay-logs': boolean;
  compact: boolean;
}

export interface ImageWriteOptions {
  dryRun: boolean;
  backup: boolean;
  index?: WimImageRef;
  partition?: number;
  root?: string;
  forceDirty: boolean;
  replayLogs: boolean;
  compact: boolean;
}

/** The library options of imageWriteFlags (the same names in generalize, kms and prepare). */
export const imageWriteOptions = (flags: ImageWriteFlagValues): ImageWriteOptions => ({
  dryRun: flags['dry-run'],
  backup: flags.backup,
  index: flags.index,
  partition: flags.partition,
  root: flags.root,
  forceDirty: flags['force-dirty'],
  replayLogs: flags['replay-logs'],
  compact: flags.compact,
});

/**
 * `--prefix` of the `reg` commands: where the hive is mounted in .reg paths. Machine hives need none
 * (src/registry/mount.ts mountPrefixFor); for diff it applies to both hives.
 */
export const prefixFlag = () =>
  Flags.string({
    summary:
      'Registry path the hive is mounted at (e.g. "HKEY_USERS\\S-1-5-20"); needed unless the file, or the name Windows stored in the hive, is SYSTEM, SOFTWARE, SAM or SECURITY.',
  });

/** `--computer-name`: checked by src/generalize/computer-name-pattern.ts (docs/reference/answer-files.md#settings). */
export const computerNameFlag = () =>
  Flags.string({summary: 'ComputerName for specialize: * (random, the default) or a name of up to 15 characters.'});

/** `--force` of commands that write a new file or folder; `what` names it. */
export const forceFlag = (what: string) => Flags.boolean({summary: `Replace ${what} if it already exists.`});

/**
 * KMS host settings (slmgr /sprt, /cdns, /cpri, /sai, /sri and DnsDomainPublishList, docs/reference/kms.md#registry-values), the same
 * for an offline image (kms host configure) and a running host (kms host script). Values are checked by the
 * library (exit 3 naming the flag), not oclif `options`, so that a bad value names the flag the same way.
 */
export const kmsHostSettingFlags = () => ({
  port: Flags.string({summary: 'TCP port the host listens on (1-65535; default 1688).'}),
  'dns-publishing': Flags.string({summary: 'Publish the _vlmcs._tcp SRV record automatically: on (the default) or off.'}),
  'publish-domain': Flags.string({summary: 'Extra domain to publish in: domain[,priority,weight] (repeatable; bare domains on Vista/2008).', multiple: true}),
  'low-priority': Flags.string({summary: 'Run the KMS host at low priority: on or off (the default).'}),
  'activation-interval': Flags.string({summary: 'Minutes between activation attempts of unactivated clients (15-43200; default 120).'}),
  'renewal-interval': Flags.string({summary: 'Minutes between renewals of activated clients (15-43200; default 10080).'}),
});

export interface KmsHostSettingFlagValues {
  port?: string;
  'dns-publishing'?: string;
  'publish-domain'?: string[];
  'low-priority'?: string;
  'activation-interval'?: string;
  'renewal-interval'?: string;
}

/** The KmsHostOptions fields of kmsHostSettingFlags (src/kms/types.ts). */
export const kmsHostSettingOptions = (flags: KmsHostSettingFlagValues) => ({
  port: flags.port,
  dnsPublishing: flags['dns-publishing'],
  publishDomains: flags['publish-domain'],
  lowPriority: flags['low-priority'],
  activationInterval: flags['activation-interval'],
  renewalInterval: flags['renewal-interval'],
});

/** The SRV record flags `dns records` and `dns publish` share (docs/reference/dns.md#srv-record: _vlmcs._tcp.<domain>). */
export const srvRecordFlags = () => ({
  domain: Flags.string({summary: 'Domain the clients search: records go to _vlmcs._tcp.<domain>.', required: true}),
  host: Flags.string({summary: 'KMS host as <fqdn>[:port][,priority,weight]; repeat for more hosts.', required: true, multiple: true}),
  ttl: Flags.string({summary: 'TTL in seconds.', default: '3600'}),
});

/** `--timeout` of the commands that talk to a DNS server; `what` says what is waited for. */
export const timeoutFlag = (what: string, seconds: number) =>
  Flags.integer({summary: `Seconds to wait for ${what}.`, default: seconds, min: 1, max: 300});
