/** `image validate`: rules, their runner and the text, JUnit and SARIF renderers. */
export * from './types.js';
export {RULES} from './rules/index.js';
export {findRule} from './select-rules.js';
export {validateImage, validateOpenImage, type ValidateOptions} from './run.js';
export {renderValidationText, renderRuleList} from './render-text.js';
export {renderJunit} from './render-junit.js';
export {renderSarif} from './render-sarif.js';
