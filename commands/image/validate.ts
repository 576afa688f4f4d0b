import {Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {indexFlag, optionalImageArg, partitionFlag} from '../../src/cli/flags.js';
import {ExitCode, usageError} from '../../src/errors.js';
import {
  RULES,
  VALIDATE_TARGETS,
  type ValidationReport,
  renderJunit,
  renderRuleList,
  renderSarif,
  renderValidationText,
  validateImage,
} from '../../src/validate/index.js';

type RuleListing = {id: string; name: string; title: string; severity: string; targets: readonly string[]; evidence: string}[];

export default class ImageValidate extends BaseCommand<typeof ImageValidate> {
  static summary = 'Check whether an image is fit for disk duplication or WDS deployment.';
  static description = `Runs every rule (see --list-rules) against the image and prints findings with the exact registry value or file and the winprep command that fixes each. Exit 0 when fit, 4 when not (with --strict, warnings fail too).`;
  static examples = [
    '<%= config.bin %> image validate ./ref --for duplication',
    '<%= config.bin %> image validate install.wim --index 1 --for wds --format junit > validate.xml',
    '<%= config.bin %> image validate ref.tar --for duplication --format sarif > winprep.sarif',
  ];

  static args = {image: optionalImageArg()};
  static flags = {
    for: Flags.option({options: VALIDATE_TARGETS, default: 'duplication' as const, summary: 'Deployment the image is meant for.'})(),
    role: Flags.option({options: ['client', 'host'] as const, default: 'client' as const, summary: 'What clones become: KMS clients or KMS hosts.'})(),
    format: Flags.option({options: ['text', 'json', 'junit', 'sarif'] as const, default: 'text' as const, summary: 'Output format of the report (json is the same as --json).'})(),
    strict: Flags.boolean({summary: 'Fail the image on warnings too.'}),
    rules: Flags.string({summary: 'Run only these rules (IDs or names, comma-separated).', multiple: true, delimiter: ','}),
    'skip-rules': Flags.string({summary: 'Skip these rules (IDs or names, comma-separated).', multiple: true, delimiter: ','}),
    'list-rules': Flags.boolean({summary: 'List the rules and exit.'}),
    index: indexFlag(),
    partition: partitionFlag(),
  };

  /** `--format json` is the same document as `--json`. */
  public override jsonEnabled(): boolean {
    const i = this.argv.indexOf('--format');
    return super.jsonEnabled() || this.argv.includes('--format=json') || (i >= 0 && this.argv[i + 1] === 'json');
  }

  async run(): Promise<ValidationReport | RuleListing> {
    if (this.flags['list-rules']) {
      if (!this.jsonEnabled()) this.log(renderRuleList());
      return RULES.map(({id, name, title, severity, targets, evidence}) => ({id, name, title, severity, targets, evidence}));
    }
    if (!this.args.image) throw usageError('missing the image to validate', {hint: 'winprep image validate <image> --for duplication|wds'});
    const report = await validateImage(this.args.image, {
      target: this.flags.for,
      role: this.flags.role,
      strict: this.flags.strict,
      only: this.flags.rules,
      skip: this.flags['skip-rules'],
      index: this.flags.index,
      partition: this.flags.partition,
    });
    if (!report.fit) this.setStatus(ExitCode.checksFailed);
    if (this.jsonEnabled()) return report;
    if (this.flags.format === 'junit') process.stdout.write(renderJunit(report));
    else if (this.flags.format === 'sarif') process.stdout.write(`${JSON.stringify(renderSarif(report, this.config.version), null, 2)}\n`);
    else this.log(renderValidationText(report));
    return report;
  }
}
