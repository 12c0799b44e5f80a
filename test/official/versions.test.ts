import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../registry/api/index.js';
import { bootstrapAdmin } from '../../registry/bootstrap/index.js';
import { compareReleaseVersions, isExactVersion } from '../../registry/official/version.js';
import { openSqliteStore } from '../../registry/sqlite/index.js';
import type { RegistryStore } from '../../registry/store/index.js';
import { path, TestApi } from '../helpers/registry-client.js';
import { approveInStore } from './approve.js';
import { officialPypi } from './fixtures.js';

describe('release versions on the v0.1 API', () => {
  it('accepts exactly the versions release.schema.json accepts, build metadata included', () => {
    for (const v of ['1.2.3', '2025.11.13+pr147-5d1f8b0', '1.0.0-rc.1+b.2'])
      expect(isExactVersion(v), v).toBe(true);
    for (const v of ['v1.2.3', '=1.2.3', '1.2', 'latest', '1.x', '^1.2.3', ' 1.2.3', 'auto']) {
      expect(isExactVersion(v), v).toBe(false);
    }
  });

  it('orders two builds of one version instead of calling them equal', () => {
    expect(compareReleaseVersions('1.0.0+b.1', '1.0.0+b.2')).toBeLessThan(0);
    expect(compareReleaseVersions('1.0.0+b.2', '1.0.0+b.1')).toBeGreaterThan(0);
    expect(compareReleaseVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
  });

  describe('served', () => {
    let store: RegistryStore;
    let api: TestApi;
    const NAME = 'com.redpanda/docs-mcp';
    const VERSIONS = ['2025.11.13+pr147-5d1f8b0', '2025.11.13+pr150-394827a'];

    beforeAll(async () => {
      ({ store } = await openSqliteStore(':memory:'));
      const admin = `versions-admin-${'z'.repeat(40)}`;
      await bootstrapAdmin(store, { envToken: admin });
      const app = createApp({ store });
      api = new TestApi({ adminToken: admin, fetch: async (r) => app.request(r), close: async () => {} });
      for (const version of VERSIONS) {
        const release = { ...officialPypi(version), name: NAME };
        expect((await api.post('/v1/releases', release, admin)).status).toBe(201);
      }
      // approve through the store: /v1 status paths refuse build metadata (assertExactVersion)
      for (const version of VERSIONS) await approveInStore(store, NAME, version, new Date().toISOString());
      expect((await api.get(path(NAME, 'releases'))).body.releases.length).toBe(2);
    });
    afterAll(async () => {
      await store.close();
    });

    it('gets a version with build metadata by its URL-encoded path', async () => {
      const r = await api.get(
        `/v0.1/servers/${encodeURIComponent(NAME)}/versions/${encodeURIComponent(VERSIONS[0]!)}`,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.server.version).toBe(VERSIONS[0]);
      expect(r.body._meta['io.modelcontextprotocol.registry/official'].isLatest).toBe(false);
      const latest = await api.get(`/v0.1/servers/${encodeURIComponent(NAME)}/versions/latest`);
      expect(latest.body.server.version).toBe(VERSIONS[1]);
    });

    it('pages across builds of one version with name:version cursors', async () => {
      const first = await api.get('/v0.1/servers?limit=1');
      expect(first.body.metadata.nextCursor).toBe(`${NAME}:${VERSIONS[0]}`);
      const second = await api.get(
        `/v0.1/servers?limit=1&cursor=${encodeURIComponent(first.body.metadata.nextCursor)}`,
      );
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      expect(second.body.servers.map((s: any) => s.server.version)).toEqual([VERSIONS[1]]);
      expect(second.body.metadata.nextCursor).toBeUndefined();
    });
  });
});
