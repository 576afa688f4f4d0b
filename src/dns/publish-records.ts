/** The `dns publish` entry point: check the user's values, read the key file, publish. */
import {usageError} from '../errors.js';
import {type PublishResult, publishSrv} from './publish.js';
import {recordSet} from './records.js';
import {parseServer} from './server.js';
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
  replace?: boolean;
  tcp?: boolean;
  timeoutMs?: number;
}

export async function publishKmsRecords(options: PublishRecordsOptions): Promise<PublishResult> {
  if (!options.tsigKeyFile && !options.unsigned) {
    throw usageError('give --tsig-key <BIND key file> (or --unsigned for a server that takes unsigned updates)', {code: 'TSIG_KEY_REQUIRED'});
  }
  const server = parseServer(options.server);
  const set = recordSet(options);
  const key = options.tsigKeyFile ? await readKeyFile(options.tsigKeyFile, options.keyName) : undefined;
  return publishSrv({server, zone: set.zone, records: set.records, key, replace: options.replace, tcp: options.tcp, timeoutMs: options.timeoutMs});
}
