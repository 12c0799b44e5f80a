import type { Schema } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { registerSchema, validateRecord } from '../../registry/records/index.js';
import type { Lock } from '../../registry/records/types.generated.js';
import {
  generateSigningKey,
  signReleaseAttestation,
  toAttestationDigest,
} from '../../registry/signing/index.js';
import lockSchema from '../../schemas/lock.schema.json' with { type: 'json' };
import { releaseInput } from '../signing/fixtures.js';

registerSchema('lock', lockSchema as Schema);

async function sampleLock(): Promise<Lock> {
  const key = await generateSigningKey();
  const bundle = JSON.parse(JSON.stringify(await signReleaseAttestation(releaseInput(), key)));
  return {
    lockfileVersion: 1,
    generatedAt: '2026-01-02T00:00:00Z',
    registry: {
      url: 'https://registry.example',
      rootVersion: 2,
      snapshotVersion: 41,
      snapshotDigest: `sha256:${'1'.repeat(64)}`,
    },
    servers: [
      {
        id: 'claude-code:project:weather',
        name: 'io.github.acme/weather',
        version: '1.2.3',
        status: 'approved',
        identity: { kind: 'package', registryType: 'npm', identifier: '@acme/weather', version: '1.2.3' },
        digest: `sha512-${Buffer.alloc(64, 7).toString('base64')}`,
        releaseDigest: `sha256:${'a'.repeat(64)}`,
        capabilityFingerprint: `sha256:${'b'.repeat(64)}`,
        attestation: { bundle, digest: await toAttestationDigest(bundle), keyId: key.keyId },
        lockedAt: '2026-01-02T00:00:00Z',
      },
    ],
  };
}

describe('lock.schema.json (mcpvet.lock)', () => {
  it('accepts a lock carrying a real registry attestation bundle', async () => {
    const result = validateRecord<Lock>('lock', await sampleLock());
    expect(result.ok, JSON.stringify(!result.ok && result.issues)).toBe(true);
  });

  it('reports every problem with its path', async () => {
    const lock = (await sampleLock()) as unknown as {
      registry: Record<string, unknown>;
      servers: Array<Record<string, unknown>>;
    };
    delete lock.registry.snapshotVersion;
    const server = lock.servers[0] as Record<string, unknown>;
    server.digest = 'md5:abc';
    server.identity = { kind: 'package' };
    delete server.attestation;
    const result = validateRecord('lock', lock);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/registry', '/servers/0/digest', '/servers/0/identity', '/servers/0']),
    );
  });
});
