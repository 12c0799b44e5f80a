import { Hono } from 'hono';
import { type AppContext, type AppEnv, parseLimit, requirePermission } from '../api/context.js';
import { RegistryError } from '../errors/index.js';
import { toSurfaceFingerprint } from '../fingerprint/index.js';
import { parseServerName } from '../records/index.js';
import type { RegistryStore, StoredRelease } from '../store/index.js';
import { type OfficialServerResponse, toOfficialResponse } from './map.js';
import { assertVersionParam, compareReleaseVersions, findLatestApprovedRelease } from './version.js';

// The official MCP Registry's v0.1 read API (docs/reference/api/openapi.yaml in modelcontextprotocol/registry),
// served from mcpvet's own data so clients with a "registry only" policy (VS Code, Copilot) can point here.
// Only approved releases exist for this API; mcpvet's data rides under its own _meta key.

const STORE_PAGE = 100;

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Max-Age': '86400',
};

interface ListQuery {
  search: string | undefined;
  updatedSince: string | undefined;
  version: string | undefined;
  after: { name: string; version: string } | undefined;
  limit: number;
}

function parseCursor(raw: string | undefined): ListQuery['after'] {
  if (raw === undefined || raw === '') return undefined;
  // The official cursor is "serverName:version" (names cannot contain ':'); callers treat it as opaque.
  const colon = raw.indexOf(':');
  if (raw.length > 512 || colon < 0) throw new RegistryError('bad_request', 'cursor is invalid');
  const name = raw.slice(0, colon);
  const version = raw.slice(colon + 1);
  try {
    parseServerName(name);
    assertVersionParam(version);
  } catch {
    throw new RegistryError('bad_request', 'cursor is invalid');
  }
  return { name, version };
}

function parseListQuery(c: AppContext): ListQuery {
  const q = c.req.query();
  const limit = parseLimit(q.limit, 30, 100);
  let updatedSince: string | undefined;
  if (q.updated_since !== undefined && q.updated_since !== '') {
    const at = Date.parse(q.updated_since);
    if (Number.isNaN(at))
      throw new RegistryError('bad_request', 'updated_since must be an RFC 3339 timestamp');
    updatedSince = new Date(at).toISOString();
  }
  if (q.search !== undefined && q.search.length > 256)
    throw new RegistryError('bad_request', 'search is too long');
  const version = q.version === undefined || q.version === '' ? undefined : q.version;
  if (version !== undefined && version !== 'latest') assertVersionParam(version);
  return {
    search: q.search === '' ? undefined : q.search,
    updatedSince,
    version,
    after: parseCursor(q.cursor),
    limit,
  };
}

interface Shown {
  release: StoredRelease;
  latest: StoredRelease | null;
}

/** The releases of one server this API shows, oldest version first, with the query's filters applied. */
function selectReleases(name: string, releases: StoredRelease[], query: ListQuery): Shown[] {
  if (query.search !== undefined && !name.toLowerCase().includes(query.search.toLowerCase())) return [];
  const latest = findLatestApprovedRelease(releases);
  let shown = releases.filter((r) => r.status === 'approved');
  if (query.version === 'latest') shown = latest ? [latest] : [];
  else if (query.version !== undefined) shown = shown.filter((r) => r.version === query.version);
  // the official registry filters on updated_at > since (strictly after)
  if (query.updatedSince !== undefined) {
    const since = query.updatedSince;
    shown = shown.filter((r) => Date.parse(r.updatedAt) > Date.parse(since));
  }
  shown.sort((a, b) => compareReleaseVersions(a.version, b.version));
  const after = query.after;
  if (after !== undefined && after.name === name) {
    shown = shown.filter((r) => compareReleaseVersions(r.version, after.version) > 0);
  }
  return shown.map((release) => ({ release, latest }));
}

/**
 * One page in (name, semver) order. Reads limit+1 items so nextCursor appears only when more exist. The store
 * pre-filters servers (its search also matches titles and packages, and a server's updated_at is never older
 * than its releases'), then the official filters apply exactly per release.
 */
