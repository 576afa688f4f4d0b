import {Flags} from '@oclif/core';

import {BaseCommand} from '../../../src/cli/base-command.js';
import {imageArg, imageWriteFlags, imageWriteOptions, kmsHostSettingFlags, kmsHostSettingOptions} from '../../../src/cli/flags.js';
import {stepRunner} from '../../../src/cli/progress.js';
import {type KmsHostResult, configureKmsHost, renderHostResult} from '../../../src/kms/index.js';

export default class KmsHostConfigure extends BaseCommand<typeof KmsHostConfigure> {
  static summary = 'Configure an offline image as a KMS host: port, DNS publishing, priority, key.';
  static description = `Writes the host values slmgr /sprt, /cdns, /cpri, /sai, /sri leave and DnsDomainPublishList (REG_MULTI_SZ: "domain, priority, weight" lines on 7/2008 R2 and later, bare domains on Vista/2008). --host-key-file (the CSVLK, read from the file and never shown) adds a SetupComplete.cmd step that installs the key with slmgr /ipk at first boot, deletes the key file, and activates online; it never restarts the computer. Windows runs SetupComplete.cmd only at the end of Setup, so an image that will not run Setup (ImageState not a reseal-to-OOBE state) is refused with exit 4. Bad values exit 3; a refused or failed run writes nothing.`;

  static examples = [
    '<%= config.bin %> kms host configure ./kms-host --port 1700 --dns-publishing off',
    '<%= config.bin %> kms host configure ./kms-host --publish-domain a.example,0,100 --publish-domain b.example',
    '<%= config.bin %> kms host configure ./kms-host --host-key-file ./csvlk.txt --activation-interval 60 --renewal-interval 20160',
  ];

  static args = {image: imageArg()};

  static flags = {
    ...kmsHostSettingFlags(),
    'host-key-file': Flags.string({summary: 'File holding the KMS host key (CSVLK); installed and activated at first boot.'}),
    ...imageWriteFlags(),
  };

  async run(): Promise<KmsHostResult> {
    const {flags} = this;
    const result = await configureKmsHost(this.args.image, {
      ...kmsHostSettingOptions(flags),
      hostKeyFile: flags['host-key-file'],
      ...imageWriteOptions(flags),
      runSteps: stepRunner({json: this.jsonEnabled(), verbose: flags.verbose}),
    });
    for (const warning of result.warnings) this.addWarning(warning);
    if (!this.jsonEnabled()) this.log(renderHostResult(result));
    return result;
  }
}
