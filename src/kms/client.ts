/**
 * KMS client configuration of an offline image: direct registration or auto-discovery, lookup domain,
 * host caching (SOFTWARE hive, where the image's generation reads them — docs/reference/kms.md#registry-locations, docs/reference/kms.md#registry-values) and the
 * GVLK in the answer file's specialize pass (docs/reference/answer-files.md#settings).
 */
import type {ImageFacts, LicensingGeneration} from '../facts/facts.js';
import type {Image, WimImageRef} from '../image/types.js';
import {KMS_DEFAULT_PORT, KMS_SETTINGS, WINDOWS_APP_ID, licensingKeys, settingsFor} from '../licensing/index.js';
import type {HiveApi, RegKey} from '../registry/types.js';
import {answerFileKey, stageProductKey} from './answer-key.js';
import {clearClientEdits, clientEdits, parseKmsClientOptions} from './client-settings.js';
import {chooseProductKey} from './gvlk-select.js';
import {type ImageRunOptions, imageTarget, softwareHive, withReadOnlyImage, withStagedImage} from './image-run.js';
import {HKLM_SOFTWARE, applyEdits, deleteEdit, renderRegFile, type RegEdit, type RegistryChange} from '../registry/changes.js';
import {IMAGE_PATHS} from '../image/types.js';
import {decodeDword, decodeSz} from '../registry/index.js';
import type {KmsClientOptions, KmsClientResult, KmsClientSettings, KmsClientView, ProductKeyChange} from './types.js';

export interface StagedKmsClient {
  values: RegistryChange[];
  edits: RegEdit[];
  productKey?: ProductKeyChange;
  warnings: string[];
}

/**
 * Per-product overrides below the Windows AppID key (slmgr /skms with an Activation ID, docs/reference/kms.md#registry-locations): they
 * win over the global host for their product, and `--auto` / `clear` (like slmgr /ckms) leave them alone.
 */
function perProductHosts(hive: HiveApi, key: string): string[] {
  const found: string[] = [];
  const walk = (k: RegKey | undefined, depth: number): void => {
    if (!k || depth > 2) return;
    const name = k.value(KMS_SETTINGS.hostName.name);
    if (name) found.push(`${k.path}: ${decodeSz(name.data)}`);
    for (const child of k.subkeys()) walk(child, depth + 1);
  };
  walk(hive.key(`${key}\\${WINDOWS_APP_ID}`), 0);
  return found;
}

const overrideWarning = (hosts: string[]): string =>
  `per-product KMS host overrides stay in effect for their products: ${hosts.join('; ')}`;

/** Stage client settings into an open image (for `image prepare`); nothing is committed here. */
export async function stageKmsClient(image: Image, facts: ImageFacts, settings: KmsClientSettings): Promise<StagedKmsClient> {
  const generation = facts.os.licensingGeneration;
  const plan = clientEdits(settings, generation, facts.os.build);
  const warnings = [...plan.warnings];
  // Choose the key first: a refused key must leave the hive untouched too.
  const choice = settings.key ? chooseProductKey(settings.key, facts.os) : undefined;
  const hive = await softwareHive(image);
  const edits = [...plan.edits, ...hostOnlyLeftovers(hive, generation)];
  const values = edits.length > 0 ? applyEdits(hive, IMAGE_PATHS.softwareHive, edits) : [];
  const overrides = settings.registration === 'keep' ? [] : perProductHosts(hive, licensingKeys(generation).software);
  if (overrides.length > 0) warnings.push(overrideWarning(overrides));
  let productKey: ProductKeyChange | undefined;
  if (choice) {
    const staged = await stageProductKey(image, facts.os.architecture, choice);
    productKey = staged.change;
    warnings.push(...staged.warnings);
    // Specialize runs at first boot only on a generalized image (ImageState GENERALIZE_RESEAL_TO_OOBE,
    // https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states): otherwise the key
    // waits for the sysprep /generalize run that reads this file.
    if (facts.generalization.state === 'not-generalized') {
      warnings.push(`this image was not generalized, so no specialize pass runs at its first boot: the key in ${staged.change.answerFile} takes effect only when sysprep /generalize /oobe runs with that file (WP010)`);
    }
  }
  return {values, edits, productKey, warnings};
}

/**
 * Host-only values present in the image (the registry map's `host` scope: slmgr /sprt, /cdns, /cpri and the publish
 * list, which Microsoft lists as KMS host settings:
 * https://learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2012-r2-and-2012/dn502532(v=ws.11)).
 * Configuring the image as a client removes them, as they say it was set up as a host (WP051).
 */
