import {Flags} from '@oclif/core';

import {BaseCommand} from '../../src/cli/base-command.js';
import {indexFlag, partitionFlag, timeoutFlag} from '../../src/cli/flags.js';
import {runStep} from '../../src/cli/progress.js';
import {ExitCode, usageError} from '../../src/errors.js';
import {type ImageDiscoveryResult, discoverFor} from '../../src/dns/discover-image.js';
import {renderDiscovery} from '../../src/dns/render.js';

export default class DnsDiscover extends BaseCommand<typeof DnsDiscover> {
  static summary = 'List the KMS hosts a client finds through DNS, in its order; --probe tries them.';
  static description =
    'The lookup domain is --domain, or what an image says: a direct registration (KeyManagementServiceName) wins, then the lookup ' +
    'domain, then the primary DNS suffix. _vlmcs._tcp.<domain> is queried through --server; hosts are ordered at random (Vista / ' +
    'Server 2008) or by RFC 2782 priority and weight (later clients). --probe resolves each host through the same server and opens ' +
    'a TCP connection (never an activation request). Findings carry activation error codes; exit 4 when a client would fail.';
  static examples = [
    '<%= config.bin %> dns discover --domain corp.example --server 192.0.2.53',
    '<%= config.bin %> dns discover --image ./ref-image --server 192.0.2.53 --probe',
    '<%= config.bin %> dns discover --domain corp.example --server 192.0.2.53:5353 --client vista --probe --timeout 2',
  ];
  static flags = {
    domain: Flags.string({summary: 'Domain to search for _vlmcs._tcp records.', exclusive: ['image']}),
    image: Flags.string({summary: 'Read the client\'s discovery settings from this image (folder, tar, WIM or disk; read-only).'}),
    index: indexFlag('(with --image)', {dependsOn: ['image']}),
    partition: partitionFlag({dependsOn: ['image']}),
    server: Flags.string({summary: 'DNS server to ask, as <ip>[:port] (port 53 by default).', required: true}),
    // Checked by discoverFor (usage error, exit 2).
    client: Flags.string({summary: 'Client generation: vista (random pick) or modern (RFC 2782); from the image, else modern.'}),
    probe: Flags.boolean({summary: 'Resolve each host through --server and test a TCP connection to its port.'}),
    timeout: timeoutFlag('each DNS answer and connection', 3),
  };

  async run(): Promise<ImageDiscoveryResult> {
    if (!this.flags.domain && !this.flags.image) throw usageError('give --domain <domain> or --image <image>');
    const discover = () =>
      discoverFor({
        server: this.flags.server,
        domain: this.flags.domain,
        image: this.flags.image,
        index: this.flags.index,
        partition: this.flags.partition,
        client: this.flags.client,
        probe: this.flags.probe,
        timeoutMs: this.flags.timeout * 1000,
      });
    const title = `Looking up _vlmcs._tcp through ${this.flags.server}${this.flags.probe ? ' and probing the hosts' : ''}`;
    const result = await runStep(title, discover, {json: this.jsonEnabled(), verbose: this.flags.verbose});
    if (!this.jsonEnabled()) this.log(renderDiscovery(result));
    if (!result.ok) this.setStatus(ExitCode.checksFailed);
    return result;
  }
}
