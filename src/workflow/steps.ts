/**
 * The progress step every long library run is made of. Library code builds the steps and hands them to a
 * StepRunner; the command decides how they are shown (src/cli/progress.ts renders them with listr2), and
 * without one they run silently in order — so the library never prints and never imports the CLI.
 */
import type {StepReport} from '../image/commit-progress.js';

export interface Step<Ctx> {
  title: string;
  run: (ctx: Ctx, report: StepReport) => Promise<void> | void;
  /** Returning a string skips the step with that reason shown. */
  skip?: (ctx: Ctx) => string | false;
}

export type StepRunner = <Ctx extends object>(steps: Step<Ctx>[], ctx: Ctx) => Promise<Ctx>;

/** Run the steps in order on one context, silently: the default when no command renders progress. */
export const runSequentially: StepRunner = async (steps, ctx) => {
  for (const step of steps) {
    if (step.skip?.(ctx)) continue;
    await step.run(ctx, () => undefined);
  }
  return ctx;
};
