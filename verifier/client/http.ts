import type { ReleaseRecord } from '../../registry/records/index.js';
import type { SignedRoot, SignedSnapshot } from '../../registry/signing/index.js';
import { VerifierError } from '../errors/index.js';

/** GET /v1/servers item (docs/api.md). */
export interface ServerSummary {
  name: string;
  description: string;
  title?: string;
  latestVersion: string;
  latestApproved: string | null;
  releaseCount: number;
  statuses: Record<string, number>;
  updatedAt: string;
}

export interface RegistryClientOptions {
  /** Base URL, e.g. https://registry.example.com (a trailing slash is fine). */
  baseUrl: string;
  /** Bearer token for registries whose reads are private. */
  token?: string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface RegistryClient {
  readonly baseUrl: string;
  health(): Promise<{ status: string; version?: string }>;
  listServers(query?: { search?: string; cursor?: string; limit?: number }): Promise<{
    servers: ServerSummary[];
    nextCursor: string | null;
  }>;
  getServer(name: string): Promise<ServerSummary | null>;
  /** Newest first; null when the server is not in the registry. */
  listReleases(name: string): Promise<ReleaseRecord[] | null>;
  getRelease(name: string, version: string): Promise<ReleaseRecord | null>;
  /**
   * Every release whose packages[] names this package (GET /v1/packages/{type}/{identifier}), newest
   * first; null when the registry has no such route (an older registry: search instead).
   */
  findReleasesByPackage(registryType: string, identifier: string): Promise<ReleaseRecord[] | null>;
  /**
   * Signed trust material (docs/api.md, "Signed trust"): null on 404. A registry that serves no
   * signatures (503 unavailable) throws `trust_unverified`: its records cannot be verified.
   */
  getTrustRoot(version?: number): Promise<SignedRoot | null>;
  getSnapshot(): Promise<SignedSnapshot | null>;
  /** The latest attestation bundle of a release (JSON), null when the registry has none. */
  getAttestation(name: string, version: string): Promise<unknown | null>;
}

/** A thin client over the registry's read API. Network failures and 5xx are `registry_unreachable`. */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function get<T>(path: string, allow404: boolean, trust = false): Promise<T | null> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new VerifierError('registry_unreachable', `registry ${base} is unreachable (${cause})`, {
        cause: error,
        details: { registry: base },
      });
    }
    const text = await response.text();
    if (response.status === 404 && allow404) return null;
    if (trust && response.status === 503) {
      throw new VerifierError(
        'trust_unverified',
        `registry ${base} serves no signatures (${path} answered 503): its records cannot be verified`,
        { details: { registry: base, status: 503, body: text.slice(0, 500) } },
      );
    }
    if (response.status >= 500) {
      throw new VerifierError(
        'registry_unreachable',
        `registry ${base} answered ${response.status} for ${path}`,
        {
          details: { registry: base, status: response.status, body: text.slice(0, 500) },
        },
      );
    }
    if (!response.ok) {
      let code = '';
      try {
        code = (JSON.parse(text) as { code?: string }).code ?? '';
      } catch {
        // not the registry's error shape
      }
      const hint = response.status === 401 || response.status === 403 ? ' (set MCPVET_REGISTRY_TOKEN)' : '';
      throw new VerifierError(
        'registry_error',
        `registry ${base} answered ${response.status} ${code} for ${path}${hint}`,
        {
          details: { registry: base, status: response.status, code },
        },
      );
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new VerifierError('registry_error', `registry ${base} sent invalid JSON for ${path}`, {
        cause: error,
      });
    }
  }

  const enc = encodeURIComponent;
  return {
    baseUrl: base,
    async health() {
      return (await get<{ status: string; version?: string }>('/health', false)) as { status: string };
    },
    async listServers(query = {}) {
      const params = new URLSearchParams();
      if (query.search) params.set('search', query.search);
      if (query.cursor) params.set('cursor', query.cursor);
      if (query.limit) params.set('limit', String(query.limit));
      const qs = params.toString();
      const page = await get<{ servers: ServerSummary[]; nextCursor: string | null }>(
        `/v1/servers${qs ? `?${qs}` : ''}`,
        false,
      );
      return page ?? { servers: [], nextCursor: null };
    },
    getServer: (name) => get<ServerSummary>(`/v1/servers/${enc(name)}`, true),
    async listReleases(name) {
      const body = await get<{ releases: ReleaseRecord[] }>(`/v1/servers/${enc(name)}/releases`, true);
      return body ? body.releases : null;
    },
    getRelease: (name, version) =>
      get<ReleaseRecord>(`/v1/servers/${enc(name)}/releases/${enc(version)}`, true),
    async findReleasesByPackage(registryType, identifier) {
      const body = await get<{ releases: ReleaseRecord[] }>(
        `/v1/packages/${enc(registryType)}/${enc(identifier)}`,
        true,
      );
      if (body === null) return null;
      if (!Array.isArray(body.releases)) {
        throw new VerifierError(
          'registry_error',
          `registry ${base} answered a package lookup without releases`,
        );
      }
      return body.releases;
    },
    getTrustRoot: (version) =>
      get<SignedRoot>(version === undefined ? '/v1/trust/root' : `/v1/trust/roots/${version}`, true, true),
    getSnapshot: () => get<SignedSnapshot>('/v1/snapshot', true, true),
    getAttestation: (name, version) =>
      get<unknown>(`/v1/servers/${enc(name)}/releases/${enc(version)}/attestation`, true, true),
  };
}
