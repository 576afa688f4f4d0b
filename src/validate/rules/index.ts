/** The rule registry: every rule of `image validate`, in report order. One file per concern in this folder. */
import type {Rule} from '../types.js';
import {answerFileSecrets, answerFileShape} from './answer-files.js';
import {generalization} from './generalization.js';
import {hiveIntegrity} from './hive-integrity.js';
import {hostKeyFileLeft, hostKeyScript} from './host-key.js';
import {cachedKmsHost, inheritedComputerName, inheritedDhcpv6Duid, inheritedMachineGuid, inheritedWsusIdentity} from './inherited-identity.js';
import {hostSettingsInClient, kmsClientSettings} from './kms-settings.js';
import {configMgrIdentity, defenderOnboarded, domainJoined, mdmEnrolled} from './membership.js';
import {gvlkEditionMismatch, keyNotGvlk, kmsHostKeyInClient} from './product-key.js';
import {setupCompleteReboots} from './setup-complete.js';
import {skipRearm} from './skip-rearm.js';
import {hibernatedVolume, pendingServicing, sysprepErrorLog} from './volume-state.js';
import {wdsOsSupport, wimMetadata} from './wds.js';
import {winprepLeftovers} from './winprep-leftovers.js';

export const RULES: readonly Rule[] = [
  hiveIntegrity,
  generalization,
  skipRearm,
  inheritedComputerName,
  inheritedMachineGuid,
  inheritedWsusIdentity,
  inheritedDhcpv6Duid,
  cachedKmsHost,
  domainJoined,
  mdmEnrolled,
  configMgrIdentity,
  defenderOnboarded,
  keyNotGvlk,
  kmsHostKeyInClient,
  gvlkEditionMismatch,
  kmsClientSettings,
  hostSettingsInClient,
  answerFileSecrets,
  answerFileShape,
  hostKeyFileLeft,
  hostKeyScript,
  setupCompleteReboots,
  hibernatedVolume,
  pendingServicing,
  sysprepErrorLog,
  winprepLeftovers,
  wdsOsSupport,
  wimMetadata,
];
