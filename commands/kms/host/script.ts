import {Flags} from '@oclif/core';

import {BaseCommand} from '../../../src/cli/base-command.js';
import {forceFlag, kmsHostSettingFlags, kmsHostSettingOptions} from '../../../src/cli/flags.js';
import {type HostScriptsResult, renderHostScripts, writeHostScripts} from '../../../src/kms/index.js';

export default class KmsHostScript extends BaseCommand<typeof KmsHostScript> {
  static summary = 'Write the KMS host settings as .cmd, PowerShell and .reg for a running host.';
  static description = `For a KMS host that already runs: install the host key (read at run time from the key file next to the scripts — the key is never written into them), activate online (slmgr /ato) or by telephone (slui.exe 4), apply the settings, then restart the licensing service (slsvc on Vista/2008, sppsvc later). The .reg file holds the same registry settings and imports on another host.`;

  static examples = [
    '<%= config.bin %> kms host script --port 1700 --publish-domain a.example,0,100 --out-dir ./out',
    '<%= config.bin %> kms host script --host-key-file ./csvlk.txt --activation phone --generation sl',
  ];

  static flags = {
    generation: Flags.string({summary: 'Windows generation of the host: spp (7 / 2008 R2 and later) or sl (Vista / 2008).', default: 'spp'}),
    activation: Flags.string({summary: 'How the installed host key is activated: online (slmgr /ato) or phone (slui.exe 4).', default: 'online'}),
    ...kmsHostSettingFlags(),
    'host-key-file': Flags.string({summary: 'File holding the KMS host key (CSVLK); checked here, read by the scripts on the host.'}),
    'out-dir': Flags.string({summary: 'Folder to write the scripts into (default: the current folder).', default: '.'}),
    name: Flags.string({summary: 'Base name of the three files.', default: 'kms-host'}),
    force: forceFlag('a script file'),
  };

  async run(): Promise<HostScriptsResult> {
    const {flags} = this;
    const result = await writeHostScripts({
      generation: flags.generation,
      activation: flags.activation,
      ...kmsHostSettingOptions(flags),
      hostKeyFile: flags['host-key-file'],
      outDir: flags['out-dir'],
      name: flags.name,
      force: flags.force,
    });
    if (!this.jsonEnabled()) this.log(renderHostScripts(result));
    return result;
  }
}
