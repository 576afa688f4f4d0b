/** KMS client and host configuration of offline images, and scripts for running hosts. */
export {setKmsClient, clearKmsClient, showKmsClient, stageKmsClient, stageClearKmsClient, readKmsClient, type StagedKmsClient} from './client.js';
export {configureKmsHost, stageKmsHost, resolveKmsHostSettings, type StagedKmsHost} from './host.js';
export {buildHostScripts, licensingService, type ActivationMethod, type HostScripts, type HostScriptOptions} from './host-scripts.js';
export {writeHostScripts, type HostScriptFilesOptions, type HostScriptsResult} from './host-script-files.js';
export {parseKmsClientOptions, clientEdits, clearClientEdits} from './client-settings.js';
export {parseKmsHostOptions, parsePublishDomainFlag, readHostKeyFile, hostEdits} from './host-settings.js';
export {chooseProductKey, type KeyChoice} from './gvlk-select.js';
export {stageProductKey, productKeyTarget, readAnswerFile, answerFileKey, type AnswerFileTarget} from './answer-key.js';
export {stageHostFirstBoot, mergeSetupComplete} from './first-boot.js';
export type {ImageRunOptions} from './image-run.js';
export * from './types.js';
export * from './render.js';
