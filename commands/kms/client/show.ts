import {BaseCommand} from '../../../src/cli/base-command.js';
import {imageArg, indexFlag, partitionFlag} from '../../../src/cli/flags.js';
import {type KmsClientView, renderClientView, showKmsClient} from '../../../src/kms/index.js';

export default class KmsClientShow extends BaseCommand<typeof KmsClientShow> {
  static summary = 'Show the KMS client configuration of an offline image.';
  static description = `Direct registration (host and port) or DNS auto-discovery, lookup domain, host caching, intervals, and the product key of the image's answer file (GVLKs shown whole, other keys by their last 5 characters). Read-only.`;

  static examples = ['<%= config.bin %> kms client show ./reference', '<%= config.bin %> kms client show ./reference.wim --index 1 --json'];

  static args = {image: imageArg()};

  static flags = {index: indexFlag(), partition: partitionFlag()};

  async run(): Promise<KmsClientView> {
    const view = await showKmsClient(this.args.image, {index: this.flags.index, partition: this.flags.partition});
    for (const warning of view.warnings) this.addWarning(warning);
    if (!this.jsonEnabled()) this.log(renderClientView(view));
    return view;
  }
}
