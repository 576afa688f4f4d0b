import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {forceFlag} from '../../src/cli/flags.js';
import {type ProfileInitResult, parseImageRole, writeStarterProfile} from '../../src/licensing/profile-files.js';
import {renderProfileInit} from '../../src/licensing/render.js';

export default class ProfileInit extends BaseCommand<typeof ProfileInit> {
  static summary = 'Write a starter profile for image prepare, with the documented KMS defaults.';
  static description =
    'The profile covers image selection, generalize operations, KMS client and host settings and the validation target. ' +
    'Its "$schema" points at winprep-profile.schema.json, a copy of the schema written beside it, so editors validate it ' +
    'wherever the two are committed or copied together. An existing profile is kept ' +
    'unless --force is given (exit 2).';

  static examples = ['<%= config.bin %> profile init', '<%= config.bin %> profile init build/win11.json --force', '<%= config.bin %> profile init kms-host.json --role host'];

  static args = {
    file: Args.string({description: 'Where to write the profile.', default: 'winprep-profile.json'}),
  };

  static flags = {
    force: forceFlag('the file'),
    // Checked in run(): oclif's own `options` check exits 1 instead of 2 (FlagInvalidOptionError has no exit code).
    role: Flags.string({summary: 'The image the profile prepares: client (a KMS client, default) or host (a KMS host).', default: 'client'}),
  };

  async run(): Promise<ProfileInitResult> {
    const result = await writeStarterProfile(this.args.file, {force: this.flags.force, role: parseImageRole(this.flags.role, '--role')});
    if (!this.jsonEnabled()) this.log(renderProfileInit(result));
    return result;
  }
}
