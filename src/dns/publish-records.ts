/** The `dns publish` entry point: check the user's values, read the key file, publish. */
import {usageError} from '../errors.js';
import {type PublishResult, publishSrv} from './publish.js';
import {recordSet} from './records.js';
import {parseServer} from './server.js';
import {publishSrvGss} from './gss/publish-gss.js';
import {readKeyFile} from './tsig/key-file.js';

export type {PublishResult};

export interface PublishRecordsOptions {
  server: string;
  zone?: string;
  domain: string;
  hosts: string[];
  ttl?: number | string;
  /** BIND key file; required unless `unsigned`. */
  tsigKeyFile?: string;
  keyName?: string;
  unsigned?: boolean;
  /** Sign with Kerberos (GSS-TSIG, RFC 3645) through the system's nsupdate -g: Active Directory zones. */
  gssTsig?: boolean;
  /** With gssTsig: get the ticket from this keytab for `principal` instead of the caller's ticket cache. */
  keytab?: string;
  principal?: string;
  replace?: boolean;
  tcp?: boolean;
  timeoutMs?: number;
}

export async function publishKmsRecords(options: PublishRecordsOptions): Promise<PublishResult> {
  if ((options.keytab !== undefined || options.principal !== undefined) && !options.gssTsig) {
    throw usageError('--keytab and --principal go with --gss-tsig', {code: 'USAGE'});
  }
  if (!options.tsigKeyFile && !options.unsigned && !options.gssTsig) {
    throw usageError('give --gss-tsig (Active Directory), --tsig-key <BIND key file>, or --unsigned for a server that takes unsigned updates', {code: 'TSIG_KEY_REQUIRED'});
  }
  const server = parseServer(options.server);
  const set = recordSet(options);
  if (options.gssTsig) {
    return publishSrvGss({server, zone: set.zone, owner: set.owner, records: set.records, replace: options.replace, tcp: options.tcp, timeoutMs: options.timeoutMs, keytab: options.keytab, principal: options.principal});
  }
  const key = options.tsigKeyFile ? await readKeyFile(options.tsigKeyFile, options.keyName) : undefined;
  return publishSrv({server, zone: set.zone, records: set.records, key, replace: options.replace, tcp: options.tcp, timeoutMs: options.timeoutMs});
}
