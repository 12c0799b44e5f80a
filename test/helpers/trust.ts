import {
  createRoot,
  exportSigningKey,
  generateSigningKey,
  type SignedRoot,
  type SigningKey,
  signRoot,
  toPublicKeyInfo,
} from '../../registry/signing/index.js';
import { createRegistryTrust, type RegistryTrust } from '../../registry/trust/index.js';

export interface TestTrustMaterial {
  registry: string;
  online: SigningKey;
  rootKey: SigningKey;
  root: SignedRoot;
  /** For a Worker: the secrets it reads. */
  vars: { MCPVET_SIGNING_KEY: string; MCPVET_ROOTS: string };
}

/** A root v1 (one root key, threshold 1) listing one Ed25519 online key for every role. */
export async function makeTrustMaterial(registry = 'https://registry.test'): Promise<TestTrustMaterial> {
  const online = await generateSigningKey('ed25519');
  const rootKey = await generateSigningKey('ed25519');
  const now = Date.now();
  const root = await signRoot(
    createRoot({
      registry,
      version: 1,
      expires: new Date(now + 30 * 86_400_000),
      rootKeys: [toPublicKeyInfo(rootKey)],
      threshold: 1,
      signingKeys: (['attestation', 'snapshot', 'log'] as const).map((role) => ({
        ...toPublicKeyInfo(online),
        role,
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + 30 * 86_400_000),
      })),
    }),
    [rootKey],
  );
  return {
    registry,
    online,
    rootKey,
    root,
    vars: { MCPVET_SIGNING_KEY: await exportSigningKey(online), MCPVET_ROOTS: JSON.stringify([root]) },
  };
}

export async function makeTestTrust(
  registry = 'https://registry.test',
): Promise<RegistryTrust & { material: TestTrustMaterial }> {
  const material = await makeTrustMaterial(registry);
  const trust = await createRegistryTrust({ registry, onlineKey: material.online, roots: [material.root] });
  return { ...trust, material };
}
