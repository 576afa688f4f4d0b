/**
 * The published KMS client setup keys (GVLKs), every row of docs/reference/gvlk.md#gvlk-table, with the EditionID strings and
 * builds that select a row for an image. GVLKs are public (Microsoft publishes them for everyone), so they
 * are shown whole. The EditionID ↔ row mapping is not published by Microsoft (docs/reference/gvlk.md#edition-mapping,
 * UNCERTAIN for N/G/IoT, Azure Edition and 2008-era server SKUs): it follows the EditionID strings Windows
 * writes to `SOFTWARE\Microsoft\Windows NT\CurrentVersion\EditionID`.
 */
import type {Integer} from '../json-types.js';
import {CLIENT_THRESHOLD, SERVER_THRESHOLD} from './defaults.js';

export type ProductKind = 'client' | 'server';
/** ga = general availability (Windows 10/11, older clients and servers), ltsc = LTSC/LTSB, sac = Semi-Annual Channel. */
export type Channel = 'ga' | 'ltsc' | 'sac';

/** Inclusive build range of CurrentBuild; no max = still current (Windows 11 keys have not changed). */
export interface BuildRange {
  min: Integer;
  max?: Integer;
}

export interface GvlkRow {
  key: string;
  /** Product family, e.g. "Windows 11", "Windows Server 2022", "Windows 10 LTSC 2021". */
  product: string;
  /** Edition within the product, e.g. "Pro", "Standard", "Enterprise N LTSC". */
  edition: string;
  /** The row's name as Microsoft's table spells it, e.g. "Windows Server 2022 Standard". */
  name: string;
  /** EditionID registry strings this row serves (docs/reference/gvlk.md#edition-mapping). */
  editionIds: readonly string[];
  builds: BuildRange;
  kind: ProductKind;
  channel: Channel;
  /** Activation threshold of the KMS host for this kind: 25 client, 5 server (docs/reference/kms.md#thresholds). */
  threshold: Integer;
}

type RowSpec = [key: string, product: string, edition: string, name: string, editionIds: string[], builds: BuildRange];

const build = (min: number, max: number = min): BuildRange => ({min, max});

