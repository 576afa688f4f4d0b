/** Typed inputs and results of KMS client and host configuration. */
import type {Architecture, LicensingGeneration} from '../facts/facts.js';
import type {KmsHostAddress, PublishDomain} from '../licensing/index.js';
import type {RegistryChange} from '../registry/changes.js';
import type {FileChangeSummary} from '../workflow/changes.js';
import type {Integer} from '../json-types.js';

/** What the user asked for a KMS client, as flags or a profile give it (raw, unvalidated). */
export interface KmsClientOptions {
  /** name|IPv4|[IPv6][:port] — direct registration (slmgr /skms). */
  host?: string;
  /** Port separately (profile form); overrides a port in `host`. */
  port?: number | string;
  /** DNS auto-discovery: clear a direct registration (slmgr /ckms). */
  auto?: boolean;
  lookupDomain?: string;
  /** false = disable host caching (slmgr /ckhc), true = enable (/skhc). */
  hostCaching?: boolean;
  /** 'auto' = the catalog GVLK of the image's edition, or an explicit GVLK. */
  key?: string;
}

/** Validated client settings. */
export interface KmsClientSettings {
  /** direct: host set; auto: host cleared; keep: registration not touched. */
  registration: 'direct' | 'auto' | 'keep';
  host?: KmsHostAddress;
  lookupDomain?: string;
  hostCaching?: boolean;
  key?: {auto: true} | {auto: false; key: string};
}

/** What the user asked for a KMS host (raw, unvalidated). */
export interface KmsHostOptions {
  port?: number | string;
  /** on/off or boolean */
  dnsPublishing?: boolean | string;
  /** `domain[,priority,weight]` strings or parsed entries */
  publishDomains?: (string | PublishDomain)[];
  lowPriority?: boolean | string;
  activationInterval?: number | string;
  renewalInterval?: number | string;
  /** File holding the KMS host key (CSVLK); read, never echoed. */
  hostKeyFile?: string;
}

export interface KmsHostSettings {
  port?: Integer;
  dnsPublishing?: boolean;
  publishDomains?: PublishDomain[];
  lowPriority?: boolean;
  activationInterval?: Integer;
  renewalInterval?: Integer;
  /** The CSVLK: a secret, never put in results (see hostKeyTail). */
  hostKey?: string;
}

/** A file the run wrote or deleted in the image (contents not repeated; secrets never). */
export type {FileChangeSummary};

export interface ImageTarget {
  path: string;
  index?: Integer;
  generation: LicensingGeneration;
  architecture: Architecture;
  editionId?: string;
  build?: Integer;
  /** SOFTWARE key the settings live under, e.g. SOFTWARE\Microsoft\Windows NT\CurrentVersion\SL */
  keyPath: string;
}

export interface ProductKeyChange {
  /** Published GVLKs whole; anything else masked to the last 5 characters. */
  key: string;
  source: 'catalog' | 'given';
  /** Catalog row name, e.g. "Windows 11 Enterprise" */
  catalogName?: string;
  answerFile: string;
  pass: 'specialize';
  component: 'Microsoft-Windows-Shell-Setup';
  arch: string;
  /** The key that was there before (masked unless a GVLK). */
  previous?: string;
  createdAnswerFile: boolean;
  componentsBefore: Integer;
  componentsAfter: Integer;
}

export interface KmsClientResult {
  image: ImageTarget;
  dryRun: boolean;
  registration: 'direct' | 'auto' | 'keep';
  values: RegistryChange[];
  productKey?: ProductKeyChange;
  files: FileChangeSummary[];
  /** The registry edits as a .reg file (what a real run writes). */
  reg: string;
  warnings: string[];
}

export interface KmsClientView {
  image: ImageTarget;
  mode: 'direct' | 'auto';
  host?: string;
  port?: string;
  /** The port clients use: the configured one or the default 1688. */
  effectivePort: Integer;
  lookupDomain?: string;
  hostCaching: boolean;
  activationInterval?: Integer;
  renewalInterval?: Integer;
  /** Host the client found and cached (NetworkService hive); clones should not inherit it. */
  cachedHost?: string;
  cachedPort?: string;
  /** Specialize-pass product key of the answer file the next boot reads, GVLK whole else masked. */
  answerFileKey?: string;
  answerFile?: string;
  answerFileKeyIsGvlk?: boolean;
  warnings: string[];
}

export interface KmsHostResult {
  image: ImageTarget;
  dryRun: boolean;
  values: RegistryChange[];
  files: FileChangeSummary[];
  /** Last 5 characters of the host key installed at first boot. */
  hostKeyTail?: string;
  reg: string;
  warnings: string[];
}
