/** image generalize: the operation registry and the library entry points. */
export {OPERATIONS, operationNames, resolveOperations} from './registry.js';
export {generalizeImage, planGeneralize, stageGeneralize, stageOperation, type StageOptions, type StagedGeneralize} from './run.js';
export {renderGeneralizeResult, renderOperationList} from './render.js';
export {PLACEHOLDER_COMPUTER_NAME} from './operations/computer-name.js';
export {RESEAL_IMAGE_STATE, RESEAL_MARKER_KEY} from './operations/reseal.js';
export {rearmStepFields} from './rearm-step.js';
export type * from './types.js';
