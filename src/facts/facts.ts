/**
 * What `image inspect` reads from an image: the one typed record that validate, fingerprint, generalize
 * and KMS configuration all work from. Implementation: src/facts/inspect.ts (`inspectImage(image)`).
 * Every field is what the image holds now; absent values are undefined (never guessed).
 */
import type {LogProblem, LogRecovery} from '../registry/types.js';
import type {LicensingGeneration} from '../licensing/registry-map.js';
import type {ImageKind} from '../image/types.js';
import type {WimImageInfo} from '../image/wim/wim-info.js';
import type {Integer} from '../json-types.js';

/** Licensing generations differ in where KMS settings live; the type belongs to the licensing layer below. */
export type {LicensingGeneration};
export type Architecture = 'x86' | 'amd64' | 'arm64' | 'ia64' | 'unknown';

export interface OsFacts {
  productName?: string;
  editionId?: string;
  /** CurrentVersion, e.g. "6.0", "6.1", "6.3". */
  version?: string;
  majorVersion?: Integer;
  minorVersion?: Integer;
  build?: Integer;
  installationType?: string;
  architecture: Architecture;
  /** client or server (ProductOptions\ProductType WinNT vs ServerNT/LanmanNT, else InstallationType). */
  kind: 'client' | 'server';
  /** `sl` for Vista/Server 2008 (build < 7600), `spp` for 7/2008 R2 and later. */
  licensingGeneration: LicensingGeneration;
  /** Catalog product family derived from build + kind, e.g. "Windows 10", "Windows Server 2022". */
  family?: string;
  /**
   * The name to show: ProductName with its family corrected by build. Windows 11 keeps ProductName
   * "Windows 10 …" in the registry, so build 22000+ clients read "Windows 11 …" here.
   */
  displayName?: string;
}

export interface ControlSetFacts {
  /** Select\Current */
  current: Integer;
  /** e.g. "ControlSet002" */
  name: string;
  available: string[];
}

export interface IdentityFacts {
  computerName?: string;
  /** Tcpip\Parameters Hostname and NV Hostname */
  tcpipHostname?: string;
  tcpipNvHostname?: string;
  /** Primary DNS suffix: Tcpip\Parameters Domain / NV Domain */
  primaryDnsSuffix?: string;
  /** S-1-5-21-a-b-c from SAM\Domains\Account V (last 24 bytes) */
  machineSid?: string;
  /** Same SID as LSA holds it (SECURITY\Policy\PolAcDmS); reported when it disagrees with SAM */
  lsaMachineSid?: string;
  machineGuid?: string;
  susClientId?: string;
  /** hex of Tcpip6\Parameters Dhcpv6DUID */
  dhcpv6Duid?: string;
  /** WSUS identity values present (SusClientId, SusClientIdValidation, PingID, AccountDomainSid) */
  wsusIdentityValues?: string[];
}

export type KeyChannel = 'gvlk' | 'kms-host' | 'mak' | 'retail' | 'oem' | 'unknown' | 'none';

/** A discovered KMS host the licensing service cached in the NetworkService profile. */
export interface CachedKmsHostFacts {
  /** Key path in the NetworkService hive (the licensing key itself, or one of its per-application subkeys) */
  keyPath: string;
  /** 'windows' (55c92734-…), 'office' (0ff1ce15-…), another application ID, or undefined for the flat layout */
  application?: string;
  host?: string;
  port?: string;
  ipAddress?: string;
  /** Names of every Discovered* value found under keyPath */
  values: string[];
}

/**
 * Domain membership and management enrollments: identities a clone would share with the reference machine
 * and with every other clone (KB314828 calls its own list "not comprehensive").
 */
export interface MembershipFacts {
  /** SECURITY\Policy\PolPrDmN: the workgroup name, or the domain's NetBIOS name when joined */
  primaryDomainName?: string;
  /** SECURITY\Policy\PolPrDmS as a SID: set only when the machine is a domain member */
  primaryDomainSid?: string;
  /** SECURITY\Policy\PolDnDDN: the domain's DNS name when joined */
  dnsDomainName?: string;
  /** True when PolPrDmS holds a SID */
  domainJoined: boolean;
  /** SOFTWARE\Microsoft\Enrollments\<id> with a provider (an MDM enrollment) */
  mdmEnrollments: {id: string; providerId?: string; upn?: string}[];
  /** SYSTEM …\Control\CloudDomainJoin\JoinInfo\<thumbprint> (Microsoft Entra join) */
  entraJoins: {id: string; tenantId?: string}[];
  /** Windows\SMSCFG.INI (ConfigMgr client identity) */
  configMgr?: {file: string; uniqueId?: string};
  /** Defender for Endpoint onboarding state (…\Windows Advanced Threat Protection\Status OnboardingState=1) */
  defenderOnboarded?: {orgId?: string};
}

export interface KmsClientFacts {
  /** KeyManagementServiceName */
  host?: string;
  /** KeyManagementServicePort (REG_SZ) */
  port?: string;
  lookupDomain?: string;
  hostCachingDisabled?: boolean;
  activationInterval?: Integer;
  renewalInterval?: Integer;
  /** 'direct' when a host is set, else 'auto' (DNS auto-discovery) */
  mode: 'direct' | 'auto';
}

