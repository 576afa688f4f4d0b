import {Args} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {prefixFlag} from '../../src/cli/flags.js';
import {regDiff, type RegDiffResult} from '../../src/registry/operations.js';
import {renderDiff} from '../../src/registry/render.js';

export default class RegDiff extends BaseCommand<typeof RegDiff> {
  static summary = 'Show the differences between two hives as .reg text.';
  static description =
    'Prints the .reg text that turns the first hive into the second: changed and new values, "name"=- for removed ' +
    'values, [key] sections for new keys and [-key] for removed ones. Keys and values only: timestamps, classes and ' +
    'security descriptors are not compared. Exit 0 whether or not they differ; see "same" under --json.';

  static examples = ['<%= config.bin %> reg diff before/SYSTEM after/SYSTEM', '<%= config.bin %> reg diff a/SOFTWARE b/SOFTWARE "Microsoft\\Windows NT" --json'];

  static args = {
    hiveA: Args.string({required: true, description: 'The original hive.'}),
    hiveB: Args.string({required: true, description: 'The changed hive.'}),
    key: Args.string({required: false, description: 'Compare only this key and its subtree.'}),
  };

  static flags = {
    prefix: prefixFlag(),
  };

  async run(): Promise<RegDiffResult> {
    const result = await regDiff(this.args.hiveA, this.args.hiveB, {prefix: this.flags.prefix, keyPath: this.args.key});
    if (!this.jsonEnabled()) this.print(renderDiff(result));
    return result;
  }
}
