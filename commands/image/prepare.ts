import {Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {computerNameFlag, imageArg, imageWriteFlags, imageWriteOptions, indexFlag} from '../../src/cli/flags.js';
import {stepRunner} from '../../src/cli/progress.js';
import {ExitCode} from '../../src/errors.js';
import {type PrepareResult, prepareImage, renderPrepareText} from '../../src/prepare/index.js';

export default class ImagePrepare extends BaseCommand<typeof ImagePrepare> {
  static summary = 'Generalize, configure KMS and validate an image from a profile — all or nothing.';
  static description = `The build server's main job. Every change (generalize operations, KMS client or host settings, the product key in the answer file) is staged as one change set, validated against the profile's validate.target, and committed only if the image is fit (--commit-on-fail overrides). A failed run leaves the image byte-identical and exits 4. winprep profile init writes a starter profile.`;
  static examples = [
    '<%= config.bin %> image prepare ./ref --profile kms-client.json',
    '<%= config.bin %> image prepare install.wim --index 1 --profile wds.json --dry-run --json',
  ];

  static args = {image: imageArg()};
  static flags = {
    profile: Flags.string({required: true, summary: 'Profile JSON to apply (profile init writes a starter).'}),
    'commit-on-fail': Flags.boolean({summary: 'Commit even when validation fails (the exit code is still 4).'}),
    role: Flags.option({options: ['client', 'host'] as const, summary: 'What clones become: KMS clients or KMS hosts (default: from the profile).'})(),
    'computer-name': computerNameFlag(),
    ...imageWriteFlags(),
    index: indexFlag('unless the profile sets image.index'),
  };

  async run(): Promise<PrepareResult> {
    const result = await prepareImage(
      this.args.image,
      {
        profile: this.flags.profile,
        ...imageWriteOptions(this.flags),
        commitOnFail: this.flags['commit-on-fail'],
        role: this.flags.role,
        computerName: this.flags['computer-name'],
      },
      stepRunner({json: this.jsonEnabled(), verbose: this.flags.verbose}),
    );
    for (const warning of result.warnings) this.addWarning(warning);
    if (!result.fit) this.setStatus(ExitCode.checksFailed);
    if (!this.jsonEnabled()) this.log(renderPrepareText(result));
    return result;
  }
}
