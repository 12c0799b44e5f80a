import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../registry/api/index.js';
import { bootstrapAdmin } from '../../registry/bootstrap/index.js';
import { toSurfaceFingerprint } from '../../registry/fingerprint/index.js';
import { MCPVET_META_KEY, OFFICIAL_META_KEY } from '../../registry/official/index.js';
import { openSqliteStore } from '../../registry/sqlite/index.js';
import type { RegistryStore } from '../../registry/store/index.js';
import { path, TestApi } from '../helpers/registry-client.js';
import {
  CAPABILITIES,
  mcpvetNpm,
  officialNpm,
  officialPypi,
  officialRemote,
  PACKAGE_KEYS,
  SERVER_DETAIL_KEYS,
} from './fixtures.js';

const NPM = 'com.example.tools/web-fetch';
const REMOTE = 'io.testing/remote-notes';
const PYPI = 'io.github.someone/reddit-research';

let dir: string;
let store: RegistryStore;
let api: TestApi;
let clock = new Date('2025-10-01T10:00:00.000Z');
const tick = (iso: string) => {
  clock = new Date(iso);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcpvet-official-'));
  ({ store } = await openSqliteStore(join(dir, 'registry.db')));
  const admin = `official-admin-${'x'.repeat(40)}`;
  await bootstrapAdmin(store, { envToken: admin });
  const app = createApp({ store, now: () => clock });
  api = new TestApi({ adminToken: admin, fetch: async (r) => app.request(r), close: async () => {} });
  const pub = await api.createToken(admin, { role: 'admin', subject: 'publisher' });
  const rev = await api.createToken(admin, { role: 'reviewer', subject: 'reviewer' });
  const publish = async (body: unknown, at: string) => {
    tick(at);
    const r = await api.post('/v1/releases', body, pub.token);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };
  const setStatus = async (name: string, version: string, status: string, at: string) => {
    tick(at);
    const r = await api.post(path(name, 'releases', version, 'status'), { status }, rev.token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  await publish(mcpvetNpm('0.9.0'), '2025-10-01T10:00:00.000Z');
  await publish(mcpvetNpm('0.10.0'), '2025-10-02T10:00:00.000Z');
  await publish(mcpvetNpm('1.0.0-rc.1'), '2025-10-03T10:00:00.000Z');
  await publish(officialRemote('1.0.0'), '2025-10-04T10:00:00.000Z');
  await publish(officialPypi('0.1.1'), '2025-10-05T10:00:00.000Z');
  await setStatus(NPM, '0.9.0', 'approved', '2025-10-06T10:00:00.000Z');
  await setStatus(NPM, '0.10.0', 'approved', '2025-10-07T10:00:00.000Z');
  await setStatus(REMOTE, '1.0.0', 'approved', '2025-10-08T10:00:00.000Z');
  // 1.0.0-rc.1 stays submitted, the pypi server is rejected: neither may appear
  await setStatus(PYPI, '0.1.1', 'rejected', '2025-10-09T10:00:00.000Z');
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const v01 = (name: string, ...rest: string[]) =>
  `/v0.1/servers/${encodeURIComponent(name)}${rest.map((r) => `/${encodeURIComponent(r)}`).join('')}`;

describe('official MCP Registry v0.1 read API', () => {
  it('lists approved releases as {server, _meta} with metadata, in name then version order', async () => {
    const r = await api.get('/v0.1/servers');
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(Object.keys(r.body)).toEqual(['servers', 'metadata']);
    expect(r.body.metadata).toEqual({ count: 3 });
    expect(r.body.servers.map((s: any) => `${s.server.name}@${s.server.version}`)).toEqual([
      `${NPM}@0.9.0`,
      `${NPM}@0.10.0`,
      `${REMOTE}@1.0.0`,
    ]);
    for (const item of r.body.servers) expect(Object.keys(item)).toEqual(['server', '_meta']);
  });

  it('serves the official server object untouched, mcpvet additions moved under dev.mcpvet/registry', async () => {
    const r = await api.get(v01(NPM, 'versions', '0.10.0'));
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['server', '_meta']);
    // exactly what the publisher wrote minus digest, provenance and capabilities, in the same key order
    expect(r.body.server).toEqual(officialNpm('0.10.0'));
    expect(JSON.stringify(r.body.server)).toBe(JSON.stringify(officialNpm('0.10.0')));
    for (const key of Object.keys(r.body.server)) expect(SERVER_DETAIL_KEYS).toContain(key);
    for (const pkg of r.body.server.packages) {
      for (const key of Object.keys(pkg)) expect(PACKAGE_KEYS).toContain(key);
    }
    const official = r.body._meta[OFFICIAL_META_KEY];
    expect(official).toEqual({
      status: 'active',
      publishedAt: '2025-10-02T10:00:00.000Z',
      updatedAt: '2025-10-07T10:00:00.000Z',
      isLatest: true,
    });
    const mcpvet = r.body._meta[MCPVET_META_KEY];
    expect(mcpvet).toMatchObject({
      status: 'approved',
      releaseUrl: `http://registry.test/v1/servers/${encodeURIComponent(NPM)}/releases/0.10.0`,
      capabilityFingerprint: await toSurfaceFingerprint(CAPABILITIES),
      toolCount: 1,
      packages: [
        {
          registryType: 'npm',
          identifier: '@example/web-fetch',
          version: '0.10.0',
          digest: mcpvetNpm('0.10.0').packages[0]!.digest,
          provenance: mcpvetNpm('0.10.0').packages[0]!.provenance,
        },
      ],
    });
    expect(mcpvet.releaseDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
    const v1 = await api.get(path(NPM, 'releases', '0.10.0'));
    expect(mcpvet.releaseDigest).toBe(v1.body.releaseDigest);
  });

  it('keeps titles, icons, remotes and the publisher _meta as published', async () => {
    const r = await api.get(v01(REMOTE, 'versions', 'latest'));
    expect(r.status).toBe(200);
    expect(r.body.server).toEqual(officialRemote('1.0.0'));
    expect(r.body._meta[OFFICIAL_META_KEY].isLatest).toBe(true);
    // no capabilities declared: no fingerprint, no tool count, no package meta
    expect(r.body._meta[MCPVET_META_KEY].capabilityFingerprint).toBeUndefined();
    expect(r.body._meta[MCPVET_META_KEY].toolCount).toBeUndefined();
    expect(r.body._meta[MCPVET_META_KEY].packages).toBeUndefined();
  });

  it('latest is the newest approved version by semver; isLatest marks only it', async () => {
    const latest = await api.get(v01(NPM, 'versions', 'latest'));
    expect(latest.body.server.version).toBe('0.10.0');
    const older = await api.get(v01(NPM, 'versions', '0.9.0'));
    expect(older.body._meta[OFFICIAL_META_KEY].isLatest).toBe(false);
  });

  it('lists a server versions newest first, approved only', async () => {
    const r = await api.get(v01(NPM, 'versions'));
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.body.servers.map((s: any) => s.server.version)).toEqual(['0.10.0', '0.9.0']);
    expect(r.body.metadata).toEqual({ count: 2 });
    expect(r.body.servers.map((s: any) => s._meta[OFFICIAL_META_KEY].isLatest)).toEqual([true, false]);
  });

  it('never serves what is not approved', async () => {
    for (const p of [
      v01(NPM, 'versions', '1.0.0-rc.1'),
      v01(PYPI, 'versions', '0.1.1'),
      v01(PYPI, 'versions', 'latest'),
      v01(PYPI, 'versions'),
      v01('io.nowhere/none', 'versions'),
    ]) {
      const r = await api.get(p);
      expect(r.status, p).toBe(404);
      expect(r.headers.get('access-control-allow-origin'), p).toBe('*');
    }
    const list = await api.get('/v0.1/servers?search=reddit');
    expect(list.body).toEqual({ servers: [], metadata: { count: 0 } });
  });

  it('version=latest gives one item per server', async () => {
    const r = await api.get('/v0.1/servers?version=latest');
    expect(r.body.servers.map((s: any) => `${s.server.name}@${s.server.version}`)).toEqual([
      `${NPM}@0.10.0`,
      `${REMOTE}@1.0.0`,
    ]);
    const exact = await api.get('/v0.1/servers?version=0.9.0');
    expect(exact.body.servers.map((s: any) => s.server.name)).toEqual([NPM]);
  });

  it('search is a case-insensitive substring of the server name', async () => {
    const r = await api.get('/v0.1/servers?search=WEB-fetch');
    expect(r.body.servers.map((s: any) => s.server.version)).toEqual(['0.9.0', '0.10.0']);
    // the description mentions "Notes" and "HTTP", but search is on names only, as officially
    expect((await api.get('/v0.1/servers?search=streamable')).body.servers).toEqual([]);
  });

  it('updated_since returns releases updated strictly after the time', async () => {
    const r = await api.get('/v0.1/servers?updated_since=2025-10-07T10:00:00Z');
    expect(r.body.servers.map((s: any) => `${s.server.name}@${s.server.version}`)).toEqual([
      `${REMOTE}@1.0.0`,
    ]);
    const all = await api.get('/v0.1/servers?updated_since=2025-10-01T00:00:00Z');
    expect(all.body.metadata.count).toBe(3);
    expect((await api.get('/v0.1/servers?updated_since=yesterday')).status).toBe(400);
  });

  it('pages with opaque name:version cursors until nextCursor is absent', async () => {
    const seen: string[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const r = await api.get(
        `/v0.1/servers?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.metadata.count).toBe(r.body.servers.length);
      seen.push(...r.body.servers.map((s: any) => `${s.server.name}@${s.server.version}`));
      cursor = r.body.metadata.nextCursor;
      if (cursor === undefined) break;
      cursors.push(cursor);
    }
    expect(seen).toEqual([`${NPM}@0.9.0`, `${NPM}@0.10.0`, `${REMOTE}@1.0.0`]);
    expect(cursors).toEqual([`${NPM}:0.9.0`, `${NPM}:0.10.0`]);
    const two = await api.get('/v0.1/servers?limit=2');
    expect(two.body.metadata).toEqual({ count: 2, nextCursor: `${NPM}:0.10.0` });
  });

  it('refuses bad parameters with 400', async () => {
    for (const q of [
      'limit=0',
      'limit=101',
      'limit=x',
      'cursor=nocolon',
      'cursor=a%2Fb%3Anot-semver',
      'version=1.x',
    ]) {
      const r = await api.get(`/v0.1/servers?${q}`);
      expect(r.status, q).toBe(400);
    }
    expect((await api.get('/v0.1/servers/not-a-name/versions')).status).toBe(400);
  });

  it('answers CORS preflight for any origin', async () => {
    const r = await api.send('OPTIONS', '/v0.1/servers', {
      headers: { origin: 'https://vscode.dev', 'access-control-request-method': 'GET' },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-methods')).toBe('GET, OPTIONS');
    expect(r.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
  });

  it('sends the three CORS headers GitHub requires on every response, errors included', async () => {
    for (const p of [
      '/v0.1/servers',
      v01(NPM, 'versions'),
      v01(NPM, 'versions', 'latest'),
      v01(PYPI, 'versions'),
    ]) {
      const r = await api.get(p);
      expect(r.headers.get('access-control-allow-origin'), p).toBe('*');
      expect(r.headers.get('access-control-allow-methods'), p).toBe('GET, OPTIONS');
      expect(r.headers.get('access-control-allow-headers'), p).toBe('Authorization, Content-Type');
    }
  });
});
