import { describe, expect, it } from 'vitest';
import { createApp } from '../../registry/api/index.js';
import { bootstrapAdmin } from '../../registry/bootstrap/index.js';
import {
  MCPVET_META_KEY,
  OFFICIAL_META_KEY,
  toOfficialResponse,
  toOfficialServer,
} from '../../registry/official/index.js';
import type { Release } from '../../registry/records/index.js';
import { openSqliteStore } from '../../registry/sqlite/index.js';
import type { RegistryStore, StoredRelease } from '../../registry/store/index.js';
import { approveInStore } from './approve.js';
import { mcpvetNpm, officialNpm, officialRemote } from './fixtures.js';

describe('mapping a release to the official shape (pure)', () => {
  it('removes exactly digest, provenance and capabilities, keeping key order and unknown fields', () => {
    const release = { ...mcpvetNpm('1.0.0'), _meta: { 'com.example/x': { a: 1 } } } as Release;
    const server = toOfficialServer(release);
    expect(server).toEqual({ ...officialNpm('1.0.0'), _meta: { 'com.example/x': { a: 1 } } });
    expect(Object.keys(server)).toEqual(Object.keys(release).filter((k) => k !== 'capabilities'));
    expect(Object.keys(server.packages![0]!)).toEqual(
      Object.keys(release.packages![0]!).filter((k) => k !== 'digest' && k !== 'provenance'),
    );
    // the input is untouched
    expect(release.packages![0]!.digest).toBeDefined();
    expect(toOfficialServer(officialRemote('1.0.0') as Release)).toEqual(officialRemote('1.0.0'));
  });

  it('builds both _meta keys, with the attestation only when there is one', () => {
    const base = {
      release: mcpvetNpm('1.0.0') as Release,
      status: 'approved' as const,
      releaseDigest: `sha256:${'1'.repeat(64)}`,
      publishedAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-02T00:00:00.000Z',
      isLatest: false,
      releaseUrl: 'https://r.example/v1/servers/x/releases/1.0.0',
    };
    const plain = toOfficialResponse(base);
    expect(plain._meta[OFFICIAL_META_KEY]).toEqual({
      status: 'active',
      publishedAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-02T00:00:00.000Z',
      isLatest: false,
    });
    expect(Object.keys(plain._meta[MCPVET_META_KEY])).toEqual([
      'status',
      'releaseDigest',
      'releaseUrl',
      'toolCount',
      'packages',
    ]);
    const signed = toOfficialResponse({
      ...base,
      assessment: {
        digest: `sha256:${'2'.repeat(64)}`,
        risk: 'low',
        verdict: 'approve',
        date: '2025-01-03T00:00:00Z',
      },
      capabilityFingerprint: `sha256:${'3'.repeat(64)}`,
      attestation: { url: `${base.releaseUrl}/attestation`, digest: `sha256:${'4'.repeat(64)}` },
    });
    expect(signed._meta[MCPVET_META_KEY]).toMatchObject({
      risk: 'low',
      verdict: 'approve',
      assessmentDigest: `sha256:${'2'.repeat(64)}`,
      assessedAt: '2025-01-03T00:00:00Z',
      capabilityFingerprint: `sha256:${'3'.repeat(64)}`,
      attestationUrl: `${base.releaseUrl}/attestation`,
      attestationDigest: `sha256:${'4'.repeat(64)}`,
    });
  });
});

describe('the attestation link on the API', () => {
  it('points at the release attestation when the store records one, and is absent otherwise', async () => {
    const { store } = await openSqliteStore(':memory:');
    try {
      const admin = `map-admin-${'m'.repeat(40)}`;
      await bootstrapAdmin(store, { envToken: admin });
      for (const v of ['1.0.0', '1.1.0']) {
        const res = await createApp({ store }).request('/v1/releases', {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify(mcpvetNpm(v)),
        });
        expect(res.status).toBe(201);
        await approveInStore(store, 'com.example.tools/web-fetch', v, new Date().toISOString());
      }
      // a store as a signing registry has it: 1.1.0 attested, 1.0.0 from before signing was switched on
      const digest = `sha256:${'a'.repeat(64)}`;
      const attest = (r: StoredRelease) =>
        r.version === '1.1.0' ? { ...r, attestation: { digest, logIndex: 7 } } : { ...r, attestation: null };
      const signing = new Proxy(store, {
        get(target, prop, receiver) {
          if (prop === 'listReleases') {
            return async (name: string) => (await target.listReleases(name)).map(attest);
          }
          const value = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }) as RegistryStore;
      const app = createApp({ store: signing });
      const body = await (await app.request('http://registry.test/v0.1/servers')).json();
      const meta = body.servers.map((s: any) => s._meta[MCPVET_META_KEY]);
      expect(meta[0].attestationUrl).toBeUndefined();
      expect(meta[1]).toMatchObject({
        attestationUrl: `http://registry.test/v1/servers/${encodeURIComponent('com.example.tools/web-fetch')}/releases/1.1.0/attestation`,
        attestationDigest: digest,
      });
    } finally {
      await store.close();
    }
  });
});
