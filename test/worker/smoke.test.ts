import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRelease, path, TestApi } from '../helpers/registry-client.js';
import { startWorkerd, type WorkerdTarget } from './workerd.js';

describe('registry Worker in workerd with local D1', () => {
  let target: WorkerdTarget;
  let api: TestApi;
  beforeAll(async () => {
    target = await startWorkerd();
    api = new TestApi(target);
  });
  afterAll(async () => {
    await target?.close();
  });

  it('answers health', async () => {
    const r = await api.get('/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', version: expect.any(String) });
  });

  it('registers the MCPVET_ADMIN_TOKEN secret as the admin on the first request', async () => {
    const r = await api.get('/v1/tokens', target.adminToken);
    expect(r.status).toBe(200);
    expect(r.body.tokens).toHaveLength(1);
    expect(r.body.tokens[0]).toMatchObject({
      role: 'admin',
      label: 'MCPVET_ADMIN_TOKEN',
      createdBy: 'bootstrap',
    });
  });

  it('publishes, refuses a duplicate, approves and reads the release back', async () => {
    const admin = target.adminToken;
    const pub = await api.createToken(admin, {
      role: 'publisher',
      namespaces: ['io.github.edge/*'],
      subject: 'p',
    });
    const rev = await api.createToken(admin, { role: 'reviewer', subject: 'r' });
    const name = 'io.github.edge/weather';
    const published = await api.post('/v1/releases', makeRelease(name, '1.0.0'), pub.token);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body).toMatchObject({ name, version: '1.0.0', status: 'submitted' });

    const again = await api.post('/v1/releases', makeRelease(name, '1.0.0'), pub.token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');

    const approved = await api.post(
      path(name, 'releases', '1.0.0', 'status'),
      { status: 'approved' },
      rev.token,
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('approved');

    const latest = await api.get(path(name, 'releases', 'latest'));
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({
      name,
      version: '1.0.0',
      status: 'approved',
      statusChangedBy: rev.id,
    });
    expect(latest.body.release).toEqual(published.body.release);
    expect(latest.body.releaseDigest).toBe(published.body.releaseDigest);

    const history = await api.get(path(name, 'releases', '1.0.0', 'history'));
    expect(history.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'submitted',
      'approved',
    ]);
  });

  it('lets exactly one of many concurrent status changes win (compare-and-set inside a D1 batch)', async () => {
    const admin = target.adminToken;
    const name = 'io.github.edge/race';
    const pub = await api.createToken(admin, {
      role: 'publisher',
      namespaces: ['io.github.edge/*'],
      subject: 'p2',
    });
    const rev = await api.createToken(admin, { role: 'reviewer', subject: 'r2' });
    expect((await api.post('/v1/releases', makeRelease(name, '1.0.0'), pub.token)).status).toBe(201);
    const attempts = Array.from({ length: 8 }, (_, i) =>
      api.post(
        path(name, 'releases', '1.0.0', 'status'),
        { status: i % 2 ? 'approved' : 'rejected' },
        rev.token,
      ),
    );
    const results = await Promise.all(attempts);
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(r.status).toBe(409);
      expect(['conflict', 'invalid_transition']).toContain(r.body.code);
    }
    const history = await api.get(path(name, 'releases', '1.0.0', 'history'));
    expect(history.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'submitted',
      winners[0]?.body.status,
    ]);
    const audit = await api.get('/v1/audit?limit=500', admin);
    const allowed = audit.body.entries.filter(
      (e: { action: string; target: string; result: string }) =>
        e.action === 'release.status' && e.target === `${name}@1.0.0` && e.result === 'allowed',
    );
    expect(allowed).toHaveLength(1);
  });

  it('validates releases against the JSON Schema inside workerd (no eval) and reports every issue', async () => {
    const bad = makeRelease('io.github.edge/bad', '^1.0.0', {
      description: 42,
      packages: [{ registryType: 'npm' }],
    });
    const r = await api.post('/v1/releases', bad, target.adminToken);
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('invalid_record');
    const paths = r.body.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/version', '/description']));
    expect(paths.some((p: string) => p.startsWith('/packages/0'))).toBe(true);
  });

  it('returns a D1 bookmark and accepts it back for read-your-writes', async () => {
    const name = 'io.github.edge/bookmarks';
    const write = await api.post('/v1/releases', makeRelease(name, '0.1.0'), target.adminToken);
    expect(write.status).toBe(201);
    const bookmark = write.headers.get('x-d1-bookmark');
    expect(bookmark).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/);
    const read = await api.send('GET', path(name, 'releases', '0.1.0'), {
      headers: { 'x-d1-bookmark': bookmark ?? '' },
    });
    expect(read.status).toBe(200);
    expect(read.body.version).toBe('0.1.0');
    expect(read.headers.get('x-d1-bookmark')).toMatch(/^[0-9a-f]+(-[0-9a-f]+)+$/);
  });

  it('lets cross-origin readers of the public /v0.1 API see the bookmark', async () => {
    const r = await api.send('GET', '/v0.1/servers', { headers: { origin: 'https://example.test' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('x-d1-bookmark')).not.toBeNull();
    expect(r.headers.get('access-control-expose-headers')).toMatch(/x-d1-bookmark/i);
  });

  it('refuses a malformed bookmark header with a coded 400', async () => {
    const r = await api.send('GET', '/v1/servers', {
      headers: { 'x-d1-bookmark': "'; DROP TABLE releases; --" },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('bad_request');
  });
});
