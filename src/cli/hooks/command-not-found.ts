/** An unknown command is a usage error (exit 2), in human and --json mode alike. */
import type {Hook} from '@oclif/core';

import {ExitCode} from '../../errors.js';
import {serializeEnvelope} from '../json-envelope.js';

const hook: Hook.CommandNotFound = async function (options) {
  const id = options.id.replaceAll(':', ' ');
  // `winprep --json` alone reaches here with the flag as the command id: no command given, JSON wanted.
  const bareFlag = id.startsWith('-');
  const message = bareFlag ? 'missing command' : `unknown command "${id}"`;
  const hint = 'run winprep --help for the list of commands';
  if (id === '--json' || options.argv?.includes('--json')) {
    process.stdout.write(serializeEnvelope({status: ExitCode.usage, error: {code: 'USAGE', message, hint}}));
  } else {
    process.stderr.write(`winprep: ${message}\nhint: ${hint}\n`);
  }
  process.exit(ExitCode.usage);
};

export default hook;
