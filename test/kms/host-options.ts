/** The KMS host options the acceptance script uses (two publish domains, low priority, non-default intervals). */
import type {KmsHostOptions} from '../../src/kms/types.js';

export const HOST_OPTIONS: KmsHostOptions = {
  port: '1700',
  dnsPublishing: 'off',
  publishDomains: ['a.example,0,100', 'b.example'],
  lowPriority: 'on',
  activationInterval: '60',
  renewalInterval: '20160',
};
