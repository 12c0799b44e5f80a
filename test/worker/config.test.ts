import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRoot,
  exportSigningKey,
  generateSigningKey,
  type SignedRoot,
  signRoot,
  toPublicKeyInfo,
} from '../../registry/signing/index.js';
import { verifyAttestationWithRoot } from '../../verifier/trust/index.js';
import { makeRelease, TestApi } from '../helpers/registry-client.js';
import { applyD1Migrations, makePersistDir, startWorkerd, type WorkerdTarget } from './workerd.js';

// Worker configuration in workerd (vars and secrets). Signing: the MCPVET_SIGNING_KEY secret is imported
// with workerd's Web Crypto and checked against MCPVET_ROOTS; a secret that is set but unusable fails closed.
describe('Worker vars and secrets', () => {
  let dir: string;
  let good: WorkerdTarget;
  let bad: WorkerdTarget;
  let root: SignedRoot;
  beforeAll(async () => {
    dir = makePersistDir();
    await applyD1Migrations(dir);
    const online = await generateSigningKey('ed25519');
    const rootKey = await generateSigningKey('ed25519');
    const now = Date.now();
    root = await signRoot(
      createRoot({
        registry: 'https://registry.test',
        version: 1,
        expires: new Date(now + 86_400_000),
        rootKeys: [toPublicKeyInfo(rootKey)],
        threshold: 1,
        signingKeys: (['attestation', 'snapshot', 'log'] as const).map((role) => ({
          ...toPublicKeyInfo(online),
          role,
          notBefore: new Date(now - 60_000),
          notAfter: new Date(now + 86_400_000),
        })),
      }),
      [rootKey],
    );
    good = await startWorkerd({
      persistDir: dir,
      vars: {
        MCPVET_SIGNING_KEY: await exportSigningKey(online),
        MCPVET_ROOTS: JSON.stringify([root]),
        MCPVET_PUBLIC_READS: 'false',
      },
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
    const bundle = await api.get(
      '/v1/servers/io.github.sign%2Fone/releases/1.0.0/attestation',
      good.adminToken,
    );
    expect(bundle.status).toBe(200);
    const check = await verifyAttestationWithRoot(
      bundle.body,
      root.signed,
      { name: 'io.github.sign/one', version: '1.0.0', releaseDigest: r.body.releaseDigest },
      new Date(),
    );
    expect(check.ok, JSON.stringify(check)).toBe(true);
    expect((await api.get('/v1/log/checkpoint', good.adminToken)).body).toMatch(
      /^registry\.test\/mcpvet-log\n1\n/,
    );
    expect((await api.get('/v1/snapshot', good.adminToken)).body.signed.releases).toHaveLength(1);
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
      vars: {
        MCPVET_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        MCPVET_ROOTS: JSON.stringify([root]),
      },
    });
    const r = await new TestApi(bad).get('/health');
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/MCPVET_SIGNING_KEY/),
    });
  });
});