// Builds: docs/reference/gvlk.md#gvlk-table / issue 2 — servers 2016=14393, 2019=17763, 2022=20348, 2025=26100; SAC 1709=16299,
// 1803=17134, 1809–20H2=17763–19042; LTSC 2015=10240, 2016=14393, 2019=17763, 2021=19044, 2024=26100.
const SERVER_GA: RowSpec[] = [
  ['TVRH6-WHNXV-R9WG3-9XRFY-MY832', 'Windows Server 2025', 'Standard', 'Windows Server 2025 Standard', ['ServerStandard'], build(26100)],
  ['D764K-2NDRG-47T6Q-P8T8W-YP6DF', 'Windows Server 2025', 'Datacenter', 'Windows Server 2025 Datacenter', ['ServerDatacenter'], build(26100)],
  ['XGN3F-F394H-FD2MY-PP6FD-8MCRC', 'Windows Server 2025', 'Datacenter: Azure Edition', 'Windows Server 2025 Datacenter: Azure Edition', ['ServerTurbine', 'ServerTurbineCor'], build(26100)],
  ['VDYBN-27WPP-V4HQT-9VMD4-VMK7H', 'Windows Server 2022', 'Standard', 'Windows Server 2022 Standard', ['ServerStandard'], build(20348)],
  ['WX4NM-KYWYW-QJJR4-XV3QB-6VM33', 'Windows Server 2022', 'Datacenter', 'Windows Server 2022 Datacenter', ['ServerDatacenter'], build(20348)],
  ['NTBV8-9K7Q8-V27C6-M2BTV-KHMXV', 'Windows Server 2022', 'Datacenter: Azure Edition', 'Windows Server 2022 Datacenter: Azure Edition', ['ServerTurbine', 'ServerTurbineCor'], build(20348)],
  ['N69G4-B89J2-4G8F4-WWYCC-J464C', 'Windows Server 2019', 'Standard', 'Windows Server 2019 Standard', ['ServerStandard'], build(17763)],
  ['WMDGN-G9PQG-XVVXX-R3X43-63DFG', 'Windows Server 2019', 'Datacenter', 'Windows Server 2019 Datacenter', ['ServerDatacenter'], build(17763)],
  ['WVDHN-86M7X-466P6-VHXV7-YY726', 'Windows Server 2019', 'Essentials', 'Windows Server 2019 Essentials', ['ServerSolution'], build(17763)],
  ['WC2BQ-8NRM3-FDDYY-2BFGV-KHKQY', 'Windows Server 2016', 'Standard', 'Windows Server 2016 Standard', ['ServerStandard'], build(14393)],
  ['CB7KF-BWN84-R7R2Y-793K2-8XDDG', 'Windows Server 2016', 'Datacenter', 'Windows Server 2016 Datacenter', ['ServerDatacenter'], build(14393)],
  ['JCKRF-N37P4-C2D82-9YXRT-4M63B', 'Windows Server 2016', 'Essentials', 'Windows Server 2016 Essentials', ['ServerSolution'], build(14393)],
  ['D2N9P-3P6X9-2R39C-7RTCD-MDVJX', 'Windows Server 2012 R2', 'Standard', 'Windows Server 2012 R2 Standard', ['ServerStandard'], build(9600)],
  ['W3GGN-FT8W3-Y4M27-J84CP-Q3VJ9', 'Windows Server 2012 R2', 'Datacenter', 'Windows Server 2012 R2 Datacenter', ['ServerDatacenter'], build(9600)],
  ['KNC87-3J2TX-XB4WP-VCPJV-M4FWM', 'Windows Server 2012 R2', 'Essentials', 'Windows Server 2012 R2 Essentials', ['ServerSolution'], build(9600)],
  ['XC9B7-NBPP2-83J2H-RHMBY-92BT4', 'Windows Server 2012', 'Standard', 'Windows Server 2012 Standard', ['ServerStandard'], build(9200)],
  ['HM7DN-YVMH3-46JC3-XYTG7-CYQJJ', 'Windows Server 2012', 'MultiPoint Standard', 'Windows Server 2012 MultiPoint Standard', ['ServerMultiPointStandard'], build(9200)],
  ['XNH6W-2V9GX-RGJ4K-Y8X6F-QGJ2G', 'Windows Server 2012', 'MultiPoint Premium', 'Windows Server 2012 MultiPoint Premium', ['ServerMultiPointPremium'], build(9200)],
  ['48HP8-DN98B-MYWDG-T2DCC-8W83P', 'Windows Server 2012', 'Datacenter', 'Windows Server 2012 Datacenter', ['ServerDatacenter'], build(9200)],
  ['HTDQM-NBMMG-KGYDT-2DTKT-J2MPV', 'Windows Server 2012', 'Essentials', 'Windows Server 2012 Essentials', ['ServerSolution'], build(9200)],
  ['6TPJF-RBVHG-WBW2R-86QPH-6RTM4', 'Windows Server 2008 R2', 'Web', 'Windows Server 2008 R2 Web', ['ServerWeb', 'ServerWebCore'], build(7600, 7601)],
  ['TT8MH-CG224-D3D7Q-498W2-9QCTX', 'Windows Server 2008 R2', 'HPC edition', 'Windows Server 2008 R2 HPC edition', ['ServerComputeCluster'], build(7600, 7601)],
  ['YC6KT-GKW9T-YTKYR-T4X34-R7VHC', 'Windows Server 2008 R2', 'Standard', 'Windows Server 2008 R2 Standard', ['ServerStandard', 'ServerStandardCore'], build(7600, 7601)],
  ['489J6-VHDMP-X63PK-3K798-CPX3Y', 'Windows Server 2008 R2', 'Enterprise', 'Windows Server 2008 R2 Enterprise', ['ServerEnterprise', 'ServerEnterpriseCore'], build(7600, 7601)],
  ['74YFP-3QFB3-KQT8W-PMXWJ-7M648', 'Windows Server 2008 R2', 'Datacenter', 'Windows Server 2008 R2 Datacenter', ['ServerDatacenter', 'ServerDatacenterCore'], build(7600, 7601)],
  ['GT63C-RJFQ3-4GMB6-BRFB9-CB83V', 'Windows Server 2008 R2', 'for Itanium-based Systems', 'Windows Server 2008 R2 for Itanium-based Systems', ['ServerEnterpriseIA64'], build(7600, 7601)],
  ['WYR28-R7TFJ-3X2YQ-YCY4H-M249D', 'Windows Server 2008', 'Web', 'Windows Web Server 2008', ['ServerWeb', 'ServerWebCore'], build(6001, 6003)],
  ['TM24T-X9RMF-VWXK6-X8JC9-BFGM2', 'Windows Server 2008', 'Standard', 'Windows Server 2008 Standard', ['ServerStandard', 'ServerStandardCore'], build(6001, 6003)],
  ['W7VD6-7JFBR-RX26B-YKQ3Y-6FFFJ', 'Windows Server 2008', 'Standard without Hyper-V', 'Windows Server 2008 Standard without Hyper-V', ['ServerStandardV', 'ServerStandardCoreV'], build(6001, 6003)],
  ['YQGMW-MPWTJ-34KDK-48M3W-X4Q6V', 'Windows Server 2008', 'Enterprise', 'Windows Server 2008 Enterprise', ['ServerEnterprise', 'ServerEnterpriseCore'], build(6001, 6003)],
  ['39BXF-X8Q23-P2WWT-38T2F-G3FPG', 'Windows Server 2008', 'Enterprise without Hyper-V', 'Windows Server 2008 Enterprise without Hyper-V', ['ServerEnterpriseV', 'ServerEnterpriseCoreV'], build(6001, 6003)],
  ['RCTX3-KWVHP-BR6TB-RB6DM-6X7HP', 'Windows Server 2008', 'HPC', 'Windows Server 2008 HPC', ['ServerComputeCluster'], build(6001, 6003)],
  ['7M67G-PC374-GR742-YH8V4-TCBY3', 'Windows Server 2008', 'Datacenter', 'Windows Server 2008 Datacenter', ['ServerDatacenter', 'ServerDatacenterCore'], build(6001, 6003)],
  ['22XQ2-VRXRG-P8D42-K34TD-G3QQC', 'Windows Server 2008', 'Datacenter without Hyper-V', 'Windows Server 2008 Datacenter without Hyper-V', ['ServerDatacenterV', 'ServerDatacenterCoreV'], build(6001, 6003)],
  ['4DWFP-JF3DJ-B7DTH-78FJB-PDRHK', 'Windows Server 2008', 'for Itanium-Based Systems', 'Windows Server 2008 for Itanium-Based Systems', ['ServerEnterpriseIA64'], build(6001, 6003)],
];

