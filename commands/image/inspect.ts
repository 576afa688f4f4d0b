import {BaseCommand} from '../../src/cli/base-command.js';
import {imageArg, indexFlag, partitionFlag, rootFlag} from '../../src/cli/flags.js';
import type {ImageFacts, WimImageListing} from '../../src/facts/facts.js';
import {inspectImageOrList, isWimImageListing} from '../../src/facts/inspect.js';
import {renderInspect, renderWimListing} from '../../src/facts/render-inspect.js';

export default class ImageInspect extends BaseCommand<typeof ImageInspect> {
  static summary = 'Show what an offline Windows image holds: OS, identity, licensing, answer files.';
  static description =
    'Reads an image (folder, tar archive, WIM file or virtual disk) without changing it: the OS and architecture, the control set in use ' +
    '(Select\\Current), machine identities, the installed key and KMS settings, whether the image is generalized ' +
    '(ImageState + Sysprep tag + Setup CmdLine), and the answer files Setup would find. --json gives the full record. ' +
    'A WIM holding several images, given no --index, is listed: each image\'s number, name, edition and build.';

  static examples = [
    '<%= config.bin %> image inspect /mnt/image',
    '<%= config.bin %> image inspect install.wim',
    '<%= config.bin %> image inspect install.wim --index "Windows 11 Enterprise" --json',
  ];

  static args = {image: imageArg()};

  static flags = {index: indexFlag(), partition: partitionFlag(), root: rootFlag()};

  async run(): Promise<ImageFacts | WimImageListing> {
    const facts = await inspectImageOrList(this.args.image, {index: this.flags.index, partition: this.flags.partition, root: this.flags.root});
    if (isWimImageListing(facts)) {
      if (!this.jsonEnabled()) this.log(renderWimListing(facts, this.config.bin));
      return facts;
    }
    if (!this.jsonEnabled()) this.log(renderInspect(facts));
    for (const hive of facts.hives) {
      if (hive.dirty) this.addWarning(`${hive.path} is dirty (unreplayed transaction logs): its values may be stale`);
    }
    return facts;
  }
}
