import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSigningKey, generateSigningKey } from '../../registry/signing/index.js';
import { makeRelease, TestApi } from '../helpers/registry-client.js';
import { applyD1Migrations, makePersistDir, startWorkerd, type WorkerdTarget } from './workerd.js';

// Worker configuration in workerd (vars and secrets). The signing hook: the MCPVET_SIGNING_KEY secret is imported with workerd's Web Crypto, and a
// secret that is set but unusable fails closed.
describe('Worker vars and secrets', () => {
  let dir: string;
  let good: WorkerdTarget;
  let bad: WorkerdTarget;
  beforeAll(async () => {
    dir = makePersistDir();
    await applyD1Migrations(dir);
    const key = await exportSigningKey(await generateSigningKey('ed25519'));
    good = await startWorkerd({
      persistDir: dir,
      vars: { MCPVET_SIGNING_KEY: key, MCPVET_PUBLIC_READS: 'false' },
    });
  });
  afterAll(async () => {
    await good?.close();
    await bad?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves and publishes with a valid Ed25519 key', async () => {
    const api = new TestApi(good);
    expect((await api.get('/health')).status).toBe(200);
    const r = await api.post('/v1/releases', makeRelease('io.github.sign/one', '1.0.0'), good.adminToken);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });

  it('takes its settings from vars: MCPVET_PUBLIC_READS=false makes reads need a token', async () => {
    const api = new TestApi(good);
    const anonymous = await api.get('/v1/servers');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthorized');
    expect((await api.get('/v1/servers', good.adminToken)).status).toBe(200);
  });

  it('refuses every request with 503 when the secret is not a usable key', async () => {
    await good.close();
    bad = await startWorkerd({
      persistDir: dir,
      vars: { MCPVET_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' },
    });
    const r = await new TestApi(bad).get('/health');
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/MCPVET_SIGNING_KEY/),
    });
  });
});
