import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {runSteps} from '../../src/cli/progress.js';
import {ExitCode} from '../../src/errors.js';
import {type PrepareResult, prepareImage, renderPrepareText} from '../../src/prepare/index.js';

export default class ImagePrepare extends BaseCommand<typeof ImagePrepare> {
  static summary = 'Generalize, configure KMS and validate an image from a profile — all or nothing.';
  static description = `The build server's main job. Every change (generalize operations, KMS client or host settings, the product key in the answer file) is staged as one change set, validated against the profile's validate.target, and committed only if the image is fit (--commit-on-fail overrides). A failed run leaves the image byte-identical and exits 4.`;
  static examples = [
    '<%= config.bin %> profile init kms-client.json',
    '<%= config.bin %> image prepare ./ref --profile kms-client.json',
    '<%= config.bin %> image prepare install.wim --index 1 --profile wds.json --dry-run --json',
  ];

  static args = {image: Args.string({required: true, description: 'image folder, tar archive or WIM file'})};
  static flags = {
    profile: Flags.string({required: true, summary: 'profile JSON (winprep profile init writes a starter)'}),
    'dry-run': Flags.boolean({summary: 'stage and validate, print the report, change nothing'}),
    'commit-on-fail': Flags.boolean({summary: 'commit even when validation fails (the exit code is still 4)'}),
    backup: Flags.boolean({summary: 'keep the previous version of every file the commit replaces'}),
    'force-dirty': Flags.boolean({summary: 'write hives that have unreplayed transaction logs'}),
    role: Flags.option({options: ['client', 'host'] as const, summary: 'KMS client or KMS host image (default: from the profile)'})(),
    'computer-name': Flags.string({summary: 'ComputerName pattern for the answer file instead of * (random)'}),
    index: Flags.integer({min: 1, summary: 'image index inside a multi-image WIM (default: profile image.index)'}),
  };

  async run(): Promise<PrepareResult> {
    const result = await prepareImage(
      this.args.image,
      {
        profile: this.flags.profile,
        dryRun: this.flags['dry-run'],
        commitOnFail: this.flags['commit-on-fail'],
        backup: this.flags.backup,
        forceDirty: this.flags['force-dirty'],
        role: this.flags.role,
        computerName: this.flags['computer-name'],
        index: this.flags.index,
      },
      (steps, state) => runSteps(steps, state, {json: this.jsonEnabled(), verbose: this.flags.verbose}),
    );
    for (const warning of result.warnings) this.addWarning(warning);
    if (!result.fit) this.setStatus(ExitCode.checksFailed);
    if (!this.jsonEnabled()) this.log(renderPrepareText(result));
    return result;
  }
}
