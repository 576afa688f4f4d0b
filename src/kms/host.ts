/**
 * KMS host configuration of an offline image: the host's registry settings (docs/reference/kms.md#registry-values) and, with a
 * host key, a first-boot SetupComplete step that installs and activates it (docs/reference/setup-state.md#setupcomplete).
 */
import {WinprepError} from '../errors.js';
import type {ImageFacts} from '../facts/facts.js';
import {SETUP_STATE_KEY} from '../facts/inspect/generalization.js';
import {valueAsString} from '../facts/inspect/values.js';
import {setupRunVerdict} from '../facts/setup-run.js';
import type {Image} from '../image/types.js';
import {FIRST_BOOT_KEY_PATH, stageHostFirstBoot} from './first-boot.js';
import {hostEdits, parseKmsHostOptions, readHostKeyFile, requireSomething} from './host-settings.js';
import {type ImageRunOptions, imageTarget, softwareHive, withStagedImage} from './image-run.js';
import {HKLM_SOFTWARE, applyEdits, renderRegFile, type RegEdit, type RegistryChange} from '../registry/changes.js';
import {IMAGE_PATHS} from '../image/types.js';
import type {FileChangeSummary, KmsHostOptions, KmsHostResult, KmsHostSettings} from './types.js';

export interface StagedKmsHost {
  values: RegistryChange[];
  edits: RegEdit[];
  files: FileChangeSummary[];
  hostKeyTail?: string;
  warnings: string[];
}

/** Validate host options and read the key file; bad values → badInput before any image is opened. */
export async function resolveKmsHostSettings(options: KmsHostOptions): Promise<KmsHostSettings> {
  const settings = parseKmsHostOptions(options);
  if (options.hostKeyFile !== undefined) settings.hostKey = await readHostKeyFile(options.hostKeyFile);
  requireSomething(settings);
  return settings;
}

/** Stage host settings into an open image (for `image prepare`); nothing is committed here. */
export async function stageKmsHost(image: Image, facts: ImageFacts, settings: KmsHostSettings): Promise<StagedKmsHost> {
  const generation = facts.os.licensingGeneration;
  const edits = hostEdits(settings, generation);
  const warnings: string[] = [];
  if (settings.hostKey !== undefined) {
    // The staged state, not the opening inspection: `image prepare` may have resealed the image just before.
    const imageState = valueAsString((await softwareHive(image)).getValue(SETUP_STATE_KEY, 'ImageState'));
    const setup = setupRunVerdict(imageState);
    if (!setup.willRun) {
      throw new WinprepError('checksFailed', `${image.path}: refusing to stage a KMS host key: ${setup.reason}, and the key would stay on disk unused`, {
        code: 'SETUP_WILL_NOT_RUN',
        hint: 'generalize the reference with sysprep /generalize /oobe first, or install the key on the running host (winprep kms host script)',
      });
    }
    if (facts.licensing.keyChannel === 'oem') {
      warnings.push('Windows records an OEM channel for this image: Setup does not run SetupComplete.cmd when an OEM key is installed, so the host key may never be installed');
    }
  }
  const values = edits.length > 0 ? applyEdits(await softwareHive(image), IMAGE_PATHS.softwareHive, edits) : [];
  let files: FileChangeSummary[] = [];
  if (settings.hostKey !== undefined) {
    files = await stageHostFirstBoot(image, settings.hostKey);
    warnings.push(`the KMS host key sits in ${FIRST_BOOT_KEY_PATH} until first boot deletes it: keep the image itself confidential`);
  }
  if (facts.os.kind === 'client' && settings.hostKey !== undefined) {
    warnings.push('this is a client edition: only a client CSVLK (not a server one) can be installed on it');
  }
  return {values, edits, files, hostKeyTail: settings.hostKey?.slice(-5), warnings};
}

/** `kms host configure`. */
export async function configureKmsHost(imagePath: string, options: KmsHostOptions & ImageRunOptions): Promise<KmsHostResult> {
  const settings = await resolveKmsHostSettings(options);
  const run = await withStagedImage(imagePath, options, async (image, facts) => ({facts, staged: await stageKmsHost(image, facts, settings)}));
  const {facts, staged} = run.result;
  return {
    image: imageTarget(facts),
    dryRun: Boolean(options.dryRun),
    values: staged.values,
    files: run.files,
    hostKeyTail: staged.hostKeyTail,
    reg: renderRegFile(staged.edits, HKLM_SOFTWARE),
    warnings: staged.warnings,
  };
}
