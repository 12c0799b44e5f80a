import type { DiscoveredServer } from '../discovery/index.js';
import { type IdentifyContext, type Identity, identifyEntry, type Resolution } from '../identity/index.js';
import { checkAgainstRegistry, checkPinning, checkResolution, checkVerifiable } from './checks.js';
import type { Candidate, CheckResult } from './types.js';

/** Everything learned about one configured server. */
export interface ServerOutcome {
  server: DiscoveredServer;
  identity: Identity;
  resolution: Resolution;
  /** The registry release it was matched to, if any. */
  match: Candidate | null;
  results: CheckResult[];
}

/** The I/O the checks need, injected: resolving packages and finding releases. */
export interface RunAdapters {
  /** What would run (pacote for npm). Absent: nothing is resolved (scan). */
  resolve?: (identity: Identity) => Promise<Resolution>;
  /** Registry releases naming what runs. Absent: no registry checks (scan). */
  find?: (identity: Identity) => Promise<Candidate[]>;
  onProgress?: (done: number, total: number, server: DiscoveredServer) => void;
}

export interface RunOptions {
  requirePinning: boolean;
  concurrency?: number;
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Identify, resolve and check each server. Pure apart from the adapters; results keep the input order. */
export async function checkServers(
  servers: DiscoveredServer[],
  ctx: IdentifyContext,
  adapters: RunAdapters,
  options: RunOptions,
): Promise<ServerOutcome[]> {
  let done = 0;
  // the same package is often configured in several clients: resolve and look it up once
  const resolved = new Map<string, Promise<Resolution>>();
  const found = new Map<string, Promise<Candidate[]>>();
  return mapLimit(servers, options.concurrency ?? 6, async (server) => {
    const identity = identifyEntry(server.entry, ctx);
    const key = JSON.stringify(identity);
    let resolution: Resolution = { status: 'not_applicable' };
    if (adapters.resolve && identity.kind === 'package') {
      let pending = resolved.get(key);
      if (!pending) {
        pending = adapters.resolve(identity);
        resolved.set(key, pending);
      }
      resolution = await pending;
    } else if (identity.kind === 'package') {
      resolution = {
        status: 'resolved',
        version: identity.version,
        integrity: identity.digest ?? null,
        source: 'config',
      };
    }
    const results: CheckResult[] = [
      ...checkVerifiable(identity),
      ...checkPinning(identity, resolution, options.requirePinning),
      ...(adapters.resolve ? checkResolution(identity, resolution) : []),
    ];
    let match: Candidate | null = null;
    if (adapters.find && (identity.kind === 'package' || identity.kind === 'remote')) {
      let pending = found.get(key);
      if (!pending) {
        pending = adapters.find(identity);
        found.set(key, pending);
      }
      const checked = checkAgainstRegistry(identity, resolution, await pending);
      match = checked.match;
      results.push(...checked.results);
    }
    done++;
    adapters.onProgress?.(done, servers.length, server);
    return { server, identity, resolution, match, results };
  });
}
