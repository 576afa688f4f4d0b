import {BaseCommand} from '../../src/cli/base-command.js';
import {imageArg, indexFlag, partitionFlag, rootFlag} from '../../src/cli/flags.js';
import type {ImageFacts} from '../../src/facts/facts.js';
import {inspectImagePath} from '../../src/facts/inspect.js';
import {renderInspect} from '../../src/facts/render-inspect.js';

export default class ImageInspect extends BaseCommand<typeof ImageInspect> {
  static summary = 'Show what an offline Windows image holds: OS, identity, licensing, answer files.';
  static description =
    'Reads a folder, tar/tar.gz or WIM image without changing it: the OS and architecture, the control set in use ' +
    '(Select\\Current), machine identities, the installed key and KMS settings, whether the image is generalized ' +
    '(ImageState + Sysprep tag + Setup CmdLine), and the answer files Setup would find. --json gives the full record.';

  static examples = [
    '<%= config.bin %> image inspect /mnt/image',
    '<%= config.bin %> image inspect install.wim --index 2 --json',
  ];

  static args = {image: imageArg()};

  static flags = {index: indexFlag(), partition: partitionFlag(), root: rootFlag()};

  async run(): Promise<ImageFacts> {
    const facts = await inspectImagePath(this.args.image, {index: this.flags.index, partition: this.flags.partition, root: this.flags.root});
    if (!this.jsonEnabled()) this.log(renderInspect(facts));
    for (const hive of facts.hives) {
      if (hive.dirty) this.addWarning(`${hive.path} is dirty (unreplayed transaction logs): its values may be stale`);
    }
    return facts;
  }
}
