import {
  createRoot,
  generateSigningKey,
  type OnlineRole,
  type RootDocument,
  type SignedRoot,
  type SigningKey,
  signRoot,
  toPublicKeyInfo,
} from '../../registry/signing/index.js';

export const REGISTRY = 'https://registry.example';
export const T0 = new Date('2026-01-01T00:00:00Z');
export const DAY = 24 * 60 * 60 * 1000;
export const at = (days: number) => new Date(T0.getTime() + days * DAY);

export interface OnlineSigner {
  key: SigningKey;
  role: OnlineRole;
  notBefore: Date;
  notAfter: Date;
}

export async function onlineKey(role: OnlineRole, fromDay = -1, toDay = 365): Promise<OnlineSigner> {
  return {
    key: await generateSigningKey(role === 'snapshot' ? 'ecdsa-p256' : 'ed25519'),
    role,
    notBefore: at(fromDay),
    notAfter: at(toDay),
  };
}

export function rootDocument(
  version: number,
  rootKeys: SigningKey[],
  threshold: number,
  online: OnlineSigner[],
  expiresDay = 365,
): RootDocument {
  return createRoot({
    registry: REGISTRY,
    version,
    expires: at(expiresDay),
    rootKeys: rootKeys.map(toPublicKeyInfo),
    threshold,
    signingKeys: online.map((o) => ({
      ...toPublicKeyInfo(o.key),
      role: o.role,
      notBefore: o.notBefore,
      notAfter: o.notAfter,
    })),
  });
}

/** A registry with 3 root keys (threshold 2), an attestation key and a snapshot key; root v1 signed. */
export async function makeWorld() {
  const rootKeys = await Promise.all([
    generateSigningKey(),
    generateSigningKey('ecdsa-p256'),
    generateSigningKey(),
  ]);
  const attestation = await onlineKey('attestation');
  const snapshot = await onlineKey('snapshot');
  const v1doc = rootDocument(1, rootKeys, 2, [attestation, snapshot]);
  const v1: SignedRoot = await signRoot(v1doc, rootKeys.slice(0, 2));
  return { rootKeys, attestation, snapshot, v1 };
}
