/** `dns discover` entry point: the client's discovery settings from an image (read-only) or flags. */
import {usageError} from '../errors.js';
import type {ImageFacts} from '../facts/facts.js';
import {inspectImagePath} from '../facts/inspect.js';
import type {WimImageRef} from '../image/types.js';
import {parseDomain} from '../licensing/srv.js';
import {type ClientDiscoveryFacts, type DiscoveryResult, discoverKms} from './discover.js';
import type {ClientGeneration} from './order.js';
import {parseServer} from './server.js';

const CLIENT_GENERATIONS: readonly ClientGeneration[] = ['vista', 'modern'];

export type {DiscoveryResult};

/** docs/reference/kms.md#registry-values, docs/reference/dns.md#client-discovery: what in an image decides how its clients discover KMS. */
export function discoveryFactsOf(facts: ImageFacts): ClientDiscoveryFacts {
  const client = facts.licensing.client;
  return {
    directHost: client.host,
    directPort: client.port,
    lookupDomain: client.lookupDomain,
    primaryDnsSuffix: facts.identity.primaryDnsSuffix,
    build: facts.os.build,
    generation: facts.os.licensingGeneration === 'sl' ? 'vista' : 'modern',
    // Absent means the default: caching on (docs/reference/kms.md#registry-values).
    hostCachingDisabled: client.hostCachingDisabled ?? false,
  };
}

export interface DiscoverRequest {
  server: string;
  domain?: string;
  image?: string;
  index?: WimImageRef;
  partition?: number;
  /** 'vista' or 'modern'; anything else is a usage error. */
  client?: string;
  probe?: boolean;
  timeoutMs?: number;
}

/** What `dns discover` prints: the discovery, and with --image the image its settings were read from. */
export interface ImageDiscoveryResult extends DiscoveryResult {
  /** The --image argument, as given */
  image?: string;
}

export async function discoverFor(request: DiscoverRequest): Promise<ImageDiscoveryResult> {
  if (request.client !== undefined && !CLIENT_GENERATIONS.includes(request.client as ClientGeneration)) {
    throw usageError(`--client must be vista or modern (got "${request.client}")`);
  }
  const server = parseServer(request.server);
  const domain = request.domain === undefined ? undefined : parseDomain(request.domain, '--domain');
  const facts = request.image ? discoveryFactsOf(await inspectImagePath(request.image, {index: request.index, partition: request.partition})) : undefined;
  const result = await discoverKms({server, domain, facts, client: request.client as ClientGeneration | undefined, probe: request.probe, timeoutMs: request.timeoutMs});
  return request.image ? {image: request.image, ...result} : result;
}
