import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReleaseRecord } from '../../registry/records/index.js';
import {
  createRegistryClient,
  createReleaseCache,
  createReleaseLookup,
  toSearchTerm,
} from '../../verifier/client/index.js';
import { isVerifierError } from '../../verifier/errors/index.js';
import type { Identity } from '../../verifier/identity/index.js';
import { npmPackage, record, sri } from '../checks/records.js';
import { startTestRegistry } from './harness.js';

// A tiny registry that follows docs/api.md for the read endpoints the verifier uses, with knobs for failure.
interface Knobs {
  status: number | null;
  seen: { path: string; auth: string | undefined }[];
  pageSize: number;
}

const SERVERS: ReleaseRecord[][] = [
  [record('io.acme/a', '1.0.0', 'approved', [npmPackage('@acme/a-mcp', '1.0.0', sri('a'))])],
  [
    record('io.acme/ab', '2.0.0', 'approved', [npmPackage('@acme/ab-mcp', '2.0.0', sri('b'))]),
    record('io.acme/ab', '1.0.0', 'revoked', [npmPackage('@acme/ab-mcp', '1.0.0', sri('c'))]),
  ],
  [
    record(
      'io.acme/remote',
      '1.0.0',
      'approved',
      [],
      [{ type: 'streamable-http', url: 'https://mcp.acme.dev/mcp' }],
    ),
  ],
];

function searchText(releases: ReleaseRecord[]): string {
  const doc = releases[0]?.release;
  if (!doc) return '';
  return [
    doc.name,
    doc.description,
    ...(doc.packages ?? []).map((p) => p.identifier),
    ...(doc.remotes ?? []).map((r) => r.url),
  ]
    .join(' ')
    .toLowerCase();
}

function handler(knobs: Knobs) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    knobs.seen.push({ path: `${url.pathname}${url.search}`, auth: req.headers.authorization });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (knobs.status !== null)
      return send(knobs.status, {
        code: knobs.status === 401 ? 'unauthorized' : 'unavailable',
        message: 'no',
      });
    if (url.pathname === '/v1/servers') {
      const search = (url.searchParams.get('search') ?? '').toLowerCase();
      const all = SERVERS.filter((rs) => searchText(rs).includes(search)).map((rs) => ({
        name: rs[0]?.name,
      }));
      const start = Number(url.searchParams.get('cursor') ?? '0');
      const page = all.slice(start, start + knobs.pageSize);
      const next = start + knobs.pageSize < all.length ? String(start + knobs.pageSize) : null;
      return send(200, { servers: page, nextCursor: next });
    }
    const m = /^\/v1\/servers\/([^/]+)\/releases$/.exec(url.pathname);
    if (m?.[1]) {
      const releases = SERVERS.find((rs) => rs[0]?.name === decodeURIComponent(m[1] as string));
      if (!releases) return send(404, { code: 'not_found', message: 'no' });
      return send(200, { releases });
    }
    return send(404, { code: 'not_found', message: 'no route' });
  };
}

let server: Server;
let url: string;
let dir: string;
const knobs: Knobs = { status: null, seen: [], pageSize: 1 };

beforeAll(async () => {
  server = createServer(handler(knobs));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'mcpvet-client-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  knobs.status = null;
  knobs.seen.length = 0;
  knobs.pageSize = 1;
});

