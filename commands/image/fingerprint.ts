import {BaseCommand} from '../../src/cli/base-command.js';
import {imageArg, indexFlag, partitionFlag} from '../../src/cli/flags.js';
import type {Fingerprint} from '../../src/fleet/fingerprint.js';
import {renderFingerprintText} from '../../src/fleet/render.js';

export default class ImageFingerprint extends BaseCommand<typeof ImageFingerprint> {
  static summary = 'Print the identity record of an image, for fleet audit.';
  static description =
    'Edition, build, machine SID, MachineGuid, WSUS SusClientId, DHCPv6 DUID, computer name, generalization state, key channel and KMS settings of an offline image, as a stable versioned record ({"kind":"winprep-fingerprint","version":1}). Save it with --json and give the files to `fleet audit`. Identities of a generalized or winprep-resealed image are marked as regenerated at first boot.';

  static examples = [
    '<%= config.bin %> image fingerprint /mnt/ref',
    '<%= config.bin %> image fingerprint install.wim --index 2 --json > ref.json',
  ];

  static args = {image: imageArg()};

  static flags = {index: indexFlag(), partition: partitionFlag()};

  async run(): Promise<Fingerprint> {
    // Loaded here so that listing commands never loads the image layer.
    const {fingerprintImage} = await import('../../src/fleet/fingerprint-image.js');
    const fingerprint = await fingerprintImage(this.args.image, {index: this.flags.index, partition: this.flags.partition});
    if (!this.jsonEnabled()) this.log(renderFingerprintText(fingerprint));
    return fingerprint;
  }
}
