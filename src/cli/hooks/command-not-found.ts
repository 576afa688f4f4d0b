/**
 * An unknown command is a usage error (exit 2), in human and --json mode alike, with a "did you mean".
 * As a plugin of another oclif CLI this hook sees every unknown command of the host: it answers only for
 * winprep's own topics (or a near miss of one) and otherwise throws oclif's own "not found" error, so the
 * host (or its plugin-not-found) handles its own typos. Messages use the running CLI's bin name.
 */
import {Errors, type Hook} from '@oclif/core';

import {ExitCode} from '../../errors.js';
import {closest} from '../../suggest.js';
import {serializeEnvelope} from '../json-envelope.js';

const PLUGIN_NAME = 'winprep';

const hook: Hook.CommandNotFound = async function (options) {
  const {config} = this;
  const bin = config.bin;
  const ownIds = config.commands.filter((command) => command.pluginName === PLUGIN_NAME).map((command) => command.id);
  const standalone = config.name === PLUGIN_NAME;
  const parts = options.id.split(':');
  const topics = new Set(ownIds.map((id) => id.split(':')[0]));
  const ours = standalone || topics.has(parts[0]) || closest(parts[0], topics) !== undefined;
  if (!ours) throw new Errors.CLIError(`command ${options.id.replaceAll(':', ' ')} not found`);

  // `winprep --json` alone reaches here with the flag as the command id: no command given, JSON wanted.
  const bareFlag = options.id.startsWith('-');
  const {name, suggestion} = bareFlag ? {name: '', suggestion: undefined} : splitUnknown(parts, ownIds);
  const message = bareFlag ? 'missing command' : `unknown command "${name}"`;
  const known = name.split(' ').slice(0, -1).join(' ');
  const where = known && ownIds.some((id) => id.startsWith(`${known.replaceAll(' ', ':')}:`)) ? `${bin} ${known} --help` : `${bin} --help`;
  const hint = suggestion ? `did you mean "${bin} ${suggestion}"? (${where} lists the commands)` : `run ${where} for the list of commands`;
  if (options.id === '--json' || options.argv?.includes('--json')) {
    process.stdout.write(serializeEnvelope({status: ExitCode.usage, error: {code: 'USAGE', message, hint}}));
  } else {
    process.stderr.write(`${bin}: ${message}\nhint: ${hint}\n`);
  }
  process.exit(ExitCode.usage);
};

/**
 * oclif joins every word before the first flag into the id (`image:generalise:./ref`), so the arguments
 * end up in the name. Keep the known topic words plus the first unknown word, and find the closest command.
 */
function splitUnknown(parts: string[], ownIds: string[]): {name: string; suggestion?: string} {
  let known = 0;
  while (known < parts.length && ownIds.some((id) => id === parts.slice(0, known + 1).join(':') || id.startsWith(`${parts.slice(0, known + 1).join(':')}:`))) known++;
  const nameParts = parts.slice(0, Math.min(known + 1, parts.length));
  let suggestion: string | undefined;
  // Try the typed words as a command of every length from the unknown word on (`imgae generalize`, `image generalise`).
  for (let length = nameParts.length; length <= Math.min(parts.length, 3) && !suggestion; length++) {
    const typed = parts.slice(0, length).join(' ');
    const match = closest(typed, ownIds.map((id) => id.replaceAll(':', ' ')));
    if (match) suggestion = match;
  }
  return {name: nameParts.join(' '), suggestion};
}

export default hook;
