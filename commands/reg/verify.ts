import {Args} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {ExitCode} from '../../src/errors.js';
import {regVerify} from '../../src/registry/operations.js';
import {renderVerify} from '../../src/registry/render.js';
import type {VerifyReport} from '../../src/registry/verify.js';

export default class RegVerify extends BaseCommand<typeof RegVerify> {
  static summary = 'Check a hive the way Windows does when it loads it.';
  static description =
    'The checks no Linux tool makes: subkey order, lh hashes and lf hints, parent pointers, subkey counts, the sk ring ' +
    'and reference counts, max-length fields, value lists, big-data (db) placement, cell and bin bounds, the header ' +
    'checksum and the dirty state (sequence numbers, newer .LOG1/.LOG2). Exit 0 when the hive passes, 4 when it ' +
    'fails a check, 3 when it is too damaged to read at all.';

  static examples = ['<%= config.bin %> reg verify Windows/System32/config/SYSTEM', '<%= config.bin %> reg verify SOFTWARE --json'];

  static args = {
    hive: Args.string({required: true, description: 'Hive file.'}),
  };

  async run(): Promise<VerifyReport> {
    const report = await regVerify(this.args.hive);
    if (!this.jsonEnabled()) this.log(renderVerify(report));
    if (!report.ok) this.setStatus(ExitCode.checksFailed);
    return report;
  }
}