const SERVER_SAC: RowSpec[] = [
  ['N2KJX-J94YW-TQVFB-DG9YT-724CC', 'Windows Server, versions 1809–20H2', 'Standard', 'Windows Server Standard, versions 20H2/2004/1909/1903/1809', ['ServerStandardACor'], build(17763, 19042)],
  ['6NMRW-2C8FM-D24W7-TQWMY-CWH2D', 'Windows Server, versions 1809–20H2', 'Datacenter', 'Windows Server Datacenter, versions 20H2/2004/1909/1903/1809', ['ServerDatacenterACor'], build(17763, 19042)],
  ['PTXN8-JFHJM-4WC78-MPCBR-9W4KR', 'Windows Server, version 1803', 'Standard', 'Windows Server Standard, version 1803', ['ServerStandardACor'], build(17134)],
  ['2HXDN-KRXHB-GPYC7-YCKFJ-7FVDG', 'Windows Server, version 1803', 'Datacenter', 'Windows Server Datacenter, version 1803', ['ServerDatacenterACor'], build(17134)],
  ['DPCNP-XQFKJ-BJF7R-FRC8D-GF6G4', 'Windows Server, version 1709', 'Standard', 'Windows Server Standard, version 1709', ['ServerStandardACor'], build(16299)],
  ['6Y6KB-N82V8-D8CQV-23MJW-BWTG6', 'Windows Server, version 1709', 'Datacenter', 'Windows Server Datacenter, version 1709', ['ServerDatacenterACor'], build(16299)],
];

