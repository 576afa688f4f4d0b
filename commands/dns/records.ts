import {Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {srvRecordFlags} from '../../src/cli/flags.js';
import {RECORD_FORMATS, type RecordsResult, generateRecords} from '../../src/dns/records.js';

export default class DnsRecords extends BaseCommand<typeof DnsRecords> {
  static summary = 'Print _vlmcs._tcp SRV records: zone lines, nsupdate script, PowerShell or JSON.';
  static description =
    'Each --host is <fqdn>[:port][,priority,weight] (port 1688, priority 0 and weight 0 by default). ' +
    'Zone output loads in BIND (named-checkzone); nsupdate output feeds `nsupdate -k <key>`; PowerShell output uses Add-DnsServerResourceRecord.';
  static examples = [
    '<%= config.bin %> dns records --domain corp.example --host kms1.corp.example --host kms2.corp.example:1700,10,50',
    '<%= config.bin %> dns records --domain corp.example --host kms1.corp.example --format nsupdate --replace --server 192.0.2.53',
    '<%= config.bin %> dns records --domain branch.corp.example --zone corp.example --host kms1.corp.example --format powershell',
  ];
  static flags = {
    ...srvRecordFlags(),
    // Checked by generateRecords (usage error, exit 2): oclif's own options check exits 1 under this CLI's exitCodes.
    format: Flags.string({summary: `Output format: ${RECORD_FORMATS.join(', ')}.`, default: 'zone'}),
    zone: Flags.string({summary: 'Zone holding the records (nsupdate zone, PowerShell -ZoneName); defaults to --domain.'}),
    replace: Flags.boolean({summary: 'Delete the existing _vlmcs._tcp records first (nsupdate and PowerShell output).'}),
    server: Flags.string({summary: 'Add a "server <ip> <port>" line to nsupdate output; give <ip>[:port].'}),
  };

  async run(): Promise<RecordsResult> {
    const result = await generateRecords({
      domain: this.flags.domain,
      hosts: this.flags.host,
      ttl: this.flags.ttl,
      format: this.flags.format,
      zone: this.flags.zone,
      replace: this.flags.replace,
      server: this.flags.server,
    });
    if (!this.jsonEnabled()) process.stdout.write(result.text);
    return result;
  }
}
