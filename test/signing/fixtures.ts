import type { ReleaseAttestationInput } from '../../registry/signing/index.js';

const NPM_INTEGRITY = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;

/** A release decision as the registry would attest it (name, packages, fingerprint, assessment). */
export function releaseInput(overrides: Partial<ReleaseAttestationInput> = {}): ReleaseAttestationInput {
  return {
    server: { name: 'io.github.acme/weather', version: '1.2.3' },
    status: 'approved',
    releaseDigest: `sha256:${'a'.repeat(64)}`,
    capabilityFingerprint: `sha256:${'b'.repeat(64)}`,
    assessment: { digest: `sha256:${'c'.repeat(64)}`, risk: 'low', verdict: 'approve' },
    approver: 'tok_reviewer',
    decidedAt: '2026-01-02T03:04:05.000Z',
    registry: 'https://registry.example',
    packages: [
      { registryType: 'npm', identifier: '@acme/weather', version: '1.2.3', digest: NPM_INTEGRITY },
      { registryType: 'oci', identifier: 'ghcr.io/acme/weather', digest: `sha256:${'d'.repeat(64)}` },
      { registryType: 'mcpb', identifier: 'https://example.com/weather.mcpb', fileSha256: 'e'.repeat(64) },
      { registryType: 'npm', identifier: 'no-digest', version: '1.0.0' },
    ],
    ...overrides,
  };
}

export const NPM_SHA512_HEX = Buffer.from(NPM_INTEGRITY.slice(7), 'base64').toString('hex');