/** Windows 10 and 11 share one key per edition (docs/reference/gvlk.md#gvlk-table); the build tells the products apart. */
const WINDOWS_10_BUILDS = build(10240, 19045);
const WINDOWS_11_BUILDS: BuildRange = {min: 22000};
const CLIENT_GA_EDITIONS: [key: string, edition: string, editionId: string][] = [
  ['W269N-WFGWX-YVC9B-4J6C9-T83GX', 'Pro', 'Professional'],
  ['MH37W-N47XK-V7XM9-C7227-GCQG9', 'Pro N', 'ProfessionalN'],
  ['NRG8B-VKK3Q-CXVCJ-9G2XF-6Q84J', 'Pro for Workstations', 'ProfessionalWorkstation'],
  ['9FNHH-K3HBT-3W4TD-6383H-6XYWF', 'Pro for Workstations N', 'ProfessionalWorkstationN'],
  ['6TP4R-GNPTD-KYYHQ-7B7DP-J447Y', 'Pro Education', 'ProfessionalEducation'],
  ['YVWGF-BXNMC-HTQYQ-CPQ99-66QFC', 'Pro Education N', 'ProfessionalEducationN'],
  ['NW6C2-QMPVW-D7KKK-3GKT6-VCFB2', 'Education', 'Education'],
  ['2WH4N-8QGBV-H22JP-CT43Q-MDWWJ', 'Education N', 'EducationN'],
  ['NPPR9-FWDCX-D2C8J-H872K-2YT43', 'Enterprise', 'Enterprise'],
  ['DPH2V-TTNVB-4X9Q3-TJR4H-KHJW4', 'Enterprise N', 'EnterpriseN'],
  ['YYVX9-NTFWV-6MDM3-9PT4T-4M68B', 'Enterprise G', 'EnterpriseG'],
  ['44RPN-FTY23-9VTTB-MP9BX-T84FV', 'Enterprise G N', 'EnterpriseGN'],
];
const CLIENT_GA: RowSpec[] = CLIENT_GA_EDITIONS.flatMap(([key, edition, editionId]): RowSpec[] => [
  [key, 'Windows 11', edition, `Windows 11 ${edition}`, [editionId], WINDOWS_11_BUILDS],
  [key, 'Windows 10', edition, `Windows 10 ${edition}`, [editionId], WINDOWS_10_BUILDS],
]);

