/**
 * Progress for long commands: listr2 on stderr, animated only on an interactive terminal, plain lines
 * when stderr is not a TTY or CI is set, and silent under --json so stdout holds one JSON document.
 */
import {Listr, ListrLogger, ProcessOutput, type ListrTask} from 'listr2';

import type {Step, StepRunner} from '../workflow/steps.js';

export interface ProgressOptions {
  json: boolean;
  verbose?: boolean;
}


const plainOutput = (): boolean => !process.stderr.isTTY || Boolean(process.env.CI) || process.env.TERM === 'dumb';

export async function runSteps<Ctx extends object>(steps: Step<Ctx>[], ctx: Ctx, options: ProgressOptions): Promise<Ctx> {
  const logger = new ListrLogger({processOutput: new ProcessOutput(process.stderr, process.stderr)});
  const tasks: ListrTask<Ctx>[] = steps.map((step) => ({
    title: step.title,
    skip: step.skip ? (c: Ctx) => step.skip!(c) : undefined,
    task: async (c, task) => {
      await step.run(c, (output) => {
        task.output = output;
      });
    },
  }));
  const listr = new Listr<Ctx>(tasks, {
    ctx,
    exitOnError: true,
    silentRendererCondition: options.json,
    renderer: 'default',
    rendererOptions: {logger},
    fallbackRenderer: 'simple',
    fallbackRendererCondition: plainOutput() || Boolean(options.verbose),
    fallbackRendererOptions: {logger},
  });
  return listr.run();
}

/** runSteps with the options bound: what a command hands a library function that reports its own steps. */
export const stepRunner =
  (options: ProgressOptions): StepRunner =>
  (steps, ctx) =>
    runSteps(steps, ctx, options);

/** A single progress step around work that returns the command's result. */
export async function runStep<T>(title: string, work: (report: (output: string) => void) => Promise<T>, options: ProgressOptions): Promise<T> {
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
