import {Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {srvRecordFlags, timeoutFlag} from '../../src/cli/flags.js';
import {runStep} from '../../src/cli/progress.js';
import {ExitCode} from '../../src/errors.js';
import {type PublishResult, publishKmsRecords} from '../../src/dns/publish-records.js';
import {renderPublish} from '../../src/dns/render.js';

export default class DnsPublish extends BaseCommand<typeof DnsPublish> {
  static summary = 'Publish _vlmcs._tcp SRV records with a TSIG-signed dynamic update (RFC 2136), then read them back.';
  static description =
    'Sends one UPDATE to --server, signed with the key in --tsig-key (a BIND key file as tsig-keygen writes it), ' +
    'verifies the signed answer, then queries the records back and compares. REFUSED, NOTAUTH, BADSIG, BADKEY, BADTIME and ' +
    'timeouts exit 7 with one line; a read-back that does not match exits 4. The key secret is never printed.';
  static examples = [
    '<%= config.bin %> dns publish --server 192.0.2.53 --zone corp.example --domain corp.example --host kms1.corp.example --tsig-key /etc/bind/ddns.key',
    '<%= config.bin %> dns publish --server 192.0.2.53:5353 --domain corp.example --host kms1.corp.example:1688,0,100 --host kms2.corp.example:1688,10,50 --tsig-key ddns.key --replace --tcp',
  ];
  static flags = {
    server: Flags.string({summary: 'DNS server taking the update, as <ip>[:port] (port 53 by default).', required: true}),
    zone: Flags.string({summary: 'Zone to update; defaults to --domain.'}),
    ...srvRecordFlags(),
    'tsig-key': Flags.string({summary: 'BIND key file to sign the update with (key "<name>" { algorithm hmac-sha256; secret "<base64>"; };).', exclusive: ['unsigned']}),
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
