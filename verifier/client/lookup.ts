import type { ReleaseRecord } from '../../registry/records/index.js';
import { type Candidate, findCandidates } from '../checks/index.js';
import { isVerifierError, VerifierError } from '../errors/index.js';
import type { Identity } from '../identity/index.js';
import type { CachedServer, ReleaseCache } from './cache.js';
import type { RegistryClient } from './http.js';

export interface RegistryState {
  url: string;
  state: 'online' | 'cached' | 'unreachable';
  /** Oldest fetch time among the cached records used. */
  cachedAt?: string;
  error?: string;
}

export interface ReleaseLookup {
  /** Releases, across every registry, whose packages[] or remotes[] name what the identity runs. */
  find(identity: Identity): Promise<Candidate[]>;
  states(): RegistryState[];
}

export interface LookupOptions {
  cache?: ReleaseCache;
  now?: () => Date;
  /** Cached records older than this are not trusted (0: never use the cache). */
  maxAgeHours: number;
  /** Do not ask the registries at all: verify against the cache only (--offline). */
  offline?: boolean;
  /** Pages of 100 servers read per search (the search is a substring match, so results are filtered). */
  maxSearchPages?: number;
}

// D1 rejects LIKE patterns over 50 bytes, and the registry escapes % _ \ (one byte more each) and wraps
// the term in %…%. Any substring finds the same servers (results are filtered exactly), so a long term
// is cut to its distinctive end.
const MAX_PATTERN_BYTES = 50;

export function toSearchTerm(text: string): string {
  const cost = (t: string) => new TextEncoder().encode(t).length + (t.match(/[\\%_]/g)?.length ?? 0) + 2;
  let term = text.toLowerCase();
  while (term.length > 1 && cost(term) > MAX_PATTERN_BYTES) term = term.slice(1);
  return term;
}

/** The search term the registry's substring search will find for an identity (it indexes package identifiers and remote URLs). */
function searchTerm(identity: Identity): string | null {
  if (identity.kind === 'package') return toSearchTerm(identity.identifier);
  if (identity.kind === 'remote') {
    try {
      return toSearchTerm(new URL(identity.url).host);
    } catch {
      return toSearchTerm(identity.url);
    }
  }
  return null;
}

/**
 * The identifiers a release may spell a package with: the registry indexes packages[].identifier as
 * published, while identities carry normalized names (PyPI PEP 503, OCI repository without Docker Hub's
 * default prefixes or the tag).
 */
