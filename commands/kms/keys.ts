import {Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {type KeysResult, listGvlks} from '../../src/licensing/keys.js';
import {renderKeys} from '../../src/licensing/render.js';

export default class KmsKeys extends BaseCommand<typeof KmsKeys> {
  static summary = 'List the published KMS client setup keys (GVLKs), by edition and product.';
  static description =
    'The full table Microsoft publishes (Vista to Windows 11, Server 2008 to 2025, LTSC/LTSB, Semi-Annual Channel), ' +
    'each row with its product, edition, the EditionID strings it serves, the builds that tell products apart, and the ' +
    'activation threshold (25 client, 5 server). --edition takes an EditionID (exact, e.g. Professional, ServerStandard) ' +
    'or part of an edition name (e.g. Datacenter). A filter that matches nothing exits 3.';

  static examples = [
    '<%= config.bin %> kms keys --edition Professional',
    '<%= config.bin %> kms keys --edition ServerStandard --json',
    '<%= config.bin %> kms keys --product "Server 2022"',
    '<%= config.bin %> kms keys --edition EnterpriseS --build 19044',
  ];

  static flags = {
    edition: Flags.string({summary: 'EditionID (e.g. Professional, ServerStandard, EnterpriseS) or part of an edition name.'}),
    product: Flags.string({summary: 'Part of the product name, e.g. "Windows 11", "2022", "LTSC".'}),
    build: Flags.integer({summary: 'Only rows for this CurrentBuild, e.g. 20348.', min: 0}),
  };

  async run(): Promise<KeysResult> {
    const result = listGvlks({edition: this.flags.edition, product: this.flags.product, build: this.flags.build});
    if (!this.jsonEnabled()) this.log(renderKeys(result));
    return result;
  }
}
