import {Args} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {dryRunFlag, forceDirtyFlag, prefixFlag, replayLogsFlag} from '../../src/cli/flags.js';
import {regImport, type RegImportResult} from '../../src/registry/operations.js';
import {renderImport} from '../../src/registry/render.js';

export default class RegImport extends BaseCommand<typeof RegImport> {
  static summary = 'Merge a .reg file into an offline hive file.';
  static description =
    'Applies [key], [-key], "name"=…, "name"=- in order, creating missing parents. Keys must lie under where Windows ' +
    'mounts the hive (HKEY_LOCAL_MACHINE\\SYSTEM for a file named SYSTEM, …) or under --prefix. The hive is rewritten ' +
    'atomically and left clean. A dirty hive (unreplayed transaction logs) is refused unless --replay-logs recovers it ' +
    'first (the report then gives what the replay recovered and what the import changed, separately) or --force-dirty. ' +
    '--dry-run shows the changes as .reg text and writes nothing.';

  static examples = [
    '<%= config.bin %> reg import Windows/System32/config/SOFTWARE kms.reg --dry-run',
    '<%= config.bin %> reg import Windows/System32/config/SYSTEM fix.reg',
  ];

  static args = {
    hive: Args.string({required: true, description: 'Hive file to edit.'}),
    reg: Args.string({required: true, description: 'The .reg file to merge (UTF-16LE or UTF-8).'}),
  };

  static flags = {
    'dry-run': dryRunFlag(),
    prefix: prefixFlag(),
    'force-dirty': forceDirtyFlag(),
    'replay-logs': replayLogsFlag('write'),
  };

  async run(): Promise<RegImportResult> {
    const result = await regImport(this.args.hive, this.args.reg, {prefix: this.flags.prefix, dryRun: this.flags['dry-run'], forceDirty: this.flags['force-dirty'], replayLogs: this.flags['replay-logs']});
    if (!this.jsonEnabled()) this.log(renderImport(result));
    return result;
  }
}
