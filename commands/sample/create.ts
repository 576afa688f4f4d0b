import {Args, Flags} from '@oclif/core';

import {SAMPLE_FORMATS, SAMPLE_OSES, SAMPLE_STATES, buildSample, type BuildSampleResult} from '../../fixtures/build.js';
import {BaseCommand} from '../../src/cli/base-command.js';
import {forceFlag} from '../../src/cli/flags.js';

export default class SampleCreate extends BaseCommand<typeof SampleCreate> {
  static summary = 'Create a realistic sample Windows image for tests, demos and trials.';
  static description =
    'Builds the registry hives, answer files, State.ini, Sysprep tag and kernel32.dll that winprep reads, as a ' +
    'captured-without-sysprep image (machine identity, cached KMS host, SkipRearm=1: what breaks a fleet) or a ' +
    'sysprepped one (what a correct sysprep /generalize leaves). The image appears at exactly <out>.';

  static examples = [
    '<%= config.bin %> sample create ./win10 --os win10-pro --state captured-without-sysprep',
    '<%= config.bin %> sample create ./install.wim --os server2022-datacenter --state sysprepped --container wim',
    '<%= config.bin %> sample create ./image.tar.gz --os win7-enterprise --state sysprepped --container tar',
    '<%= config.bin %> sample create ./reference.vhdx --os win10-pro --state captured-without-sysprep --container vhdx',
  ];

  static args = {
    out: Args.string({required: true, description: 'Where the image appears: a folder, or the archive / WIM file.'}),
  };

  static flags = {
    // Choices are checked by buildSample (a usage error, exit 2), and listed here for --help.
    os: Flags.string({summary: `Operating system of the sample: ${SAMPLE_OSES.join(', ')}.`, required: true}),
    state: Flags.string({summary: `State the image is in: ${SAMPLE_STATES.join(', ')}.`, required: true}),
    // `--format` elsewhere means an output format (text, json, sarif…); here it was the container, hence the rename.
    container: Flags.string({
      summary: `What holds the sample: ${SAMPLE_FORMATS.join(', ')} (a folder tree, a tar archive that .tar.gz compresses, a WIM file, or a virtual disk: GPT with EFI, MSR and NTFS partition 3).`,
      default: 'folder',
      aliases: ['format'],
      deprecateAliases: true,
    }),
    force: forceFlag('<out>'),
  };

  async run(): Promise<BuildSampleResult> {
    const {container, ...flags} = this.flags;
    const result = await buildSample({out: this.args.out, ...flags, format: container});
    if (!this.jsonEnabled()) {
      this.log(`${result.out}: ${result.os} ${result.state} sample (${result.format}, ${result.editionId} build ${result.build}, ${result.architecture}, ${result.files.length} files)`);
    }
    return result;
  }
}
