import {Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {computerNameFlag, imageWriteFlags, imageWriteOptions, optionalImageArg} from '../../src/cli/flags.js';
import {stepRunner} from '../../src/cli/progress.js';
import {usageError} from '../../src/errors.js';
import {OPERATIONS, generalizeImage, renderGeneralizeResult, renderOperationList} from '../../src/generalize/index.js';
import type {GeneralizeResult, Operation} from '../../src/generalize/index.js';

interface OperationListing {
  operations: Pick<Operation, 'name' | 'defaultOn' | 'heading' | 'appliesTo' | 'basis' | 'evidence' | 'riskNote'>[];
}

export default class ImageGeneralize extends BaseCommand<typeof ImageGeneralize> {
  static summary = 'Reset what clones must not share and arm the first-boot rearm, as operations.';
  static description = `The offline equivalent of the licensing and identity part of sysprep /generalize. Each reset is a named operation (--list-operations; * marks the defaults, "inferred" what no public source documents). Microsoft supports cloning only images sysprep generalized: on those, winprep fixes what pipelines get wrong (a skipped rearm, a cached KMS host, fixed names) and keeps the answer file Setup reads at first boot. --dry-run shows the full change set (registry changes as .reg text, file changes as a list) and leaves the image untouched. Running it again changes nothing. Hardware generalization still needs sysprep in the reference VM.`;

  static examples = [
    '<%= config.bin %> image generalize --list-operations',
    '<%= config.bin %> image generalize ./reference --dry-run',
    '<%= config.bin %> image generalize ./reference.wim --index 1 --backup',
    '<%= config.bin %> image generalize ./reference --operations defaults,-computer-name,+msdtc',
    '<%= config.bin %> image generalize ./reference.tar --computer-name LAB-PC01 --json',
  ];

  static args = {image: optionalImageArg()};

  static flags = {
    'list-operations': Flags.boolean({summary: 'List the operations (name, * when on by default, heading) and exit.'}),
    operations: Flags.string({
      summary: 'Operations to run: names, -name to remove, defaults, all (comma-separated; repeatable).',
      multiple: true,
      // `--operations x <image>` must leave <image> to the argument.
      multipleNonGreedy: true,
    }),
    'computer-name': computerNameFlag(),
    'rename-domain-joined': Flags.boolean({
      summary: 'Let computer-name rename an image whose reference machine is joined to a domain (skipped otherwise).',
    }),
    ...imageWriteFlags(),
  };

  async run(): Promise<GeneralizeResult | OperationListing> {
    const {flags} = this;
    if (flags['list-operations']) {
      if (!this.jsonEnabled()) this.log(renderOperationList(OPERATIONS));
      return {operations: OPERATIONS.map(({name, defaultOn, heading, appliesTo, basis, evidence, riskNote}) => ({name, defaultOn, heading, appliesTo, basis, evidence, riskNote}))};
    }
    if (!this.args.image) throw usageError('missing the image argument', {hint: 'winprep image generalize <image> (or --list-operations)'});
    const result = await generalizeImage(this.args.image, {
      operations: flags.operations,
      computerName: flags['computer-name'],
      renameDomainJoined: flags['rename-domain-joined'],
      ...imageWriteOptions(flags),
      runSteps: stepRunner({json: this.jsonEnabled(), verbose: flags.verbose}),
    });
    if (!this.jsonEnabled()) this.log(renderGeneralizeResult(result, {verbose: flags.verbose}));
    for (const warning of result.warnings) this.addWarning(warning);
    return result;
  }
}