const CLIENT_LTSC: RowSpec[] = [
  ['M7XTQ-FN8P6-TTKYV-9D4CC-J462D', 'Windows 11 LTSC 2024', 'Enterprise LTSC', 'Windows 11 Enterprise LTSC 2024', ['EnterpriseS'], build(26100)],
  ['M7XTQ-FN8P6-TTKYV-9D4CC-J462D', 'Windows 10 LTSC 2021', 'Enterprise LTSC', 'Windows 10 Enterprise LTSC 2021', ['EnterpriseS'], build(19044)],
  ['M7XTQ-FN8P6-TTKYV-9D4CC-J462D', 'Windows 10 LTSC 2019', 'Enterprise LTSC', 'Windows 10 Enterprise LTSC 2019', ['EnterpriseS'], build(17763)],
  ['92NFX-8DJQP-P6BBQ-THF9C-7CG2H', 'Windows 11 LTSC 2024', 'Enterprise N LTSC', 'Windows 11 Enterprise N LTSC 2024', ['EnterpriseSN'], build(26100)],
  ['92NFX-8DJQP-P6BBQ-THF9C-7CG2H', 'Windows 10 LTSC 2021', 'Enterprise N LTSC', 'Windows 10 Enterprise N LTSC 2021', ['EnterpriseSN'], build(19044)],
  ['92NFX-8DJQP-P6BBQ-THF9C-7CG2H', 'Windows 10 LTSC 2019', 'Enterprise N LTSC', 'Windows 10 Enterprise N LTSC 2019', ['EnterpriseSN'], build(17763)],
  // IoT: docs/reference/gvlk.md#iot-note: the IoT VL key applies to images >= 10.0.19044.2905 (UBR not modelled here).
  ['KBN8V-HFGQ4-MGXVD-347P6-PDQGT', 'Windows 11 LTSC 2024', 'IoT Enterprise LTSC', 'Windows IoT Enterprise LTSC 2024', ['IoTEnterpriseS'], build(26100)],
  ['KBN8V-HFGQ4-MGXVD-347P6-PDQGT', 'Windows 10 LTSC 2021', 'IoT Enterprise LTSC', 'Windows IoT Enterprise LTSC 2021', ['IoTEnterpriseS'], build(19044)],
  ['DCPHK-NFMTC-H88MJ-PFHPY-QJ4BJ', 'Windows 10 LTSB 2016', 'Enterprise LTSB', 'Windows 10 Enterprise LTSB 2016', ['EnterpriseS'], build(14393)],
  ['QFFDN-GRT3P-VKWWX-X7T3R-8B639', 'Windows 10 LTSB 2016', 'Enterprise N LTSB', 'Windows 10 Enterprise N LTSB 2016', ['EnterpriseSN'], build(14393)],
  ['WNMTR-4C88C-JK8YV-HQ7T2-76DF9', 'Windows 10 LTSB 2015', 'Enterprise LTSB', 'Windows 10 Enterprise LTSB 2015', ['EnterpriseS'], build(10240)],
  ['2F77B-TNFGY-69QQF-B8YKP-D69TJ', 'Windows 10 LTSB 2015', 'Enterprise N LTSB', 'Windows 10 Enterprise N LTSB 2015', ['EnterpriseSN'], build(10240)],
];

