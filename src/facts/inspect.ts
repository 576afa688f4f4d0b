/**
 * `inspectImage(image)`: everything winprep reads from an image, as one ImageFacts record (src/facts/facts.ts).
 * Read-only; works the same on folder, tar and WIM images because it only goes through the Image interface,
 * so the same image in any form gives the same facts apart from kind and path.
 */
import {badInput, isWinprepError} from '../errors.js';
import type {HiveApi} from '../registry/types.js';
import type {ImageFacts, WimFileFacts, WimImageListing} from './facts.js';
import {answerFileLocations, readAnswerFile} from './inspect/answer-files.js';
import {readControlSet} from './inspect/control-set.js';
import {readGeneralization} from './inspect/generalization.js';
import {readIdentity} from './inspect/identity.js';
import {readLicensing} from './inspect/licensing.js';
import {CONFIGMGR_INI, readMembership} from './inspect/membership.js';
import {readOs} from './inspect/os.js';
import {imageStateFromIni} from './inspect/state-ini.js';
import {openImage} from '../image/open.js';
import {IMAGE_PATHS, type Image, type WimImageRef} from '../image/types.js';
import {readWimLayout} from '../image/wim/layout.js';
import {listWimImages} from '../image/wim/wim-info.js';
import {FACT_READS} from './reads.js';

const HIVE_FILES = [IMAGE_PATHS.systemHive, IMAGE_PATHS.softwareHive, IMAGE_PATHS.samHive, IMAGE_PATHS.securityHive, IMAGE_PATHS.networkServiceHive];

export async function inspectImage(image: Image): Promise<ImageFacts> {
  const system = await requiredHive(image, IMAGE_PATHS.systemHive);
  const software = await requiredHive(image, IMAGE_PATHS.softwareHive);
  const sam = await image.hive(IMAGE_PATHS.samHive);
  const security = await image.hive(IMAGE_PATHS.securityHive);
  const networkService = await image.hive(IMAGE_PATHS.networkServiceHive);

  const controlSet = readControlSet(system, `${image.path}: ${IMAGE_PATHS.systemHive}`);
  const os = readOs({software, system, controlSet: controlSet.name, kernel32: await image.readFile(IMAGE_PATHS.kernel32)});
  const identity = readIdentity({system, controlSet: controlSet.name, software, sam, security});

  const answerFiles = [];
  for (const location of await answerFileLocations(image, system)) answerFiles.push(await readAnswerFile(image, location));

  const licensing = readLicensing({
    software,
    networkService,
    generation: os.licensingGeneration,
    answerFileKeys: answerFiles.flatMap((found) => found.rawProductKeys.map(({pass, key}) => ({file: found.facts.path, pass, key}))),
  });

  const membership = readMembership({security, software, system, controlSet: controlSet.name, smsCfg: await image.readFile(CONFIGMGR_INI)});

  const stateIni = await image.readFile(IMAGE_PATHS.stateIni);
  const generalization = readGeneralization({
    software,
    system,
    stateIniImageState: stateIni ? imageStateFromIni(stateIni) : undefined,
    sysprepTag: await image.exists(IMAGE_PATHS.sysprepTag),
  });

  const hives: ImageFacts['hives'] = [];
  const opened: Record<string, HiveApi | undefined> = {
    [IMAGE_PATHS.systemHive]: system,
    [IMAGE_PATHS.softwareHive]: software,
    [IMAGE_PATHS.samHive]: sam,
    [IMAGE_PATHS.securityHive]: security,
    [IMAGE_PATHS.networkServiceHive]: networkService,
  };
  for (const file of HIVE_FILES) {
    const hive = opened[file];
    if (hive) hives.push({path: file, dirty: hive.dirty, ...(hive.recovery ? {recovered: hive.recovery} : {}), ...(hive.dirty && hive.logProblems?.length ? {logProblems: hive.logProblems} : {})});
  }

  const facts: ImageFacts = {
    kind: image.kind,
    path: image.path,
    os,
    controlSet,
    identity,
    licensing,
    generalization,
    answerFiles: answerFiles.map((found) => found.facts),
    membership,
    hives,
  };
  return facts;
}

async function requiredHive(image: Image, file: string): Promise<HiveApi> {
  const hive = await image.hive(file);
  if (!hive) {
    throw badInput(`not a Windows image: ${file} is missing`, {file: image.path, code: 'NOT_A_WINDOWS_IMAGE', hint: 'give the root of the Windows volume (the folder that holds Windows\\)'});
  }
  return hive;
}

export interface InspectOptions {
  /** WIM image: its 1-based index or its name; required for a multi-image WIM. */
  index?: WimImageRef;
  /** Disk image partition holding Windows. */
  partition?: number;
  /** A tar archive's folder holding Windows (OpenImageOptions.root). */
  root?: string;
}

/** Open the image at `imagePath` read-only (no lock, nothing written), inspect it, and close it. */
export async function inspectImagePath(imagePath: string, options: InspectOptions = {}): Promise<ImageFacts> {
  // A dirty hive is read as Windows would see it after replaying its logs, in memory (read-only: nothing written).
  const image = await openImage(imagePath, {prefetch: FACT_READS, readOnly: true, index: options.index, partition: options.partition, root: options.root, replayLogs: true});
  try {
    const facts = await inspectImage(image);
    if (image.kind === 'wim') facts.wimFile = await wimFileFacts(image.path);
    // Only an image the user chose is reported (by number, also when chosen by name): a one-image WIM gives the
    // same facts as the folder it came from.
    return options.index === undefined || image.index === undefined ? facts : {...facts, index: image.index};
  } finally {
    await image.discard();
  }
}

/**
 * `image inspect`: the facts of the image, or, for a WIM holding several images and no --index, the list of
 * them (as DISM /Get-WimInfo gives it) — inspecting one of them unasked would be a guess.
 */
export async function inspectImageOrList(imagePath: string, options: InspectOptions = {}): Promise<ImageFacts | WimImageListing> {
  try {
    return await inspectImagePath(imagePath, options);
  } catch (error) {
    // Only the refusal to guess an image (src/image/wim/wim-info.ts pickWimImage) turns into the listing, so the
    // usual case opens the image once; the WIM was already checked and listed by that open.
    if (!isWinprepError(error) || error.code !== 'WIM_IMAGE_REQUIRED') throw error;
    return {kind: 'wim', path: imagePath, images: await listWimImages(imagePath), wimFile: await wimFileFacts(imagePath)};
  }
}

export const isWimImageListing = (result: ImageFacts | WimImageListing): result is WimImageListing => 'images' in result;

async function wimFileFacts(wim: string): Promise<WimFileFacts> {
  const layout = await readWimLayout(wim);
  return {fileSize: layout.fileSize, reclaimableBytes: layout.reclaimable, ...(layout.rebuildReason ? {rebuildReason: layout.rebuildReason} : {})};
}