function hostOnlyLeftovers(hive: HiveApi, generation: LicensingGeneration): RegEdit[] {
  const key = licensingKeys(generation).software;
  return settingsFor(generation)
    .filter(([, s]) => s.scope === 'host' && s.hive === 'software' && hive.getValue(key, s.name) !== undefined)
    .map(([, s]) => deleteEdit(key, s.name));
}

/** Stage a return to client defaults (auto-discovery, no lookup domain, host caching on). */
export async function stageClearKmsClient(image: Image, facts: ImageFacts): Promise<StagedKmsClient> {
  const edits = clearClientEdits(facts.os.licensingGeneration);
  return {values: applyEdits(await softwareHive(image), IMAGE_PATHS.softwareHive, edits), edits, warnings: []};
}

/** `kms client set`: validate everything first (exit 3 before the image is opened), then stage and commit. */
export async function setKmsClient(imagePath: string, options: KmsClientOptions & ImageRunOptions): Promise<KmsClientResult> {
  const settings = parseKmsClientOptions(options);
  const run = await withStagedImage(imagePath, options, async (image, facts) => ({
    facts,
    staged: await stageKmsClient(image, facts, settings),
  }));
  return clientResult(run.result.facts, run.result.staged, run.files, Boolean(options.dryRun), settings.registration);
}

/** `kms client clear`. */
export async function clearKmsClient(imagePath: string, options: ImageRunOptions = {}): Promise<KmsClientResult> {
  const run = await withStagedImage(imagePath, options, async (image, facts) => ({facts, staged: await stageClearKmsClient(image, facts)}));
  return clientResult(run.result.facts, run.result.staged, run.files, Boolean(options.dryRun), 'auto');
}

function clientResult(
  facts: ImageFacts,
  staged: StagedKmsClient,
  files: KmsClientResult['files'],
  dryRun: boolean,
  registration: KmsClientResult['registration'],
): KmsClientResult {
  return {
    image: imageTarget(facts),
    dryRun,
    registration,
    values: staged.values,
    productKey: staged.productKey,
    files,
    reg: renderRegFile(staged.edits, HKLM_SOFTWARE),
    warnings: staged.warnings,
  };
}

/** Read the client configuration of an open image. */
export async function readKmsClient(image: Image, facts: ImageFacts): Promise<KmsClientView> {
  const hive = await softwareHive(image);
  const key = licensingKeys(facts.os.licensingGeneration).software;
  const sz = (name: string): string | undefined => {
    const value = hive.getValue(key, name);
    return value ? decodeSz(value.data) : undefined;
  };
  const dword = (name: string): number | undefined => {
    const value = hive.getValue(key, name);
    return value ? decodeDword(value.data) : undefined;
  };
  const host = sz(KMS_SETTINGS.hostName.name) || undefined;
  const port = sz(KMS_SETTINGS.port.name) || undefined;
  const parsedPort = port !== undefined && /^\d+$/.test(port) ? Number(port) : undefined;
  const warnings: string[] = [];
  if (facts.licensing.cachedKmsHost) {
    warnings.push(`the image carries a cached KMS host (${facts.licensing.cachedKmsHost}) in the NetworkService hive; \`image generalize\` removes it`);
  }
  const overrides = perProductHosts(hive, key);
  if (overrides.length > 0) warnings.push(overrideWarning(overrides));
  if (!host && port) warnings.push(`${KMS_SETTINGS.port.name} is set (${port}) without ${KMS_SETTINGS.hostName.name}; clients ignore it while auto-discovering`);
  const answerKey = await answerFileKey(image);
  return {
    image: imageTarget(facts),
    mode: host ? 'direct' : 'auto',
    host,
    port,
    effectivePort: host && parsedPort ? parsedPort : KMS_DEFAULT_PORT,
    lookupDomain: sz(KMS_SETTINGS.lookupDomain.name) || undefined,
    hostCaching: (dword(KMS_SETTINGS.disableHostCaching.name) ?? 0) === 0,
    activationInterval: dword(KMS_SETTINGS.activationInterval.name),
    renewalInterval: dword(KMS_SETTINGS.renewalInterval.name),
    cachedHost: facts.licensing.cachedKmsHost,
    cachedPort: facts.licensing.cachedKmsPort,
    answerFileKey: answerKey?.key,
    answerFile: answerKey?.file,
    answerFileKeyIsGvlk: answerKey?.isGvlk,
    warnings,
  };
}

/** `kms client show`: read-only. */
export async function showKmsClient(imagePath: string, options: {index?: WimImageRef; partition?: number} = {}): Promise<KmsClientView> {
  return withReadOnlyImage(imagePath, options, readKmsClient);
}