const CLIENT_OLDER: RowSpec[] = [
  ['GCRJD-8NW9H-F2CDX-CCM8D-9D6T9', 'Windows 8.1', 'Pro', 'Windows 8.1 Pro', ['Professional'], build(9600)],
  ['HMCNV-VVBFX-7HMBH-CTY9B-B4FXY', 'Windows 8.1', 'Pro N', 'Windows 8.1 Pro N', ['ProfessionalN'], build(9600)],
  ['MHF9N-XY6XB-WVXMC-BTDCT-MKKG7', 'Windows 8.1', 'Enterprise', 'Windows 8.1 Enterprise', ['Enterprise'], build(9600)],
  ['TT4HM-HN7YT-62K67-RGRQJ-JFFXW', 'Windows 8.1', 'Enterprise N', 'Windows 8.1 Enterprise N', ['EnterpriseN'], build(9600)],
  ['NG4HW-VH26C-733KW-K6F98-J8CK4', 'Windows 8', 'Pro', 'Windows 8 Pro', ['Professional'], build(9200)],
  ['XCVCF-2NXM9-723PB-MHCB7-2RYQQ', 'Windows 8', 'Pro N', 'Windows 8 Pro N', ['ProfessionalN'], build(9200)],
  ['32JNW-9KQ84-P47T8-D8GGY-CWCK7', 'Windows 8', 'Enterprise', 'Windows 8 Enterprise', ['Enterprise'], build(9200)],
  ['JMNMF-RHW7P-DMY6X-RF3DR-X2BQT', 'Windows 8', 'Enterprise N', 'Windows 8 Enterprise N', ['EnterpriseN'], build(9200)],
  ['FJ82H-XT6CR-J8D7P-XQJJ2-GPDD4', 'Windows 7', 'Professional', 'Windows 7 Professional', ['Professional'], build(7600, 7601)],
  ['MRPKT-YTG23-K7D7T-X2JMM-QY7MG', 'Windows 7', 'Professional N', 'Windows 7 Professional N', ['ProfessionalN'], build(7600, 7601)],
  ['W82YF-2Q76Y-63HXB-FGJG9-GF7QX', 'Windows 7', 'Professional E', 'Windows 7 Professional E', ['ProfessionalE'], build(7600, 7601)],
  ['33PXH-7Y6KF-2VJC9-XBBR8-HVTHH', 'Windows 7', 'Enterprise', 'Windows 7 Enterprise', ['Enterprise'], build(7600, 7601)],
  ['YDRBP-3D83W-TY26F-D46B2-XCKRJ', 'Windows 7', 'Enterprise N', 'Windows 7 Enterprise N', ['EnterpriseN'], build(7600, 7601)],
  ['C29WB-22CC8-VJ326-GHFJW-H9DH4', 'Windows 7', 'Enterprise E', 'Windows 7 Enterprise E', ['EnterpriseE'], build(7600, 7601)],
  ['YFKBB-PQJJV-G996G-VWGXY-2V3X8', 'Windows Vista', 'Business', 'Windows Vista Business', ['Business'], build(6000, 6002)],
  ['HMBQG-8H2RH-C77VX-27R82-VMQBT', 'Windows Vista', 'Business N', 'Windows Vista Business N', ['BusinessN'], build(6000, 6002)],
  ['VKK3X-68KWM-X2YGT-QR4M6-4BWMV', 'Windows Vista', 'Enterprise', 'Windows Vista Enterprise', ['Enterprise'], build(6000, 6002)],
  ['VTC42-BM838-43QHV-84HX6-XJXKV', 'Windows Vista', 'Enterprise N', 'Windows Vista Enterprise N', ['EnterpriseN'], build(6000, 6002)],
];

const toRow = (kind: ProductKind, channel: Channel) => ([key, product, edition, name, editionIds, builds]: RowSpec): GvlkRow =>
  Object.freeze({
    key,
    product,
    edition,
    name,
    editionIds: Object.freeze([...editionIds]),
    builds: Object.freeze({...builds}),
    kind,
    channel,
    threshold: kind === 'server' ? SERVER_THRESHOLD : CLIENT_THRESHOLD,
  });

/** Every row, newest products first within each group. */
export const GVLK_CATALOG: readonly GvlkRow[] = Object.freeze([
  ...SERVER_GA.map(toRow('server', 'ga')),
  ...SERVER_SAC.map(toRow('server', 'sac')),
  ...CLIENT_GA.map(toRow('client', 'ga')),
  ...CLIENT_LTSC.map(toRow('client', 'ltsc')),
  ...CLIENT_OLDER.map(toRow('client', 'ga')),
]);

export const buildInRange = (range: BuildRange, value: number): boolean =>
  value >= range.min && (range.max === undefined || value <= range.max);

export const sameText = (a: string, b: string): boolean => a.localeCompare(b, 'en', {sensitivity: 'accent'}) === 0;

export interface CatalogFilter {
  /** An EditionID (exact, case-insensitive), else a part of the edition name ("Pro", "Datacenter"). */
  edition?: string;
  /** A part of the product or row name, case-insensitive: "2022", "Windows 11", "LTSC". */
  product?: string;
  kind?: ProductKind;
  channel?: Channel;
  build?: Integer;
}

const contains = (text: string, part: string): boolean => text.toLowerCase().includes(part.trim().toLowerCase());

