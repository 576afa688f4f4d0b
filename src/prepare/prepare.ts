/**
 * `image prepare`: generalize, configure KMS (client or host) and validate, staged as ONE change set on the
 * open image and committed only if validation passes (or commitOnFail). A failed or dry run leaves every file
 * of the image as it was.
 */
import {WinprepError, badInput, isWinprepError} from '../errors.js';
import {detectImageKind} from '../image/index.js';
import type {ImageKind, WimImageRef} from '../image/types.js';
import {OPERATION_READS, stageGeneralize, type StagedGeneralize} from '../generalize/run.js';
import {parseKmsClientOptions} from '../kms/client-settings.js';
import {stageKmsClient, type StagedKmsClient} from '../kms/client.js';
import {resolveKmsHostSettings, stageKmsHost, type StagedKmsHost} from '../kms/host.js';
import {loadProfile} from '../licensing/profile.js';
import type {Integer} from '../json-types.js';
import {checkProfileOperations} from './check-profile.js';
import {RULE_READS, validateOpenImage} from '../validate/run.js';
import {KMS_READS} from '../kms/reads.js';
import type {ImageRole, ValidationReport} from '../validate/types.js';
import {planPrepare} from './profile-to-options.js';
import {summarizeChanges, type FileChangeSummary} from '../workflow/changes.js';
import {runStagedImage, type StageStep} from '../workflow/staged-run.js';
import type {StepRunner} from '../workflow/steps.js';

export interface PrepareOptions {
  profile: string;
  dryRun?: boolean;
  commitOnFail?: boolean;
  backup?: boolean;
  forceDirty?: boolean;
  /** Replay dirty hives' transaction logs and save them recovered (--replay-logs). */
  replayLogs?: boolean;
  /** Rebuild a WIM after the edit (--compact). */
  compact?: boolean;
  index?: WimImageRef;
  /** Disk image partition holding Windows. */
  partition?: number;
  /** A tar archive's folder holding Windows (OpenImageOptions.root). */
  root?: string;
  role?: ImageRole;
  computerName?: string;
}

export interface PrepareResult {
  image: {path: string; kind: ImageKind; index?: Integer};
  profile: string;
  role: ImageRole;
  dryRun: boolean;
  fit: boolean;
  committed: boolean;
  /** Why nothing was committed, when nothing was. */
  notCommittedBecause?: string;
  generalize?: StagedGeneralize;
  kmsClient?: Omit<StagedKmsClient, 'edits'>;
  kmsHost?: Omit<StagedKmsHost, 'edits'>;
  validation: ValidationReport;
  files: FileChangeSummary[];
  backups: string[];
  /** Why the commit took the time it did (a WIM rebuilt in full); absent when nothing to say. */
  commitNotes?: string[];
  warnings: string[];
}

/** What prepare's stage steps record, feature by feature. */
interface PrepareState {
  generalize?: StagedGeneralize;
  kmsClient?: StagedKmsClient;
  kmsHost?: StagedKmsHost;
  validation?: ValidationReport;
}

const need = <T>(value: T | undefined): T => {
  if (value === undefined) throw new WinprepError('internal', 'prepare step ran out of order');
  return value;
};

export async function prepareImage(imagePath: string, options: PrepareOptions, runSteps?: StepRunner): Promise<PrepareResult> {
  const profile = await loadProfile(options.profile);
  checkProfileOperations(profile, options.profile);
  const plan = planPrepare(profile, options.role);
  // Bad KMS values fail before the image is opened (exit 3, nothing touched).
  const clientSettings = plan.client ? parseKmsClientOptions(plan.client) : undefined;
  const hostSettings = plan.host ? await resolveKmsHostSettings(plan.host) : undefined;
  const dryRun = Boolean(options.dryRun);

  const stages: StageStep<PrepareState>[] = [
    {
      title: 'Generalize: reset identities and arm the first-boot rearm',
      run: async ({image, facts}, s, report) => {
        s.generalize = await stageGeneralize(image, facts, {operations: plan.operations, computerName: options.computerName ?? plan.computerName});
        report(`${s.generalize.operations.filter((o) => o.status === 'changed').length} operation(s) changed the image`);
      },
    },
    {
      title: `Configure the KMS ${plan.role}`,
      skip: () => (clientSettings || hostSettings ? false : 'the profile has no KMS section for this role'),
      run: async ({image, facts}, s) => {
        // KMS staging reads only the OS facts (generation, build, edition, architecture), which generalize
        // does not change; the answer file it edits is read through the image, staged contents first.
        if (clientSettings) s.kmsClient = await stageKmsClient(image, facts, clientSettings);
        if (hostSettings) s.kmsHost = await stageKmsHost(image, facts, hostSettings);
      },
    },
    {
      title: `Validate for ${plan.target}`,
      run: async ({image}, s, report) => {
        s.validation = await validateOpenImage(image, {target: plan.target, role: plan.role, strict: plan.strict, ...plan.rules});
        report(s.validation.fit ? 'fit' : `${s.validation.counts.error} error(s), ${s.validation.counts.warning} warning(s)`);
      },
    },
  ];

  const fromProfile = options.index === undefined && profile.image?.index !== undefined;
  const run = await runStagedImage(
    imagePath,
    // A profile's image.backup asks for a backup as --backup does (the flag wins when given).
    {...options, backup: options.backup || plan.backup, runSteps},
    {
      state: {} as PrepareState,
      stages,
      reads: [...OPERATION_READS, ...KMS_READS, ...RULE_READS],
      // The profile's image.index serves WIM files; a folder or tar given the same profile simply has one image.
      index: async () => ((await detectImageKind(imagePath)).kind === 'wim' ? profile.image?.index : undefined),
      commitIf: (s, files) => files.length > 0 && (need(s.validation).fit || Boolean(options.commitOnFail)),
    },
  ).catch((error: unknown) => {
    // A WIM image the profile names but the WIM lacks is blamed on the profile setting, not on --index.
    if (fromProfile && isWinprepError(error) && error.code === 'WIM_IMAGE_NOT_FOUND') {
      throw badInput(`${options.profile}: /image/index: ${error.message}`, {code: 'PROFILE_IMAGE_INDEX', hint: `winprep image inspect ${imagePath} lists the images`});
    }
    throw error;
  });
  const state = {...run.state, committed: run.committed};

  const validation = need(state.validation);
  const strip = <T extends {edits: unknown}>(staged: T | undefined): Omit<T, 'edits'> | undefined => {
    if (!staged) return undefined;
    const {edits: _edits, ...rest} = staged;
    return rest;
  };
  const warnings = [...plan.warnings, ...(state.kmsClient?.warnings ?? []), ...(state.kmsHost?.warnings ?? [])];
  return {
    image: run.image,
    profile: options.profile,
    role: plan.role,
    dryRun,
    fit: validation.fit,
    committed: state.committed,
    notCommittedBecause: state.committed
      ? undefined
      : dryRun
        ? 'dry run'
        : !validation.fit && !options.commitOnFail
          ? 'validation failed (use --commit-on-fail to commit anyway)'
          : 'nothing to change',
    generalize: state.generalize,
    kmsClient: strip(state.kmsClient),
    kmsHost: strip(state.kmsHost),
    validation,
    files: summarizeChanges(run.files),
    backups: run.backups,
    ...(run.commitNotes ? {commitNotes: run.commitNotes} : {}),
    warnings,
  };
}
