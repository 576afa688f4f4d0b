import {Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {srvRecordFlags, timeoutFlag} from '../../src/cli/flags.js';
import {runStep} from '../../src/cli/progress.js';
import {ExitCode} from '../../src/errors.js';
import {type PublishResult, publishKmsRecords} from '../../src/dns/publish-records.js';
import {renderPublish} from '../../src/dns/render.js';

export default class DnsPublish extends BaseCommand<typeof DnsPublish> {
  static summary = 'Publish _vlmcs._tcp SRV records by signed dynamic update, then read them back.';
  static description =
    'Sends one UPDATE to --server, signed with the key in --tsig-key (a BIND key file as tsig-keygen writes it), ' +
    'or, with --gss-tsig, with Kerberos (GSS-TSIG, RFC 3645) as Active Directory zones require: the ticket from kinit, or ' +
    '--keytab with --principal; the system\'s nsupdate -g (bind9-dnsutils) and kinit/klist (krb5-user) do the Kerberos part. ' +
    'Then queries the records back and compares. REFUSED, NOTAUTH, BADSIG, BADKEY, BADTIME, Kerberos failures and ' +
    'timeouts exit 7 with one line; a read-back that does not match exits 4. No key or password is ever printed.';
  static examples = [
    '<%= config.bin %> dns publish --server 192.0.2.53 --zone corp.example --domain corp.example --host kms1.corp.example --tsig-key /etc/bind/ddns.key',
    '<%= config.bin %> dns publish --gss-tsig --server 192.0.2.10 --domain corp.example --host kms1.corp.example',
    '<%= config.bin %> dns publish --gss-tsig --keytab /etc/krb5.keytab --principal \'KMS1$@CORP.EXAMPLE\' --server 192.0.2.10 --domain corp.example --host kms1.corp.example',
    '<%= config.bin %> dns publish --server 192.0.2.53:5353 --domain corp.example --host kms1.corp.example:1688,0,100 --host kms2.corp.example:1688,10,50 --tsig-key ddns.key --replace --tcp',
  ];
  static flags = {
    server: Flags.string({summary: 'DNS server taking the update, as <ip>[:port] (port 53 by default).', required: true}),
    zone: Flags.string({summary: 'Zone to update; defaults to --domain.'}),
    ...srvRecordFlags(),
    'tsig-key': Flags.string({summary: 'BIND key file to sign the update with (key "<name>" { algorithm hmac-sha256; secret "<base64>"; };).', exclusive: ['unsigned', 'gss-tsig']}),
    'gss-tsig': Flags.boolean({summary: 'Sign with Kerberos (GSS-TSIG), as Active Directory zones require; uses the ticket from kinit.', exclusive: ['unsigned']}),
    keytab: Flags.string({summary: 'With --gss-tsig: get the ticket from this keytab (for build servers) instead of the ticket cache.', dependsOn: ['gss-tsig', 'principal']}),
    principal: Flags.string({summary: 'With --keytab: the principal to get the ticket for, e.g. KMS1$@CORP.EXAMPLE.', dependsOn: ['keytab']}),
    'key-name': Flags.string({summary: 'Which key to use when the key file holds several.'}),
    unsigned: Flags.boolean({summary: 'Send the update without TSIG (only for servers that take unsigned updates).'}),
    replace: Flags.boolean({summary: 'Replace the whole _vlmcs._tcp SRV RRset instead of adding to it.'}),
    tcp: Flags.boolean({summary: 'Use TCP instead of UDP.'}),
    timeout: timeoutFlag('each answer', 5),
  };

  async run(): Promise<PublishResult> {
    const title = `Publishing _vlmcs._tcp.${this.flags.domain} to ${this.flags.server}`;
    const publish = () =>
      publishKmsRecords({
        server: this.flags.server,
        zone: this.flags.zone,
        domain: this.flags.domain,
        hosts: this.flags.host,
        ttl: this.flags.ttl,
        tsigKeyFile: this.flags['tsig-key'],
        keyName: this.flags['key-name'],
        unsigned: this.flags.unsigned,
        gssTsig: this.flags['gss-tsig'],
        keytab: this.flags.keytab,
        principal: this.flags.principal,
        replace: this.flags.replace,
        tcp: this.flags.tcp,
        timeoutMs: this.flags.timeout * 1000,
      });
    const result = await runStep(title, publish, {json: this.jsonEnabled(), verbose: this.flags.verbose});
    if (!this.jsonEnabled()) this.log(renderPublish(result));
    if (!result.verified) {
      this.addWarning(`the server does not hold what was published at ${result.owner}`);
      this.setStatus(ExitCode.checksFailed);
    }
    return result;
  }
}
