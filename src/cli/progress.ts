/**
 * Progress for long commands: listr2 on stderr, animated only on an interactive terminal (a long copy's
 * bytes, percent, rate and time left redrawn in place), timestamped plain lines when stderr is not a TTY or
 * CI is set (a long copy's progress at most every PLAIN_PROGRESS_MS), and silent under --json (stdout holds
 * one JSON document, stderr stays empty unless the run fails) and under --quiet.
 */
import {Listr, ListrLogger, PRESET_TIMESTAMP, ProcessOutput, type ListrTask} from 'listr2';

import type {StepReport} from '../image/commit-progress.js';

import type {Step, StepRunner} from '../workflow/steps.js';

export interface ProgressOptions {
  json: boolean;
  verbose?: boolean;
}

/** Off a terminal, a transient progress update is printed at most this often (CI logs stay readable). */
const PLAIN_PROGRESS_MS = 5000;

/** --quiet (a global flag the base command sets once per process): no progress display at all. */
let quiet = false;
export const setQuietProgress = (value: boolean): void => {
  quiet = value;
};


const plainOutput = (): boolean => !process.stderr.isTTY || Boolean(process.env.CI) || process.env.TERM === 'dumb';

export async function runSteps<Ctx extends object>(steps: Step<Ctx>[], ctx: Ctx, options: ProgressOptions): Promise<Ctx> {
  const logger = new ListrLogger({processOutput: new ProcessOutput(process.stderr, process.stderr)});
  const plain = plainOutput() || Boolean(options.verbose);
  const tasks: ListrTask<Ctx>[] = steps.map((step) => ({
    title: step.title,
    skip: step.skip ? (c: Ctx) => step.skip!(c) : undefined,
    task: async (c, task) => {
      let lastTransient = 0;
      let lastPhase: string | undefined;
      await step.run(c, (output, how) => {
        if (how?.transient && plain) {
          const now = Date.now();
          if (how.phase === lastPhase && now - lastTransient < PLAIN_PROGRESS_MS) return;
          lastTransient = now;
          lastPhase = how.phase;
        }
        task.output = output;
      });
    },
  }));
  const listr = new Listr<Ctx>(tasks, {
    ctx,
    exitOnError: true,
    silentRendererCondition: options.json || quiet,
    renderer: 'default',
    rendererOptions: {logger},
    fallbackRenderer: 'simple',
    fallbackRendererCondition: plain,
    fallbackRendererOptions: {logger, timestamp: PRESET_TIMESTAMP},
  });
  return listr.run();
}

/** runSteps with the options bound: what a command hands a library function that reports its own steps. */
export const stepRunner =
  (options: ProgressOptions): StepRunner =>
  (steps, ctx) =>
    runSteps(steps, ctx, options);

/** A single progress step around work that returns the command's result. */
export async function runStep<T>(title: string, work: (report: StepReport) => Promise<T>, options: ProgressOptions): Promise<T> {
  const ctx: {result?: T} = {};
  await runSteps<typeof ctx>(
    [
      {
        title,
        run: async (c, report) => {
          c.result = await work(report);
        },
      },
    ],
    ctx,
    options,
  );
  return ctx.result as T;
}