async function listPage(store: RegistryStore, query: ListQuery) {
  const out: Shown[] = [];
  const want = query.limit + 1;
  if (query.after !== undefined) {
    out.push(...selectReleases(query.after.name, await store.listReleases(query.after.name), query));
  }
  let cursor = query.after?.name;
  while (out.length < want) {
    const page = await store.listServers({
      limit: STORE_PAGE,
      cursor,
      search: query.search,
      updatedSince: query.updatedSince,
    });
    for (const server of page.items) {
      out.push(...selectReleases(server.name, await store.listReleases(server.name), query));
      if (out.length >= want) break;
    }
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  const items = out.slice(0, query.limit);
  const last = items[items.length - 1];
  const nextCursor =
    out.length > query.limit && last ? `${last.release.name}:${last.release.version}` : undefined;
  return { items, nextCursor };
}

async function toResponse(
  c: AppContext,
  release: StoredRelease,
  latest: StoredRelease | null,
): Promise<OfficialServerResponse> {
  const capabilities = release.document.capabilities;
  const origin = new URL(c.req.url).origin;
  const releaseUrl = `${origin}/v1/servers/${encodeURIComponent(release.name)}/releases/${encodeURIComponent(release.version)}`;
  // a signing registry records the latest attestation of each release; an unsigned one has none
  const attested = (release as { attestation?: { digest: string } | null }).attestation;
  return toOfficialResponse({
    release: release.document,
    status: release.status,
    releaseDigest: release.releaseDigest,
    publishedAt: release.publishedAt,
    updatedAt: release.updatedAt,
    isLatest: latest !== null && latest.version === release.version,
    releaseUrl,
    attestation: attested ? { url: `${releaseUrl}/attestation`, digest: attested.digest } : undefined,
    assessment: release.assessment,
    capabilityFingerprint: capabilities ? await toSurfaceFingerprint(capabilities) : undefined,
  });
}

function readName(raw: string): string {
  parseServerName(raw);
  return raw;
}

export const officialRoutes = new Hono<AppEnv>()
  // GitHub's registry requirements name these three headers on every /v0.1/servers response, preflight or
  // not (hono/cors sends Allow-Methods/Headers only on preflight), so they are set here on all of them.
  .use('/v0.1/*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return c.body(null, 204, CORS_HEADERS);
    await next();
    for (const [k, v] of Object.entries(CORS_HEADERS)) c.res.headers.set(k, v);
  })
  .get('/v0.1/servers', async (c) => {
    await requirePermission(c, 'registry.read', null);
    const { store } = c.get('deps');
    const page = await listPage(store, parseListQuery(c));
    const servers = await Promise.all(page.items.map((s) => toResponse(c, s.release, s.latest)));
    const metadata: { nextCursor?: string; count: number } = { count: servers.length };
    if (page.nextCursor !== undefined) metadata.nextCursor = page.nextCursor;
    return c.json({ servers, metadata });
  })
  .get('/v0.1/servers/:name/versions', async (c) => {
    const name = readName(c.req.param('name'));
    await requirePermission(c, 'registry.read', name);
    const releases = await c.get('deps').store.listReleases(name);
    const latest = findLatestApprovedRelease(releases);
    // newest first, as the official registry orders versions (it uses publication time; semver here)
    const shown = releases
      .filter((r) => r.status === 'approved')
      .sort((a, b) => compareReleaseVersions(b.version, a.version));
    if (shown.length === 0) throw new RegistryError('not_found', `${name} has no approved release`);
    const servers = await Promise.all(shown.map((r) => toResponse(c, r, latest)));
    return c.json({ servers, metadata: { count: servers.length } });
  })
  .get('/v0.1/servers/:name/versions/:version', async (c) => {
    const name = readName(c.req.param('name'));
    await requirePermission(c, 'registry.read', name);
    const releases = await c.get('deps').store.listReleases(name);
    const latest = findLatestApprovedRelease(releases);
    const version = c.req.param('version');
    if (version !== 'latest') assertVersionParam(version);
    const release =
      version === 'latest' ? latest : releases.find((r) => r.version === version && r.status === 'approved');
    if (!release) throw new RegistryError('not_found', `${name}@${version} is not an approved release`);
    return c.json(await toResponse(c, release, latest));
  });
