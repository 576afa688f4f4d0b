import {BaseCommand} from '../../../src/cli/base-command.js';
import {imageArg, imageWriteFlags, imageWriteOptions} from '../../../src/cli/flags.js';
import {stepRunner} from '../../../src/cli/progress.js';
import {type KmsClientResult, clearKmsClient, renderClientResult} from '../../../src/kms/index.js';

export default class KmsClientClear extends BaseCommand<typeof KmsClientClear> {
  static summary = "Return an image's KMS client to defaults: auto-discovery, no domain, caching on.";
  static description = `Removes KeyManagementServiceName, KeyManagementServicePort, KeyManagementServiceLookupDomain and DisableKeyManagementServiceHostCaching (slmgr /ckms, /ckms-domain, /skhc). The answer file's product key is left alone.`;

  static examples = ['<%= config.bin %> kms client clear ./reference', '<%= config.bin %> kms client clear ./reference.tar --dry-run'];

  static args = {image: imageArg()};

  static flags = imageWriteFlags();

  async run(): Promise<KmsClientResult> {
    const result = await clearKmsClient(this.args.image, {
      ...imageWriteOptions(this.flags),
      runSteps: stepRunner({json: this.jsonEnabled(), verbose: this.flags.verbose}),
    });
    for (const warning of result.warnings) this.addWarning(warning);
    if (!this.jsonEnabled()) this.log(renderClientResult(result));
    return result;
  }
}
