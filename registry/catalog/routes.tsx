/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { diffCapabilities } from '../../verifier/drift/diff.js';
import { type AppContext, type AppEnv, requirePermission } from '../api/context.js';
import { findLatestApproved, sortNewestFirst } from '../api/records.js';
import { isRegistryError, RegistryError } from '../errors/index.js';
import { computeRoot, type LogRouteDeps, signCheckpoint } from '../log/index.js';
import { isExactVersion } from '../official/version.js';
import { parseServerName } from '../records/index.js';
import type { StoredRelease } from '../store/index.js';
import { DiffPage } from './diff.js';
import { Layout } from './layout.js';
import { type ServerListItem, ServerListPage } from './list.js';
import { type ReleaseRow, ServerPage } from './server.js';

// The web catalog: server-rendered HTML (hono/jsx escapes every text and attribute), no client script,
// no external resource. Publisher text — descriptions, tool schemas — is attacker-controlled and only
// ever rendered as text.

const PAGE_SIZE = 25;

const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#24292f"/>' +
  '<path d="M4 8.5l2.5 2.5L12 5" stroke="#3fb950" stroke-width="2" fill="none"/></svg>';

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface CatalogOptions {
  /** The registry's transparency log; without it the pages say the log is not enabled. */
  log?: LogRouteDeps | undefined;
}

/** A checkpoint signed now over the log's current size, as GET /v1/log/checkpoint serves it. */
async function readCheckpoint(deps: LogRouteDeps | undefined): Promise<string | null> {
  if (!deps || deps.signers.length === 0) return null;
  const size = await deps.log.getSize();
  return signCheckpoint(
    { origin: deps.origin, size, rootHash: await computeRoot(deps.log, size) },
    deps.signers,
  );
}

function ErrorPage(props: { status: number; message: string }) {
  const title =
    props.status === 404
      ? 'Not found'
      : props.status === 401 || props.status === 403
        ? 'Not allowed'
        : 'Error';
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/catalog">Back to all servers</a>
      </p>
    </Layout>
  );
}

type Handler = (c: AppContext) => Promise<Response>;

/** Registry errors become HTML pages with their status; anything else goes to the app's error handler. */
function page(handler: Handler): Handler {
  return async (c) => {
    try {
      return await handler(c);
    } catch (error) {
      if (!isRegistryError(error) || error.status >= 500) throw error;
      return c.html(<ErrorPage status={error.status} message={error.message} />, error.status as 404);
    }
  };
}

function readName(raw: string): string {
  parseServerName(raw);
  return raw;
}

function toRow(r: StoredRelease): ReleaseRow {
  return {
    version: r.version,
    status: r.status,
    statusReason: r.statusReason,
    publishedAt: r.publishedAt,
    risk: r.assessment?.risk ?? null,
    verdict: r.assessment?.verdict ?? null,
    hasCapabilities: r.document.capabilities !== undefined,
  };
}

async function listPage(c: AppContext) {
  await requirePermission(c, 'registry.read', null);
  const { store } = c.get('deps');
  const q = (c.req.query('q') ?? '').trim().slice(0, 256);
  const cursor = c.req.query('cursor');
  if (cursor !== undefined && cursor.length > 256)
    throw new RegistryError('bad_request', 'the page link is invalid');
  const result = await store.listServers({ limit: PAGE_SIZE, search: q || undefined, cursor });
  const items: ServerListItem[] = [];
  for (const s of result.items) {
    const releases = await store.listReleases(s.name);
    const latest = findLatestApproved(releases);
    const statuses: ServerListItem['statuses'] = {};
    for (const r of releases) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    items.push({
      name: s.name,
      title: s.title,
      description: s.description,
      latestApproved: latest?.version ?? null,
      risk: latest?.assessment?.risk ?? null,
      statuses,
      releaseCount: s.releaseCount,
    });
  }
  return c.html(
    <ServerListPage query={q} items={items} nextCursor={result.nextCursor} paged={cursor !== undefined} />,
  );
}

async function loadServer(c: AppContext, name: string) {
  const { store } = c.get('deps');
  const [server, releases] = await Promise.all([store.getServer(name), store.listReleases(name)]);
  if (!server || releases.length === 0)
    throw new RegistryError('not_found', `${name} is not in this registry`);
  return { server, releases: sortNewestFirst(releases) };
}

function pickVersion(releases: StoredRelease[], raw: string | undefined, what: string): StoredRelease {
  if (raw === undefined || raw === '') {
    // the newest approved release, or the newest of any status when none is approved
    return findLatestApproved(releases) ?? (releases[0] as StoredRelease);
  }
  if (!isExactVersion(raw)) throw new RegistryError('bad_request', `${what} must be an exact version`);
  const found = releases.find((r) => r.version === raw);
  if (!found) throw new RegistryError('not_found', `there is no release ${raw}`);
  return found;
}

export function createCatalogRoutes(options: CatalogOptions = {}): Hono<AppEnv> {
  return (
    new Hono<AppEnv>()
      .use('/catalog/*', async (c, next) => {
        await next();
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
      })
      .use('/catalog', async (c, next) => {
        await next();
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(k, v);
      })
      .get('/', (c) => c.redirect('/catalog', 302))
      // served here so the browser does not ask for /favicon.ico (a 404 in every page's console)
      .get('/catalog/favicon.svg', (c) =>
        c.body(FAVICON, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }),
      )
      .get('/catalog', page(listPage))
      .get(
        '/catalog/servers/:name',
        page(async (c) => {
          const name = readName(c.req.param('name') as string);
          await requirePermission(c, 'registry.read', name);
          const { server, releases } = await loadServer(c, name);
          const selected = pickVersion(releases, c.req.query('version'), 'version');
          const assessments = await c.get('deps').store.listAssessments(name, selected.version);
          return c.html(
            <ServerPage
              name={name}
              title={server.title}
              description={server.description}
              releases={releases.map(toRow)}
              selected={{
                version: selected.version,
                status: selected.status,
                releaseDigest: selected.releaseDigest,
                attestation: selected.attestation ?? null,
                document: selected.document,
                risk: selected.assessment?.risk ?? null,
                verdict: selected.assessment?.verdict ?? null,
              }}
              assessments={assessments.map((a) => ({
                digest: a.digest,
                submittedAt: a.submittedAt,
                assessment: a.assessment,
              }))}
              checkpoint={await readCheckpoint(options.log)}
            />,
          );
        }),
      )
      .get(
        '/catalog/servers/:name/diff',
        page(async (c) => {
          const name = readName(c.req.param('name') as string);
          await requirePermission(c, 'registry.read', name);
          const { server, releases } = await loadServer(c, name);
          const fromRaw = c.req.query('from');
          const toRaw = c.req.query('to');
          if (!fromRaw || !toRaw)
            throw new RegistryError('bad_request', 'choose two releases to compare (from and to)');
          const from = pickVersion(releases, fromRaw, 'from');
          const to = pickVersion(releases, toRaw, 'to');
          const before = from.document.capabilities;
          const after = to.document.capabilities;
          if (!before || !after) {
            throw new RegistryError('bad_request', 'both releases must declare capabilities to be compared');
          }
          return c.html(
            <DiffPage
              name={name}
              title={server.title}
              from={from.version}
              to={to.version}
              items={diffCapabilities(before, after)}
            />,
          );
        }),
      )
  );
}

export const catalogRoutes = createCatalogRoutes();
