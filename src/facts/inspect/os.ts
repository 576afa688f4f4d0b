/** What the installed OS says about itself: CurrentVersion, ProductOptions, kernel32.dll (docs/reference/gvlk.md#gvlk-table, docs/reference/wim.md#xml-metadata). */
import {catalogRows, generationForBuild} from '../../licensing/index.js';
import type {HiveApi} from '../../registry/types.js';
import type {Architecture, OsFacts} from '../facts.js';
import {architectureFromEnvironment, architectureFromPe} from './architecture.js';
import {readNumber, readString} from './values.js';

export const CURRENT_VERSION_KEY = 'Microsoft\\Windows NT\\CurrentVersion';

export interface OsSources {
  software: HiveApi;
  system: HiveApi;
  /** e.g. ControlSet001, from Select\Current */
  controlSet: string;
  kernel32?: Buffer;
}

export function readOs({software, system, controlSet, kernel32}: OsSources): OsFacts {
  const cv = CURRENT_VERSION_KEY;
  const version = readString(software, cv, 'CurrentVersion');
  const [versionMajor, versionMinor] = (version ?? '').split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : undefined));
  const buildText = readString(software, cv, 'CurrentBuild') ?? readString(software, cv, 'CurrentBuildNumber');
  const build = buildText && /^\d+$/.test(buildText.trim()) ? Number(buildText.trim()) : undefined;
  const editionId = readString(software, cv, 'EditionID');
  const installationType = readString(software, cv, 'InstallationType');
  const productType = readString(system, `${controlSet}\\Control\\ProductOptions`, 'ProductType');

  const kind = osKind(productType, installationType, editionId);
  const facts: OsFacts = {
    productName: readString(software, cv, 'ProductName'),
    editionId,
    version,
    majorVersion: readNumber(software, cv, 'CurrentMajorVersionNumber') ?? versionMajor,
    minorVersion: readNumber(software, cv, 'CurrentMinorVersionNumber') ?? versionMinor,
    build,
    installationType,
    architecture: architecture(kernel32, system, controlSet),
    kind,
    licensingGeneration: build !== undefined ? generationForBuild(build) : software.key(`${cv}\\SL`) && !software.key(`${cv}\\SoftwareProtectionPlatform`) ? 'sl' : 'spp',
    family: build !== undefined ? family(build, kind, editionId) : undefined,
  };
  facts.displayName = displayName(facts.productName, build, kind);
  return dropUndefined(facts);
}

/**
 * Windows 11 keeps ProductName "Windows 10 …" in the registry (build 22000 and later are Windows 11:
 * https://learn.microsoft.com/windows/release-health/windows11-release-information), so the name shown is
 * corrected by build; every other ProductName is shown as Windows wrote it.
 */
export function displayName(productName: string | undefined, build: number | undefined, kind: 'client' | 'server'): string | undefined {
  if (productName === undefined) return undefined;
  if (kind === 'client' && build !== undefined && build >= WINDOWS_11_FIRST_BUILD) return productName.replace(/^Windows 10\b/i, 'Windows 11');
  return productName;
}

export const WINDOWS_11_FIRST_BUILD = 22000;

/** ProductOptions\ProductType: WinNT = client, ServerNT / LanmanNT (domain controller) = server. */
function osKind(productType: string | undefined, installationType: string | undefined, editionId: string | undefined): 'client' | 'server' {
  const type = productType?.toLowerCase();
  if (type === 'winnt') return 'client';
  if (type === 'servernt' || type === 'lanmannt') return 'server';
  if (installationType) return /server/i.test(installationType) ? 'server' : 'client';
  return editionId?.toLowerCase().startsWith('server') ? 'server' : 'client';
}

function architecture(kernel32: Buffer | undefined, system: HiveApi, controlSet: string): Architecture {
  const fromPe = architectureFromPe(kernel32);
  if (fromPe !== 'unknown') return fromPe;
  return architectureFromEnvironment(readString(system, `${controlSet}\\Control\\Session Manager\\Environment`, 'PROCESSOR_ARCHITECTURE'));
}

/** Product family: the GVLK catalog's product for this edition and build, else by build number alone. */
function family(build: number, kind: 'client' | 'server', editionId: string | undefined): string {
  const rows = editionId ? catalogRows({edition: editionId, build, kind}) : [];
  const fromCatalog = rows.find((row) => row.editionIds.some((id) => id.toLowerCase() === editionId?.toLowerCase()));
  if (fromCatalog) return fromCatalog.product;
  return kind === 'server' ? serverFamily(build) : clientFamily(build);
}

// Builds per release (docs/reference/gvlk.md#gvlk-table / licensing catalog): Vista/2008 6000–6003, 7/2008 R2 7600–7601, 8/2012 9200,
// 8.1/2012 R2 9600, 10 10240–19045, 11 from 22000; servers 2016 14393, 2019 17763, 2022 20348, 2025 26100.
function clientFamily(build: number): string {
  if (build >= 22000) return 'Windows 11';
  if (build >= 10240) return 'Windows 10';
  if (build >= 9600) return 'Windows 8.1';
  if (build >= 9200) return 'Windows 8';
  if (build >= 7600) return 'Windows 7';
  if (build >= 6000) return 'Windows Vista';
  return 'Windows';
}

function serverFamily(build: number): string {
  if (build >= 26100) return 'Windows Server 2025';
  if (build >= 20348) return 'Windows Server 2022';
  if (build === 17763) return 'Windows Server 2019';
  if (build > 14393) return 'Windows Server (Semi-Annual Channel)';
  if (build >= 14393) return 'Windows Server 2016';
  if (build >= 9600) return 'Windows Server 2012 R2';
  if (build >= 9200) return 'Windows Server 2012';
  if (build >= 7600) return 'Windows Server 2008 R2';
  if (build >= 6001) return 'Windows Server 2008';
  return 'Windows Server';
}

/** JSON output must not depend on whether a field was set to undefined or left out. */
export function dropUndefined<T extends object>(record: T): T {
  for (const key of Object.keys(record) as (keyof T)[]) if (record[key] === undefined) delete record[key];
  return record;
}
