/**
 * `image prepare`: generalize, configure KMS (client or host) and validate, staged as ONE change set on the
 * open image and committed only if validation passes (or commitOnFail). A failed or dry run leaves every file
 * of the image as it was.
 */
import type {ProgressStep} from '../cli/progress.js';
import type {ImageFacts} from '../image/facts.js';
import {detectImageKind, openImage} from '../image/index.js';
import {inspectImage} from '../image/inspect.js';
import type {FileChange, Image, ImageKind} from '../image/types.js';
import {stageGeneralize, type StagedGeneralize} from '../generalize/run.js';
import {parseKmsClientOptions} from '../kms/client-settings.js';
import {stageKmsClient, type StagedKmsClient} from '../kms/client.js';
import {resolveKmsHostSettings, stageKmsHost, type StagedKmsHost} from '../kms/host.js';
import {loadProfile} from '../licensing/profile.js';
import {checkProfileOperations} from './check-profile.js';
import {validateOpenImage} from '../validate/run.js';
import type {ImageRole, ValidationReport} from '../validate/types.js';
import {planPrepare} from './profile-to-options.js';
import {commitProgressReporter} from '../image/commit-progress.js';

export interface PrepareOptions {
  profile: string;
  dryRun?: boolean;
  commitOnFail?: boolean;
  backup?: boolean;
  forceDirty?: boolean;
  /** Replay dirty hives' transaction logs and save them recovered (--replay-logs). */
  replayLogs?: boolean;
  index?: number;
  /** Disk image partition holding Windows. */
  partition?: number;
  /** A tar archive's folder holding Windows (OpenImageOptions.root). */
  root?: string;
  role?: ImageRole;
  computerName?: string;
}

export interface PrepareResult {
  image: {path: string; kind: ImageKind; index?: number};
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
  files: {path: string; action: 'create' | 'write' | 'delete'}[];
  backups: string[];
  warnings: string[];
}

interface PrepareState {
  image?: Image;
  facts?: ImageFacts;
  generalize?: StagedGeneralize;
  kmsClient?: StagedKmsClient;
  kmsHost?: StagedKmsHost;
  validation?: ValidationReport;
  files: FileChange[];
  backups: string[];
  committed: boolean;
}

export type StepsRunner = (steps: ProgressStep<PrepareState>[], state: PrepareState) => Promise<PrepareState>;

const sequential: StepsRunner = async (steps, state) => {
  for (const step of steps) {
    if (step.skip?.(state)) continue;
    await step.run(state, () => {});
  }
  return state;
};

const need = <T>(value: T | undefined): T => {
  if (value === undefined) throw new Error('prepare step ran out of order');
  return value;
};

export async function prepareImage(imagePath: string, options: PrepareOptions, runSteps: StepsRunner = sequential): Promise<PrepareResult> {
  const profile = await loadProfile(options.profile);
  checkProfileOperations(profile, options.profile);
  const plan = planPrepare(profile, options.role);
  // Bad KMS values fail before the image is opened (exit 3, nothing touched).
  const clientSettings = plan.client ? parseKmsClientOptions(plan.client) : undefined;
  const hostSettings = plan.host ? await resolveKmsHostSettings(plan.host) : undefined;
  const dryRun = Boolean(options.dryRun);
  const state: PrepareState = {files: [], backups: [], committed: false};

  const steps: ProgressStep<PrepareState>[] = [
    {
      title: `Open ${imagePath}`,
      run: async (s) => {
        // The profile's image.index serves WIM files; a folder or tar given the same profile simply has one image.
        const index = options.index ?? ((await detectImageKind(imagePath)).kind === 'wim' ? profile.image?.index : undefined);
        s.image = await openImage(imagePath, {index, partition: options.partition, root: options.root, backup: options.backup || plan.backup, forceDirty: options.forceDirty, replayLogs: options.replayLogs, readOnly: dryRun});
        s.facts = await inspectImage(s.image);
      },
    },
    {
      title: 'Generalize: reset identities and arm the first-boot rearm',
      run: async (s, report) => {
        s.generalize = await stageGeneralize(need(s.image), need(s.facts), {operations: plan.operations, computerName: options.computerName ?? plan.computerName});
        report(`${s.generalize.operations.filter((o) => o.status === 'changed').length} operation(s) changed the image`);
      },
    },
    {
      title: `Configure the KMS ${plan.role}`,
      skip: () => (clientSettings || hostSettings ? false : 'the profile has no KMS section for this role'),
      run: async (s) => {
        // KMS staging reads only the OS facts (generation, build, edition, architecture), which generalize
        // does not change; the answer file it edits is read through the image, staged contents first.
        if (clientSettings) s.kmsClient = await stageKmsClient(need(s.image), need(s.facts), clientSettings);
        if (hostSettings) s.kmsHost = await stageKmsHost(need(s.image), need(s.facts), hostSettings);
      },
    },
    {
      title: `Validate for ${plan.target}`,
      run: async (s, report) => {
        s.validation = await validateOpenImage(need(s.image), {target: plan.target, role: plan.role, strict: plan.strict, ...plan.rules});
        report(s.validation.fit ? 'fit' : `${s.validation.counts.error} error(s), ${s.validation.counts.warning} warning(s)`);
      },
    },
    {
      title: dryRun ? 'Discard (dry run)' : 'Commit',
      run: async (s, report) => {
        const image = need(s.image);
        s.files = await image.changes();
        const fit = need(s.validation).fit;
        if (dryRun || (!fit && !options.commitOnFail) || s.files.length === 0) {
          await image.discard();
          return;
        }
        s.backups = (await image.commit({onProgress: commitProgressReporter(report)})).backups;
        s.committed = true;
      },
    },
  ];

  try {
    await runSteps(steps, state);
  } finally {
    if (!state.committed) await state.image?.discard();
  }

  const image = need(state.image);
  const validation = need(state.validation);
  const strip = <T extends {edits: unknown}>(staged: T | undefined): Omit<T, 'edits'> | undefined => {
    if (!staged) return undefined;
    const {edits: _edits, ...rest} = staged;
    return rest;
  };
  const warnings = [...plan.warnings, ...(state.kmsClient?.warnings ?? []), ...(state.kmsHost?.warnings ?? [])];
  return {
    image: {path: image.path, kind: image.kind, ...(image.index === undefined ? {} : {index: image.index})},
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
    files: state.files.map((f) => ({path: f.path, action: f.action === 'delete' ? 'delete' : f.before ? 'write' : 'create'})),
    backups: state.backups,
    warnings,
  };
}
