import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {usageError} from '../../src/errors.js';
import {ACTIVATION_ERROR_CODES, type ActivationErrorCode} from '../../src/licensing/error-codes.js';
import {KMS_EVENTS, type KmsEvent} from '../../src/licensing/events.js';
import {type Explanation, explainCode} from '../../src/licensing/explain.js';
import {renderCodeList, renderExplanation} from '../../src/licensing/render.js';

type ExplainResult = Explanation | {codes: readonly ActivationErrorCode[]; events: readonly KmsEvent[]};

export default class KmsExplain extends BaseCommand<typeof KmsExplain> {
  static summary = 'Explain an activation error code or KMS event ID: meaning, cause, what to check.';
  static description =
    'Accepts 0xC004F038, C004F038, the signed decimal form (-1073418184; put -- before it so it is not read as a flag), ' +
    'the unsigned decimal form, and KMS event IDs 12288-12294. An unknown code exits 3. --list shows every known code and event.';

  static examples = [
    '<%= config.bin %> kms explain 0xC004F038',
    '<%= config.bin %> kms explain -- -1073418184',
    '<%= config.bin %> kms explain 12293 --json',
    '<%= config.bin %> kms explain --list',
  ];

  static args = {
    code: Args.string({description: 'Error code (hex or decimal) or KMS event ID.'}),
  };

  static flags = {
    list: Flags.boolean({summary: 'List every known error code and KMS event.'}),
  };

  async run(): Promise<ExplainResult> {
    if (this.flags.list) {
      if (!this.jsonEnabled()) this.log(renderCodeList(ACTIVATION_ERROR_CODES, KMS_EVENTS));
      return {codes: ACTIVATION_ERROR_CODES, events: KMS_EVENTS};
    }
    if (this.args.code === undefined) {
      throw usageError('give an error code or event ID, or --list', {hint: 'e.g. winprep kms explain 0xC004F038'});
    }
    const explanation = explainCode(this.args.code);
    if (!this.jsonEnabled()) this.log(renderExplanation(explanation));
    return explanation;
  }
}
