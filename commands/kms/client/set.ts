import {Flags} from '@oclif/core';

import {BaseCommand} from '../../../src/cli/base-command.js';
import {imageArg, imageWriteFlags, imageWriteOptions} from '../../../src/cli/flags.js';
import {stepRunner} from '../../../src/cli/progress.js';
import {type KmsClientResult, renderClientResult, setKmsClient} from '../../../src/kms/index.js';

export default class KmsClientSet extends BaseCommand<typeof KmsClientSet> {
  static summary = "Configure an image's KMS client: host, discovery, lookup domain, caching, GVLK.";
  static description = `Writes the values slmgr /skms, /ckms, /skms-domain and /ckhc leave, where the image's Windows generation reads them (Vista/2008: ...\\CurrentVersion\\SL; 7 and later: ...\\SoftwareProtectionPlatform), ports as REG_SZ. --key puts the GVLK into the specialize pass of Windows/Panther/unattend.xml (Microsoft-Windows-Shell-Setup/ProductKey), merged into the existing answer file. Bad values exit 3 and nothing is written; --dry-run shows the .reg text and the files that would change.`;

  static examples = [
    '<%= config.bin %> kms client set ./reference --host kms01.corp.example:1700',
    '<%= config.bin %> kms client set ./reference --host [2001:db8::10]:1688 --no-host-caching',
    '<%= config.bin %> kms client set ./reference.wim --index 1 --auto --lookup-domain corp.example',
    '<%= config.bin %> kms client set ./reference --key auto --dry-run',
  ];

  static args = {image: imageArg()};

  static flags = {
    host: Flags.string({summary: 'KMS host: name, IPv4 or [IPv6], optionally :port (1-65535), like slmgr /skms.'}),
    auto: Flags.boolean({summary: 'Use DNS auto-discovery: remove a registered host and port (slmgr /ckms).'}),
    'lookup-domain': Flags.string({summary: 'DNS domain searched for _vlmcs._tcp SRV records (slmgr /skms-domain; Windows 8+).'}),
    'host-caching': Flags.boolean({summary: 'Cache the KMS host found (default); --no-host-caching turns it off (slmgr /ckhc).', allowNo: true}),
    key: Flags.string({summary: 'Product key for the specialize pass: auto (the GVLK of the image\'s edition) or a GVLK.'}),
    ...imageWriteFlags(),
  };

  async run(): Promise<KmsClientResult> {
    const {flags} = this;
    const result = await setKmsClient(this.args.image, {
      host: flags.host,
      auto: flags.auto,
      lookupDomain: flags['lookup-domain'],
      hostCaching: flags['host-caching'],
      key: flags.key,
      ...imageWriteOptions(flags),
      runSteps: stepRunner({json: this.jsonEnabled(), verbose: flags.verbose}),
    });
    for (const warning of result.warnings) this.addWarning(warning);
    if (!this.jsonEnabled()) this.log(renderClientResult(result));
    return result;
  }
}
