import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../../../src/cli/base-command.js';
import {runSteps} from '../../../src/cli/progress.js';
import {type KmsHostResult, configureKmsHost, renderHostResult} from '../../../src/kms/index.js';

export default class KmsHostConfigure extends BaseCommand<typeof KmsHostConfigure> {
  static summary = 'Configure an offline image as a KMS host: port, DNS publishing, publish domains, priority, intervals, host key.';
  static description = `Writes the host values slmgr /sprt, /cdns, /cpri, /sai, /sri leave and DnsDomainPublishList (REG_MULTI_SZ:
"domain, priority, weight" lines on 7/2008 R2 and later, bare domains on Vista/2008). --host-key-file (the CSVLK, read
from the file and never shown) adds a SetupComplete.cmd step that installs the key with slmgr /ipk at first boot,
deletes the key file, and activates online; it never restarts the computer. Bad values exit 3 and nothing is written.`;

  static examples = [
    '<%= config.bin %> kms host configure ./kms-host --port 1700 --dns-publishing off',
    '<%= config.bin %> kms host configure ./kms-host --publish-domain a.example,0,100 --publish-domain b.example',
    '<%= config.bin %> kms host configure ./kms-host --host-key-file ./csvlk.txt --activation-interval 60 --renewal-interval 20160',
  ];

  static args = {image: Args.string({required: true, description: 'Image: a folder, a tar archive (.tar, .tar.gz) or a WIM file.'})};

  static flags = {
    port: Flags.string({summary: 'TCP port the host listens on (1-65535; default 1688).'}),
    // on/off checked by the library (exit 3 naming the flag), not oclif `options` (exit 1 through exitCodes.default).
    'dns-publishing': Flags.string({summary: 'Publish the _vlmcs._tcp SRV record automatically: on (the default) or off.'}),
    'publish-domain': Flags.string({summary: 'Extra domain to publish in: domain[,priority,weight] (repeatable; bare domains on Vista/2008).', multiple: true}),
    'low-priority': Flags.string({summary: 'Run the KMS host at low priority: on or off (the default).'}),
    'activation-interval': Flags.string({summary: 'Minutes between activation attempts of unactivated clients (15-43200; default 120).'}),
    'renewal-interval': Flags.string({summary: 'Minutes between renewals of activated clients (15-43200; default 10080).'}),
    'host-key-file': Flags.string({summary: 'File holding the KMS host key (CSVLK); installed and activated at first boot.'}),
    'dry-run': Flags.boolean({summary: 'Show the .reg text and file changes; leave the image untouched.'}),
    backup: Flags.boolean({summary: 'Keep the previous version of every file the run replaces.'}),
    index: Flags.integer({summary: 'WIM image index (1-based); required for a multi-image WIM.', min: 1}),
    'force-dirty': Flags.boolean({summary: 'Write hives that have unreplayed transaction logs.'}),
  };

  async run(): Promise<KmsHostResult> {
    const {flags} = this;
    const result = await configureKmsHost(this.args.image, {
      port: flags.port,
      dnsPublishing: flags['dns-publishing'],
      publishDomains: flags['publish-domain'],
      lowPriority: flags['low-priority'],
      activationInterval: flags['activation-interval'],
      renewalInterval: flags['renewal-interval'],
      hostKeyFile: flags['host-key-file'],
      dryRun: flags['dry-run'],
      backup: flags.backup,
      index: flags.index,
      forceDirty: flags['force-dirty'],
      runSteps: (steps, ctx) => runSteps(steps, ctx, {json: this.jsonEnabled(), verbose: flags.verbose}),
    });
    for (const warning of result.warnings) this.addWarning(warning);
    if (!this.jsonEnabled()) this.log(renderHostResult(result));
    return result;
  }
}
