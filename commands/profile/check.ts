import {Args} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {type ProfileCheckResult} from '../../src/licensing/profile-files.js';
import {checkProfileFile} from '../../src/prepare/check-profile.js';
import {renderProfileCheck} from '../../src/licensing/render.js';

export default class ProfileCheck extends BaseCommand<typeof ProfileCheck> {
  static summary = 'Check a profile against the schema and KMS ranges; exit 3 names the JSON path.';
  static description =
    'Validates with schemas/profile.schema.json (ports 1-65535, intervals 15-43200 minutes, known settings only) and ' +
    'the checks a schema cannot make (KMS host syntax, published GVLK). Valid settings that will not do what they ' +
    'seem to are reported as warnings.';

  static examples = ['<%= config.bin %> profile check winprep-profile.json', '<%= config.bin %> profile check build/win11.json --json'];

  static args = {
    file: Args.string({required: true, description: 'The profile to check.'}),
  };

  async run(): Promise<ProfileCheckResult> {
    const result = await checkProfileFile(this.args.file);
    if (!this.jsonEnabled()) this.log(renderProfileCheck(result));
    for (const warning of result.warnings) this.addWarning(warning);
    return result;
  }
}
