import {Args} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {prefixFlag, replayLogsFlag} from '../../src/cli/flags.js';
import {regDiff, type RegDiffResult} from '../../src/registry/operations.js';
import {readStateWarnings, renderDiff, skippedWarnings} from '../../src/registry/render.js';

export default class RegDiff extends BaseCommand<typeof RegDiff> {
  static summary = 'Show the differences between two hives as .reg text.';
  static description =
    'Prints the .reg text that turns the first hive into the second: changed and new values, "name"=- for removed ' +
    'values, [key] sections for new keys and [-key] for removed ones. Keys and values only: timestamps, classes and ' +
    'security descriptors are not compared. Exit 0 whether or not they differ; see "same" under --json. With ' +
    '--replay-logs, dirty hives are compared as recovered from their transaction logs, in memory.';

  static examples = ['<%= config.bin %> reg diff before/SYSTEM after/SYSTEM', '<%= config.bin %> reg diff a/SOFTWARE b/SOFTWARE "Microsoft\\Windows NT" --json'];

  static args = {
    hiveA: Args.string({required: true, description: 'The original hive.'}),
    hiveB: Args.string({required: true, description: 'The changed hive.'}),
    key: Args.string({required: false, description: 'Compare only this key and its subtree.'}),
  };

  static flags = {
    prefix: prefixFlag(),
    'replay-logs': replayLogsFlag('view'),
  };

  async run(): Promise<RegDiffResult> {
    const result = await regDiff(this.args.hiveA, this.args.hiveB, {prefix: this.flags.prefix, keyPath: this.args.key, replayLogs: this.flags['replay-logs']});
    const warnings = [
      ...(result.replayA ? readStateWarnings(result.fileA, undefined, result.replayA) : []),
      ...(result.replayB ? readStateWarnings(result.fileB, undefined, result.replayB) : []),
      ...skippedWarnings(result.skipped),
    ];
    for (const warning of warnings) this.addWarning(warning);
    if (!this.jsonEnabled()) this.print(renderDiff(result));
    return result;
  }
}