/** Catalog rows matching every given criterion. An edition that is an EditionID matches exactly, never by part. */
export function catalogRows(filter: CatalogFilter = {}): GvlkRow[] {
  let rows = [...GVLK_CATALOG];
  if (filter.edition !== undefined) {
    const edition = filter.edition.trim();
    const exact = rows.filter((row) => row.editionIds.some((id) => sameText(id, edition)));
    rows = exact.length > 0 ? exact : rows.filter((row) => contains(row.edition, edition));
  }
  if (filter.product !== undefined) {
    const product = filter.product;
    rows = rows.filter((row) => contains(row.product, product) || contains(row.name, product));
  }
  if (filter.kind !== undefined) rows = rows.filter((row) => row.kind === filter.kind);
  if (filter.channel !== undefined) rows = rows.filter((row) => row.channel === filter.channel);
  if (filter.build !== undefined) {
    const value = filter.build;
    rows = rows.filter((row) => buildInRange(row.builds, value));
  }
  return rows;
}

/** Rows whose EditionID list holds this EditionID (case-insensitive), any build. */
export const gvlksForEdition = (editionId: string): GvlkRow[] =>
  GVLK_CATALOG.filter((row) => row.editionIds.some((id) => sameText(id, editionId.trim())));

export interface GvlkQuery {
  editionId: string;
  build: number;
  kind?: ProductKind;
}

export type GvlkMatch =
  | {found: true; row: GvlkRow}
  | {found: false; reason: string; candidates: GvlkRow[]};

/** The one GVLK for an image's EditionID and CurrentBuild, or why none fits and the nearest rows. */
export function gvlkFor(query: GvlkQuery): GvlkMatch {
  const byEdition = gvlksForEdition(query.editionId).filter((row) => query.kind === undefined || row.kind === query.kind);
  const hits = byEdition.filter((row) => buildInRange(row.builds, query.build));
  if (hits.length > 0) return {found: true, row: hits[0]};
  if (byEdition.length > 0) {
    return {
      found: false,
      reason: `no published GVLK for EditionID ${query.editionId} at build ${query.build}`,
      candidates: byEdition,
    };
  }
  const byBuild = GVLK_CATALOG.filter(
    (row) => buildInRange(row.builds, query.build) && (query.kind === undefined || row.kind === query.kind),
  );
  return {found: false, reason: `EditionID ${query.editionId} has no published GVLK`, candidates: byBuild};
}

/** Product family of a build (for reports), e.g. "Windows 10", "Windows Server 2022"; undefined when unknown. */
export function productFamily(buildNumber: number, kind: ProductKind): string | undefined {
  const families = kind === 'server' ? SERVER_FAMILIES : CLIENT_FAMILIES;
  return families.find(([, range]) => buildInRange(range, buildNumber))?.[0];
}

const CLIENT_FAMILIES: [string, BuildRange][] = [
  ['Windows Vista', build(6000, 6002)],
  ['Windows 7', build(7600, 7601)],
  ['Windows 8', build(9200)],
  ['Windows 8.1', build(9600)],
  ['Windows 10', WINDOWS_10_BUILDS],
  ['Windows 11', WINDOWS_11_BUILDS],
];

const SERVER_FAMILIES: [string, BuildRange][] = [
  ['Windows Server 2008', build(6001, 6003)],
  ['Windows Server 2008 R2', build(7600, 7601)],
  ['Windows Server 2012', build(9200)],
  ['Windows Server 2012 R2', build(9600)],
  ['Windows Server 2016', build(14393)],
  ['Windows Server, version 1709', build(16299)],
  ['Windows Server, version 1803', build(17134)],
  ['Windows Server 2019', build(17763)],
  ['Windows Server, version 1903', build(18362)],
  ['Windows Server, version 1909', build(18363)],
  ['Windows Server, version 2004', build(19041)],
  ['Windows Server, version 20H2', build(19042)],
  ['Windows Server 2022', build(20348)],
  ['Windows Server 2025', build(26100)],
];
