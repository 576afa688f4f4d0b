/** The staged image run and the progress steps the features share. */
export {runSequentially, type Step, type StepRunner} from './steps.js';
export {runStagedImage, withReadOnlyImage, type StageStep, type StagedRunOptions, type StagedRunPlan, type StagedRunResult, type Staging} from './staged-run.js';
export {summarizeChanges, writeAction, type FileAction, type FileChangeSummary} from './changes.js';
