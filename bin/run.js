#!/usr/bin/env node
// Loading the CLI takes a moment; a stop signal in that moment finds nothing started. Say so and exit with
// the signal's code, as commands do (src/cli/base-command.ts removes these once it has its own handlers).
const EARLY_SIGNALS = {SIGHUP: 129, SIGINT: 130, SIGTERM: 143};
const early = new Map();
for (const [signal, code] of Object.entries(EARLY_SIGNALS)) {
  const handler = () => {
    process.stderr.write(`winprep: stopped by ${signal} while starting; nothing was changed\n`);
    process.exit(code);
  };
  early.set(signal, handler);
  process.on(signal, handler);
}
globalThis[Symbol.for('winprep.earlySignalHandlers')] = early;

const {execute} = await import('@oclif/core');
await execute({dir: import.meta.url});
