import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRelease, path, TestApi } from '../helpers/registry-client.js';
import { startWorkerd, type WorkerdTarget } from '../worker/workerd.js';

// The catalog and the official v0.1 API on the Workers runtime (workerd, local D1): the same pages and
// JSON as on Node, proving the JSX rendering and the shared verifier code run there.
describe('catalog and v0.1 API in workerd', () => {
  let target: WorkerdTarget;
  let api: TestApi;
  const name = 'io.github.edge/catalog';
  beforeAll(async () => {
    target = await startWorkerd();
    api = new TestApi(target);
    const rev = await api.createToken(target.adminToken, { role: 'reviewer', subject: 'r' });
    for (const v of ['1.0.0', '1.1.0']) {
      const release = makeRelease(name, v, {
        capabilities: {
          tools: [
            {
              name: v === '1.0.0' ? 'forecast' : 'forecast_v2',
              description: '<b>not bold</b>',
              inputSchema: { type: 'object' },
            },
          ],
        },
      });
      expect((await api.post('/v1/releases', release, target.adminToken)).status).toBe(201);
      expect(
        (await api.post(path(name, 'releases', v, 'status'), { status: 'approved' }, rev.token)).status,
      ).toBe(200);
    }
  });
  afterAll(async () => {
    await target?.close();
  });

  it('renders the list, the server page and the diff', async () => {
    const list = await api.get('/catalog');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/^text\/html/);
    expect(String(list.body)).toContain(`/catalog/servers/${encodeURIComponent(name)}`);
    const server = await api.get(`/catalog/servers/${encodeURIComponent(name)}`);
    expect(server.status).toBe(200);
    expect(String(server.body)).toContain('&lt;b&gt;not bold&lt;/b&gt;');
    const diff = await api.get(`/catalog/servers/${encodeURIComponent(name)}/diff?from=1.0.0&to=1.1.0`);
    expect(diff.status).toBe(200);
    expect(String(diff.body)).toContain('tool_added');
    expect(String(diff.body)).toContain('tool_removed');
  });

  it('serves the official v0.1 API with the capability fingerprint', async () => {
    const r = await api.get('/v0.1/servers?version=latest');
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.body.servers.map((s: any) => s.server.version)).toEqual(['1.1.0']);
    expect(r.body.servers[0]._meta['dev.mcpvet/registry'].capabilityFingerprint).toMatch(
      /^sha256:[a-f0-9]{64}$/,
    );
  });
});
