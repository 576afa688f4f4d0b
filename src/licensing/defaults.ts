/**
 * The one home of every KMS default, range and threshold. Nothing else in winprep spells these numbers.
 */

/** TCP port of KMS (client and host) when none is configured — docs/reference/kms.md#registry-values, docs/reference/kms.md#thresholds. */
export const KMS_DEFAULT_PORT = 1688;

/** Minutes between activation attempts while unactivated (VLActivationInterval) — docs/reference/kms.md#registry-values. */
export const ACTIVATION_INTERVAL_DEFAULT = 120;

/** Minutes between renewal attempts once activated (VLRenewalInterval, 7 days) — docs/reference/kms.md#registry-values. */
export const RENEWAL_INTERVAL_DEFAULT = 10080;

/** Allowed range of both intervals, in minutes (15 minutes to 30 days) — docs/reference/kms.md#registry-values. */
export const INTERVAL_RANGE = {min: 15, max: 43200} as const;

/** TCP port range for KeyManagementServicePort / ListeningPort — docs/reference/kms.md#registry-values. */
export const PORT_RANGE = {min: 1, max: 65535} as const;

/** Distinct CMIDs a host must see before it activates client OSes — docs/reference/kms.md#thresholds. */
export const CLIENT_THRESHOLD = 25;

/** Distinct CMIDs a host must see before it activates server OSes (and Office) — docs/reference/kms.md#thresholds. */
export const SERVER_THRESHOLD = 5;

/** The host keeps (and displays) at most this many recent CMIDs — docs/reference/kms.md#thresholds. */
export const KMS_COUNT_CAP = 50;

/** The host counts CMIDs seen within this many days — docs/reference/kms.md#thresholds. */
export const COUNT_WINDOW_DAYS = 30;

/** A KMS activation is valid this long; renewal restarts it; not configurable — docs/reference/kms.md#thresholds, docs/reference/generalization.md#pitfalls. */
export const ACTIVATION_VALIDITY_DAYS = 180;

/** TTL winprep gives _vlmcs._tcp SRV records it writes; Microsoft documents none (docs/reference/dns.md#srv-record: inferred). */
export const SRV_DEFAULT_TTL = 3600;

/** Activation threshold for a kind of OS. */
export const thresholdFor = (kind: 'client' | 'server'): number => (kind === 'server' ? SERVER_THRESHOLD : CLIENT_THRESHOLD);
