/** `image prepare`: the whole pipeline (generalize → KMS → validate), all or nothing. */
export {prepareImage, type PrepareOptions, type PrepareResult} from './prepare.js';
export {planPrepare, type PreparePlan} from './profile-to-options.js';
export {renderPrepareText} from './render.js';
