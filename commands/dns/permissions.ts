import {Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {srvRecordFlags} from '../../src/cli/flags.js';
import {type PermissionsResult, PERMISSION_FORMATS, kmsHostPermissions} from '../../src/dns/permissions.js';

export default class DnsPermissions extends BaseCommand<typeof DnsPermissions> {
  static summary = 'Print the commands that let several KMS hosts update the _vlmcs._tcp record.';
  static description =
    'In an Active Directory zone the first KMS host creates the SRV record and owns it; the other hosts\' updates are refused ' +
    'until the record lets a group of KMS hosts update it. The output creates the global security group, adds each --host\'s ' +
    'computer account (first label of its name, plus $) and grants the group read and write on the record. winprep only prints ' +
    'the commands; it changes nothing in AD.';
  static examples = [
    '<%= config.bin %> dns permissions --domain corp.example --host kms1.corp.example --host kms2.corp.example > kms-permissions.ps1',
    '<%= config.bin %> dns permissions --domain corp.example --host kms1.corp.example --host kms2.corp.example --format samba-tool > kms-permissions.sh',
  ];
  static flags = {
    // The same --domain and --host as dns records/publish (one spelling and summary); the port and weights are ignored here.
    domain: srvRecordFlags().domain,
    zone: Flags.string({summary: 'AD-integrated zone holding the record; defaults to --domain.'}),
    host: srvRecordFlags().host,
    group: Flags.string({summary: 'Name of the global security group for the KMS hosts.', default: 'KMS Hosts'}),
    // Checked by kmsHostPermissions (usage error, exit 2).
    format: Flags.string({summary: `Output: ${PERMISSION_FORMATS.join(' or ')}.`, default: 'powershell'}),
    'ad-domain': Flags.string({summary: 'AD domain holding the zone (for the record\'s DN in samba-tool output); defaults to --zone.'}),
    partition: Flags.string({summary: 'Zone replication scope: domain (DomainDnsZones, the default) or forest (ForestDnsZones).', default: 'domain'}),
  };

  async run(): Promise<PermissionsResult> {
    const result = kmsHostPermissions({
      domain: this.flags.domain,
      zone: this.flags.zone,
      hosts: this.flags.host,
      group: this.flags.group,
      format: this.flags.format,
      adDomain: this.flags['ad-domain'],
      partition: this.flags.partition,
    });
    if (!this.jsonEnabled()) process.stdout.write(result.text);
    return result;
  }
}
