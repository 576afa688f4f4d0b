import {Args} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {replayLogsFlag} from '../../src/cli/flags.js';
import {regGet, type RegGetResult} from '../../src/registry/operations.js';
import {readStateWarnings, renderGet} from '../../src/registry/render.js';

export default class RegGet extends BaseCommand<typeof RegGet> {
  static summary = 'Read a key or one value from an offline hive file.';
  static description =
    'Paths are relative to the hive root, case-insensitive, with \\ or / separators. With a value name, prints the ' +
    'value\'s data alone (strings as text, DWORDs in decimal, multi-strings one per line), like hivexget; "@" names the ' +
    'default value. Without one, lists the key\'s values and subkeys like `reg query`. A missing key or value exits 3. ' +
    'With --replay-logs, a dirty hive is read as Windows would see it after replaying its transaction logs, in memory.';

  static examples = [
    '<%= config.bin %> reg get Windows/System32/config/SYSTEM "ControlSet001\\Control\\ComputerName\\ComputerName" ComputerName',
    '<%= config.bin %> reg get SOFTWARE "Microsoft\\Windows NT\\CurrentVersion" --json',
  ];

  static args = {
    hive: Args.string({required: true, description: 'Hive file (e.g. Windows/System32/config/SYSTEM).'}),
    key: Args.string({required: true, description: 'Key path below the hive root ("" or \\ for the root).'}),
    value: Args.string({required: false, description: 'Value name; @ for the default value.'}),
  };

  static flags = {
    'replay-logs': replayLogsFlag('view'),
  };

  async run(): Promise<RegGetResult> {
    const result = await regGet(this.args.hive, this.args.key, this.args.value, {replayLogs: this.flags['replay-logs']});
    for (const warning of readStateWarnings(result.file, result.dirtyReason, result.replay)) this.addWarning(warning);
    if (!this.jsonEnabled()) this.log(renderGet(result));
    return result;
  }
}