export interface KmsHostFacts {
  listeningPort?: string;
  dnsPublishingDisabled?: boolean;
  publishDomains?: string[];
  lowPriority?: boolean;
}

export interface LicensingFacts {
  /** Registry key the settings were read from (…\SL or …\SoftwareProtectionPlatform) */
  keyPath: string;
  /** Last 5 characters of the installed key when readable (never the whole key) */
  partialProductKey?: string;
  /** Product key found in an answer file or registry, masked unless it is a published GVLK */
  productKey?: string;
  /** Where productKey was found: the registry value (…\BackupProductKeyDefault) or an answer file's inner path */
  productKeySource?: string;
  keyChannel: KeyChannel;
  /** When the key is a known GVLK: the catalog rows it belongs to, e.g. "Windows 10/11 Pro" */
  gvlkMatches?: string[];
  /** Registry SkipRearm (1 = rearm skipped) */
  skipRearm?: Integer;
  client: KmsClientFacts;
  host: KmsHostFacts;
  /** Cached discovered host in the NetworkService hive (the first of cachedKmsHosts that names a host) */
  cachedKmsHost?: string;
  cachedKmsPort?: string;
  /**
   * Every cache entry: the flat values on the licensing key (Vista/7) and the per-application subkeys
   * Windows 8.1 and later use (…\SoftwareProtectionPlatform\55c92734-… for Windows, 0ff1ce15-… for Office).
   */
  cachedKmsHosts?: CachedKmsHostFacts[];
  /**
   * Where keyChannel came from: 'catalog' (a readable key that is a published GVLK), 'registry-channel'
   * (the channel string Windows records in DigitalProductId4), 'answer-file', or 'none'.
   */
  keyChannelSource?: 'catalog' | 'registry-channel' | 'answer-file' | 'none';
  /** Why keyChannel is 'unknown', in one sentence (for WP040 and inspect) */
  keyChannelNote?: string;
}

export interface GeneralizationFacts {
  /** SOFTWARE\…\Setup\State ImageState, and State.ini's value */
  imageState?: string;
  stateIniImageState?: string;
  sysprepTag: boolean;
  setupCmdLine?: string;
  setupType?: Integer;
  systemSetupInProgress?: Integer;
  /** Reported only; not a generalization marker (docs/reference/setup-state.md#setup-key) */
  generalizationState?: Integer;
  /** winprep's own reseal marker (first-boot rearm armed) */
  resealedByWinprep: boolean;
  /** SOFTWARE\winprep\Reseal as `image generalize` wrote it */
  reseal?: ResealMarkerFacts;
  /** Operations resting on an inference that changed this image (SOFTWARE\winprep\InferredOperations) */
  inferredOperations?: string[];
  /** Derived verdict */
  state: 'generalized-by-sysprep' | 'resealed-by-winprep' | 'not-generalized';
}

export interface ResealMarkerFacts {
  resealedBy?: string;
  version?: string;
  time?: string;
  /** RearmArmed DWORD non-zero: the first-boot rearm is set up */
  rearmArmed?: boolean;
}

export interface AnswerFileFacts {
  path: string;
  wellFormed: boolean;
  error?: string;
  passes: string[];
  architectures: string[];
  /** SkipRearm values found, per pass */
  skipRearm: {pass: string; value: string; processed?: boolean}[];
  computerNames: {pass: string; value: string}[];
  /** product keys masked to the last 5 characters unless they are published GVLKs */
  productKeys: {pass: string; value: string; isGvlk: boolean}[];
  plainTextPasswords: Integer;
}

export interface ImageFacts {
  kind: ImageKind;
  path: string;
  index?: Integer;
  os: OsFacts;
  controlSet: ControlSetFacts;
  identity: IdentityFacts;
  licensing: LicensingFacts;
  generalization: GeneralizationFacts;
  answerFiles: AnswerFileFacts[];
  /**
   * Hives found, with their dirty state (of the file). For a dirty hive, `recovered` says its logs were
   * replayed in memory and the facts come from the recovered hive; `logProblems` says why they could not be.
   */
  hives: {path: string; dirty: boolean; recovered?: LogRecovery; logProblems?: LogProblem[]}[];
  /** Absent only in facts built by hand (tests, fleet fixtures); inspect always fills it. */
  membership?: MembershipFacts;
  /** A WIM file's storage, from its header and blob table (src/image/wim/layout.ts); `image inspect` only. */
  wimFile?: WimFileFacts;
}

/**
 * `image inspect` of a WIM that holds more than one image, given no --index: the images it holds, from its XML
 * metadata, so that the user can choose one (by number or name) instead of winprep guessing.
 */
export interface WimImageListing {
  kind: 'wim';
  path: string;
  images: WimImageInfo[];
  wimFile: WimFileFacts;
}

export interface WimFileFacts {
  fileSize: Integer;
  /** Bytes nothing refers to (zeroed by in-place edits, or left by other tools): what --compact gives back. */
  reclaimableBytes: Integer;
  /** Why edits rebuild this WIM instead of editing it in place (solid, split, pipable); absent when in place works. */
  rebuildReason?: string;
}
