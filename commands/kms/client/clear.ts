import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../../../src/cli/base-command.js';
import {runSteps} from '../../../src/cli/progress.js';
import {type KmsClientResult, clearKmsClient, renderClientResult} from '../../../src/kms/index.js';

export default class KmsClientClear extends BaseCommand<typeof KmsClientClear> {
  static summary = 'Return the KMS client of an offline image to defaults: auto-discovery, no lookup domain, host caching on.';
  static description = `Removes KeyManagementServiceName, KeyManagementServicePort, KeyManagementServiceLookupDomain and
DisableKeyManagementServiceHostCaching (slmgr /ckms, /ckms-domain, /skhc). The answer file's product key is left alone.`;

  static examples = ['<%= config.bin %> kms client clear ./reference', '<%= config.bin %> kms client clear ./reference.tar --dry-run'];

  static args = {image: Args.string({required: true, description: 'Image: a folder, a tar archive (.tar, .tar.gz) or a WIM file.'})};

  static flags = {
    'dry-run': Flags.boolean({summary: 'Show the .reg text and file changes; leave the image untouched.'}),
    backup: Flags.boolean({summary: 'Keep the previous version of every file the run replaces.'}),
    index: Flags.integer({summary: 'WIM image index (1-based); required for a multi-image WIM.', min: 1}),
    'force-dirty': Flags.boolean({summary: 'Write hives that have unreplayed transaction logs.'}),
  };

  async run(): Promise<KmsClientResult> {
    const {flags} = this;
    const result = await clearKmsClient(this.args.image, {
      dryRun: flags['dry-run'],
      backup: flags.backup,
      index: flags.index,
      forceDirty: flags['force-dirty'],
      runSteps: (steps, ctx) => runSteps(steps, ctx, {json: this.jsonEnabled(), verbose: flags.verbose}),
    });
    for (const warning of result.warnings) this.addWarning(warning);
    if (!this.jsonEnabled()) this.log(renderClientResult(result));
    return result;
  }
}
