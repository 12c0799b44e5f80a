import type { KeyObject } from 'node:crypto';
import { crypto as coreCrypto } from '@sigstore/core';
import type { KeyFinderFunc } from '@sigstore/verify';

/** One npm registry signing key, as npm publishes it for attestations. */
export interface NpmRegistryKey {
  /** The keyid npm writes into the DSSE signature and the bundle's public-key hint. */
  keyId: string;
  /** DER SubjectPublicKeyInfo, base64. */
  publicKey: string;
  /** Inclusive validity window (ISO 8601); `notAfter` absent while the key is current. */
  notBefore: string;
  notAfter?: string;
}

/**
 * npm's attestation-signing keys (keyUsage npm:attestations). Source: the Sigstore public-good TUF
 * target `registry.npmjs.org/keys.json`, the same keys npm serves at
 * https://registry.npmjs.org/-/npm/v1/keys and npm CLI trusts for `npm audit signatures`; copied from
 * @sigstore/tuf 4.0.2's seeds.json (test/sigstore/npm-provenance.test.ts fails if the two drift apart).
 * Kept as data so verification is offline and does not depend on a network fetch of trust anchors.
 */
export const NPM_ATTESTATION_KEYS: readonly NpmRegistryKey[] = [
  {
    keyId: 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA',
    publicKey:
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE1Olb3zMAFFxXKHiIkQO5cJ3Yhl5i6UPp+IhuteBJbuHcA5UogKo0EWtlWwW6KSaKoTNEYL7JlCQiVnkhBktUgg==',
    notBefore: '2022-12-01T00:00:00.000Z',
    notAfter: '2025-01-29T00:00:00.000Z',
  },
  {
    keyId: 'SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U',
    publicKey:
      'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEY6Ya7W++7aUPzvMTrezH6Ycx3c+HOKYCcNGybJZSCJq/fd7Qa8uuAKtdIkUQtQiEKERhAmE5lMMJhP8OkDOa2g==',
    notBefore: '2025-01-13T00:00:00.000Z',
  },
];

export function findNpmKey(
  keyId: string,
  keys: readonly NpmRegistryKey[] = NPM_ATTESTATION_KEYS,
): NpmRegistryKey | undefined {
  return keys.find((k) => k.keyId === keyId);
}

/**
 * Key finder for @sigstore/verify: a hint resolves only to an npm key, valid only inside its window
 * (checked by the library against the bundle's verified timestamps).
 */
export function toNpmKeyFinder(keys: readonly NpmRegistryKey[] = NPM_ATTESTATION_KEYS): KeyFinderFunc {
  const cache = new Map<string, KeyObject>();
  return (hint) => {
    const key = findNpmKey(hint, keys);
    if (key === undefined) {
      throw Object.assign(new Error(`key not found: ${hint}`), { code: 'PUBLIC_KEY_ERROR' });
    }
    let publicKey = cache.get(hint);
    if (publicKey === undefined) {
      publicKey = coreCrypto.createPublicKey(key.publicKey);
      cache.set(hint, publicKey);
    }
    const start = Date.parse(key.notBefore);
    const end = key.notAfter === undefined ? Number.POSITIVE_INFINITY : Date.parse(key.notAfter);
    return { publicKey, validFor: (date: Date) => date.getTime() >= start && date.getTime() <= end };
  };
}
