import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {runStep} from '../../src/cli/progress.js';
import {ExitCode, usageError} from '../../src/errors.js';
import {auditFleet} from '../../src/fleet/audit.js';
import {renderFleetCsv, renderFleetText} from '../../src/fleet/render.js';
import type {FleetReport} from '../../src/fleet/types.js';

export default class FleetAudit extends BaseCommand<typeof FleetAudit> {
  static summary = 'Find duplicate identities across images and inventories; project the KMS count.';
  static description = `Reads any mix of images (folders holding Windows\\, tar or WIM files), folders of input files, fingerprint files (image fingerprint --json), slmgr /dlv output saved as text, KMS host event 12290 exports (Get-WinEvent | Export-Csv, or wevtutil qe /f:xml) and CSV inventories with named columns (ComputerName, CMID, MachineGuid, MachineSid, SusClientId, DUID, LastActivation). Formats are detected from content; unreadable rows are reported with file and line and the rest is still audited.

Reports duplicate CMIDs, machine SIDs, MachineGuids, SusClientIds, DHCPv6 DUIDs and computer names; the count a KMS host would reach (distinct CMIDs in the last 30 days, capped at 50) against the 25 client / 5 server thresholds; and clients whose activation is older than 180 days. Clones of a generalized image are not duplicates: their identities are regenerated at first boot.

Exit 4 when duplicates are found, or when the inputs carry CMIDs and a threshold is not met.`;

  static examples = [
    '<%= config.bin %> fleet audit fingerprints/',
    '<%= config.bin %> fleet audit /images/clone1 /images/clone2 install.wim',
    '<%= config.bin %> fleet audit kms-events.csv inventory.csv --format csv > findings.csv',
    '<%= config.bin %> fleet audit kms-events.xml --as-of 2026-11-01T00:00:00Z --json',
  ];

  static strict = false;

  static args = {
    input: Args.string({required: true, description: 'Images, fingerprint files, slmgr /dlv text, event exports or inventories (one or more).'}),
  };

  static flags = {
    // Checked in run(): oclif exits 1 on a bad option value (package.json exitCodes.default), a usage error is 2.
    format: Flags.string({summary: 'Output format of the report: text, json or csv (ignored with --json).', default: 'text', helpValue: 'text|json|csv'}),
    'as-of': Flags.string({summary: 'Judge the 30- and 180-day windows as of this time (ISO 8601) instead of now.'}),
  };

  async run(): Promise<FleetReport> {
    const {argv} = await this.parse(FleetAudit);
    const inputs = argv.map(String);
    if (!FORMATS.includes(this.flags.format)) throw usageError(`--format ${this.flags.format}: expected one of ${FORMATS.join(', ')}`);
    const now = this.flags['as-of'] === undefined ? undefined : parseAsOf(this.flags['as-of']);
    const report = await runStep(
      `Auditing ${inputs.length} input(s)`,
      (progress) => auditFleet(inputs, {now, onInput: (s) => progress(`${s.file}: ${s.records} records, ${s.errors} errors`)}),
      {json: this.jsonEnabled() || this.flags.format !== 'text', verbose: this.flags.verbose},
    );
    if (!this.jsonEnabled()) {
      if (this.flags.format === 'json') this.log(JSON.stringify(report, null, 2));
      else if (this.flags.format === 'csv') process.stdout.write(renderFleetCsv(report));
      else this.log(renderFleetText(report));
    }
    for (const skipped of report.skipped) this.addWarning(`${skipped.file}: skipped, ${skipped.reason}`);
    if (report.errors.count > 0) this.addWarning(`${report.errors.count} row(s) could not be read; see errors in the report`);
    if (!report.passed) this.setStatus(ExitCode.checksFailed);
    return report;
  }
}

const FORMATS = ['text', 'json', 'csv'];

function parseAsOf(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw usageError(`--as-of "${text}" is not an ISO 8601 time`);
  return ms;
}