function npm(identifier: string, version: string): Identity {
  return {
    kind: 'package',
    registryType: 'npm',
    identifier,
    requested: version,
    version,
    pinned: true,
    launcher: 'npx',
    spec: `${identifier}@${version}`,
  };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isVerifierError(error)) throw new Error(`expected a VerifierError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe('registry client', () => {
  it('sends the bearer token and URL-encodes server names', async () => {
    const client = createRegistryClient({ baseUrl: `${url}/`, token: 'tok' });
    expect((await client.listReleases('io.acme/a'))?.map((r) => r.version)).toEqual(['1.0.0']);
    expect(knobs.seen).toEqual([{ path: '/v1/servers/io.acme%2Fa/releases', auth: 'Bearer tok' }]);
    expect(await client.listReleases('io.acme/none')).toBeNull();
  });

  it('maps 5xx and refused connections to registry_unreachable, 401 to registry_error', async () => {
    knobs.status = 503;
    expect((await failure(createRegistryClient({ baseUrl: url }).listServers())).code).toBe(
      'registry_unreachable',
    );
    knobs.status = 401;
    const denied = await failure(createRegistryClient({ baseUrl: url }).listServers());
    expect(denied.code).toBe('registry_error');
    expect(denied.message).toContain('MCPVET_REGISTRY_TOKEN');
    expect((await failure(createRegistryClient({ baseUrl: 'http://127.0.0.1:9' }).listServers())).code).toBe(
      'registry_unreachable',
    );
  });
});

describe('release lookup', () => {
  it('searches by package identifier across pages and keeps only exact package matches', async () => {
    const lookup = createReleaseLookup([createRegistryClient({ baseUrl: url })], { maxAgeHours: 24 });
    const found = await lookup.find(npm('@acme/a-mcp', '1.0.0'));
    // the substring search also returned io.acme/ab (its text contains "@acme/a"), which is filtered out
    expect(found.map((c) => [c.record.name, c.record.version, c.registry])).toEqual([
      ['io.acme/a', '1.0.0', url],
    ]);
    expect(knobs.seen.map((s) => s.path)).toContain('/v1/servers?search=%40acme%2Fa-mcp&limit=100');
    const ab = await lookup.find(npm('@acme/ab-mcp', '1.0.0'));
    expect(ab.map((c) => c.record.version)).toEqual(['2.0.0', '1.0.0']);
    expect(await lookup.find(npm('@acme/zzz', '1.0.0'))).toEqual([]);
    expect(lookup.states()).toEqual([{ url, state: 'online' }]);
  });

  it('keeps search terms within the 50-byte LIKE pattern D1 accepts, as a substring of the identifier', () => {
    const long = '@modelcontextprotocol/server_sequential_thinking_extra_long';
    const term = toSearchTerm(long);
    expect(long.endsWith(term)).toBe(true);
    const escaped = term.replace(/[\\%_]/g, (c) => `\\${c}`);
    expect(Buffer.byteLength(`%${escaped}%`)).toBeLessThanOrEqual(50);
    expect(toSearchTerm('@acme/a-mcp')).toBe('@acme/a-mcp');
  });

  it('finds remotes by URL through a host search', async () => {
    const lookup = createReleaseLookup([createRegistryClient({ baseUrl: url })], { maxAgeHours: 24 });
    const found = await lookup.find({ kind: 'remote', url: 'https://mcp.acme.dev/mcp/', transport: 'http' });
    expect(found.map((c) => c.record.name)).toEqual(['io.acme/remote']);
  });

  it('falls back to fresh cached records when the registry goes down, and fails closed without them', async () => {
    const cache = createReleaseCache(join(dir, 'cache'));
    let now = new Date('2026-06-01T00:00:00Z');
    const options = { cache, maxAgeHours: 24, now: () => now };
    const online = createReleaseLookup([createRegistryClient({ baseUrl: url })], options);
    expect(await online.find(npm('@acme/a-mcp', '1.0.0'))).toHaveLength(1);

    knobs.status = 503;
    now = new Date('2026-06-01T12:00:00Z');
    const down = createReleaseLookup([createRegistryClient({ baseUrl: url })], options);
    const [a, none] = await Promise.all([
      down.find(npm('@acme/a-mcp', '1.0.0')),
      down.find(npm('@acme/ab-mcp', '2.0.0')),
    ]);
    expect(a.map((c) => c.record.name)).toEqual(['io.acme/a']);
    expect(none).toEqual([]); // never fetched while online: not cached, so unlisted (fail closed)
    expect(down.states()).toEqual([
      expect.objectContaining({ url, state: 'cached', cachedAt: '2026-06-01T00:00:00.000Z' }),
    ]);

    now = new Date('2026-06-03T00:00:00Z');
    const stale = createReleaseLookup([createRegistryClient({ baseUrl: url })], options);
    const error = await failure(stale.find(npm('@acme/a-mcp', '1.0.0')));
    expect(error.code).toBe('registry_unreachable');
    expect(error.message).toContain('trust could not be established');
  });

  it('uses the cache without asking the registry when offline', async () => {
    const cache = createReleaseCache(join(dir, 'cache-offline'));
    await createReleaseLookup([createRegistryClient({ baseUrl: url })], { cache, maxAgeHours: 24 }).find(
      npm('@acme/a-mcp', '1.0.0'),
    );
    knobs.seen.length = 0;
    const offline = createReleaseLookup([createRegistryClient({ baseUrl: url })], {
      cache,
      maxAgeHours: 24,
      offline: true,
    });
    expect(await offline.find(npm('@acme/a-mcp', '1.0.0'))).toHaveLength(1);
    expect(knobs.seen).toEqual([]);
  });

  it('keeps going on the registries that answer when another is down', async () => {
    const lookup = createReleaseLookup(
      [createRegistryClient({ baseUrl: 'http://127.0.0.1:9' }), createRegistryClient({ baseUrl: url })],
      { maxAgeHours: 24 },
    );
    expect(await lookup.find(npm('@acme/a-mcp', '1.0.0'))).toHaveLength(1);
    expect(lookup.states().map((s) => s.state)).toEqual(['unreachable', 'online']);
  });

  it('propagates authorization failures instead of treating them as offline', async () => {
    knobs.status = 401;
    const lookup = createReleaseLookup([createRegistryClient({ baseUrl: url })], { maxAgeHours: 24 });
    expect((await failure(lookup.find(npm('@acme/a-mcp', '1.0.0')))).code).toBe('registry_error');
  });
});

describe('package lookup on the real registry (GET /v1/packages)', () => {
  it('finds releases the search misses: an older release naming the package, and identifiers past 50 bytes', async () => {
    const registry = await startTestRegistry(['io.github.acme/*']);
    try {
      const long = `@acme/${'x'.repeat(120)}-mcp`;
      const doc = (version: string, identifier: string) => ({
        name: 'io.github.acme/renamed',
        version,
        description: 'a server whose package was renamed',
        packages: [npmPackage(identifier, version, sri('d'))],
      });
      await registry.publish(doc('1.0.0', '@acme/old-name'));
      await registry.publish(doc('2.0.0', long));
      const client = createRegistryClient({ baseUrl: registry.url });
      // the search indexes the newest release only: the old package name is not found that way
      expect((await client.listServers({ search: '@acme/old-name' })).servers).toEqual([]);
      const lookup = createReleaseLookup([client], { maxAgeHours: 24 });
      expect((await lookup.find(npm('@acme/old-name', '1.0.0'))).map((c) => c.record.version)).toEqual([
        '1.0.0',
      ]);
      expect((await lookup.find(npm(long, '2.0.0'))).map((c) => c.record.version)).toEqual(['2.0.0']);
      expect(await lookup.find(npm('@acme/none', '1.0.0'))).toEqual([]);
    } finally {
      await registry.close();
    }
  });

  it('falls back to search only when the registry has no package route', async () => {
    const lookup = createReleaseLookup([createRegistryClient({ baseUrl: url })], { maxAgeHours: 24 });
    expect(await lookup.find(npm('@acme/a-mcp', '1.0.0'))).toHaveLength(1);
    const paths = knobs.seen.map((s) => s.path);
    expect(paths[0]).toBe('/v1/packages/npm/%40acme%2Fa-mcp');
    expect(paths).toContain('/v1/servers?search=%40acme%2Fa-mcp&limit=100');
    knobs.seen.length = 0;
    await lookup.find(npm('@acme/ab-mcp', '2.0.0'));
    // learned once: the route is not asked again
    expect(knobs.seen.map((s) => s.path).some((p) => p.startsWith('/v1/packages/'))).toBe(false);
  });
});