export function toPackageIdentifiers(identity: Extract<Identity, { kind: 'package' }>): string[] {
  const out = new Set<string>([identity.identifier]);
  if (identity.registryType === 'pypi') {
    const written = identity.spec.split(/[=<>!~@[ ;]/)[0]?.trim();
    if (written) out.add(written);
    out.add(identity.identifier.replace(/-/g, '_'));
  }
  if (identity.registryType === 'oci') {
    const repo = identity.identifier;
    const repos = [repo];
    if (!repo.includes('.') || !repo.includes('/')) {
      const hub = repo.includes('/') ? repo : `library/${repo}`;
      repos.push(`docker.io/${hub}`, `index.docker.io/${hub}`);
      if (!repo.includes('/')) repos.push(`docker.io/${repo}`);
    }
    for (const r of repos) {
      out.add(r);
      if (identity.version) out.add(`${r}:${identity.version}`);
      if (identity.digest) {
        out.add(`${r}@${identity.digest}`);
        if (identity.version) out.add(`${r}:${identity.version}@${identity.digest}`);
      }
    }
  }
  return [...out];
}

interface RegistrySource {
  client: RegistryClient;
  state: RegistryState;
  /** Whether GET /v1/packages exists here (an older registry only has search). */
  packagesRoute?: boolean;
  packages: Map<string, Promise<ReleaseRecord[] | null>>;
  releases: Map<string, Promise<ReleaseRecord[] | null>>;
  searches: Map<string, Promise<string[]>>;
  cached: CachedServer[] | null;
  offline?: Promise<void>;
  /** Whether any lookup needed this registry: one never asked is reported neither up nor down. */
  asked: boolean;
}

/**
 * Finds releases by package through `GET /v1/packages/{type}/{identifier}` (every release naming it);
 * remotes, and packages on a registry without that route, through `GET /v1/servers?search=` then each
 * hit's releases (the search narrows, findCandidates decides exactly). When a registry
 * is unreachable its cached records are used if fresh enough; when no registry can answer and nothing is
 * cached, trust cannot be established and find() throws `registry_unreachable` (exit 3).
 */
export function createReleaseLookup(clients: RegistryClient[], options: LookupOptions): ReleaseLookup {
  const now = options.now ?? (() => new Date());
  const maxPages = options.maxSearchPages ?? 10;
  const sources: RegistrySource[] = clients.map((client) => ({
    client,
    state: { url: client.baseUrl, state: 'online' },
    packages: new Map(),
    releases: new Map(),
    searches: new Map(),
    cached: null,
    asked: false,
  }));

  // Memoized per registry, so every concurrent lookup waits until the cache has been loaded.
  function goOffline(source: RegistrySource, error: VerifierError): Promise<void> {
    source.offline ??= (async () => {
      source.state = { url: source.client.baseUrl, state: 'unreachable', error: error.message };
      if (!options.cache || options.maxAgeHours <= 0) return;
      const oldest = now().getTime() - options.maxAgeHours * 3600 * 1000;
      const fresh = (await options.cache.load(source.client.baseUrl)).filter(
        (c) => Date.parse(c.fetchedAt) >= oldest,
      );
      if (fresh.length === 0) return;
      source.cached = fresh;
      const cachedAt = fresh.map((c) => c.fetchedAt).sort()[0] as string;
      source.state = { url: source.client.baseUrl, state: 'cached', cachedAt, error: error.message };
    })();
    return source.offline;
  }

  function releasesOf(source: RegistrySource, name: string): Promise<ReleaseRecord[] | null> {
    let pending = source.releases.get(name);
    if (!pending) {
      pending = source.client.listReleases(name).then(async (releases) => {
        if (releases && options.cache) {
          await options.cache
            .save({ registry: source.client.baseUrl, name, fetchedAt: now().toISOString(), releases })
            .catch(() => undefined); // a cache that cannot be written only costs the offline fallback
        }
        return releases;
      });
      source.releases.set(name, pending);
    }
    return pending;
  }

  function search(source: RegistrySource, term: string): Promise<string[]> {
    let pending = source.searches.get(term);
    if (!pending) {
      pending = (async () => {
        const names: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < maxPages; page++) {
          const result = await source.client.listServers({
            search: term,
            limit: 100,
            ...(cursor ? { cursor } : {}),
          });
          names.push(...result.servers.map((s) => s.name));
          if (!result.nextCursor) break;
          cursor = result.nextCursor;
        }
        return names;
      })();
      source.searches.set(term, pending);
    }
    return pending;
  }

  // null: the registry has no package route
  function byPackage(
    source: RegistrySource,
    registryType: string,
    identifier: string,
  ): Promise<ReleaseRecord[] | null> {
    const key = `${registryType}:${identifier}`;
    let pending = source.packages.get(key);
    if (!pending) {
      pending = source.client.findReleasesByPackage(registryType, identifier).then(async (releases) => {
        if (releases && releases.length > 0 && options.cache) {
          await options.cache
            .save({
              registry: source.client.baseUrl,
              name: `package:${key}`,
              fetchedAt: now().toISOString(),
              releases,
            })
            .catch(() => undefined);
        }
        return releases;
      });
      source.packages.set(key, pending);
    }
    return pending;
  }

  // GET /v1/packages finds every release naming the package, older ones and long identifiers included;
  // search is only for registries without that route.
  async function findByPackage(
    source: RegistrySource,
    identity: Extract<Identity, { kind: 'package' }>,
  ): Promise<Candidate[] | null> {
    if (source.packagesRoute === false) return null;
    const answers = await Promise.all(
      toPackageIdentifiers(identity).map((id) => byPackage(source, identity.registryType, id)),
    );
    if (answers.some((a) => a === null)) {
      source.packagesRoute = false;
      return null;
    }
    source.packagesRoute = true;
    const seen = new Set<string>();
    const records: ReleaseRecord[] = [];
    for (const record of answers.flat() as ReleaseRecord[]) {
      const key = `${record.name}@${record.version}`;
      if (!seen.has(key)) {
        seen.add(key);
        records.push(record);
      }
    }
    return findCandidates(identity, records, source.client.baseUrl);
  }

  async function findOnline(source: RegistrySource, identity: Identity, term: string): Promise<Candidate[]> {
    if (identity.kind === 'package') {
      const found = await findByPackage(source, identity);
      if (found !== null) return found;
    }
    const names = await search(source, term);
    const out: Candidate[] = [];
    for (const name of names) {
      const releases = await releasesOf(source, name);
      if (releases) out.push(...findCandidates(identity, releases, source.client.baseUrl));
    }
    return out;
  }

  // one promise, so concurrent first calls all wait for the cache to be loaded
  let offlineApplied: Promise<void> | null = null;
  function applyOffline(): Promise<void> {
    if (!options.offline) return Promise.resolve();
    offlineApplied ??= (async () => {
      for (const source of sources) {
        await goOffline(
          source,
          new VerifierError('registry_unreachable', 'offline: the registry was not asked'),
        );
      }
    })();
    return offlineApplied;
  }

  return {
    states: () => sources.filter((s) => s.asked).map((s) => ({ ...s.state })),
    async find(identity) {
      await applyOffline();
      const term = searchTerm(identity);
      if (term === null) return [];
      const out: Candidate[] = [];
      for (const source of sources) {
        source.asked = true;
        if (!source.offline) {
          let failure: VerifierError;
          try {
            out.push(...(await findOnline(source, identity, term)));
            continue;
          } catch (error) {
            if (!isVerifierError(error) || error.code !== 'registry_unreachable') throw error;
            failure = error;
          }
          await goOffline(source, failure);
        }
        await source.offline;
        if (source.cached) {
          for (const entry of source.cached) {
            out.push(...findCandidates(identity, entry.releases, source.client.baseUrl));
          }
        }
      }
      if (sources.every((s) => s.state.state === 'unreachable')) {
        const detail = sources.map((s) => `${s.state.url}: ${s.state.error ?? 'unreachable'}`).join('; ');
        throw new VerifierError(
          'registry_unreachable',
          `trust could not be established: no registry answered and nothing cached to verify against (${detail})`,
          { details: { registries: sources.map((s) => s.state) } },
        );
      }
      return out;
    },
  };
}
