import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startRegistry } from '../../registry/node/index.js';
import { MCPVET_META_KEY } from '../../registry/official/index.js';
import { mcpvetNpm } from './fixtures.js';

// A real Node registry signs every event: the v0.1 item links the release's latest attestation.
describe('v0.1 API on a signing registry', () => {
  const ADMIN = `signed-admin-${'s'.repeat(40)}`;
  const NAME = 'com.example.tools/web-fetch';
  let dir: string;
  let registry: RunningRegistry;

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${registry.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mcpvet-official-signed-'));
    registry = await startRegistry({ host: '127.0.0.1', port: 0, dataDir: dir, adminToken: ADMIN });
    const reviewer = (await call('POST', '/v1/tokens', ADMIN, { role: 'reviewer', subject: 'rev' })).token;
    await call('POST', '/v1/releases', ADMIN, mcpvetNpm('1.0.0'));
    await call('POST', `/v1/servers/${encodeURIComponent(NAME)}/releases/1.0.0/status`, reviewer, {
      status: 'approved',
    });
  });
  afterAll(async () => {
    await registry?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('links the attestation of the approval, which the registry serves', async () => {
    const item = await (
      await fetch(`${registry.url}/v0.1/servers/${encodeURIComponent(NAME)}/versions/latest`)
    ).json();
    const meta = item._meta[MCPVET_META_KEY];
    expect(meta.attestationUrl).toBe(
      `${registry.url}/v1/servers/${encodeURIComponent(NAME)}/releases/1.0.0/attestation`,
    );
    expect(meta.attestationDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
    const attestation = await fetch(meta.attestationUrl);
    expect(attestation.status).toBe(200);
    // the digest names the attested statement: the DSSE payload of the bundle served there
    const bundle = (await attestation.json()) as { dsseEnvelope: { payload: string } };
    const statement = Buffer.from(bundle.dsseEnvelope.payload, 'base64');
    expect(`sha256:${createHash('sha256').update(statement).digest('hex')}`).toBe(meta.attestationDigest);
  });
});
