import { createPublicKey, generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  exportSigningKey,
  generateSigningKey,
  importPublicKey,
  importSigningKey,
  type SigningAlgorithm,
  signBytes,
  verifyBytes,
} from '../../registry/signing/index.js';

const ALGORITHMS: SigningAlgorithm[] = ['ed25519', 'ecdsa-p256'];
const data = new TextEncoder().encode('mcpvet');

describe.each(ALGORITHMS)('%s signing keys', (algorithm) => {
  it('round-trip through PKCS#8 and SPKI PEM with a stable key id', async () => {
    const key = await generateSigningKey(algorithm);
    expect(key.keyId).toMatch(/^[0-9a-f]{64}$/);
    const again = await importSigningKey(await exportSigningKey(key));
    expect(again.keyId).toBe(key.keyId);
    expect(again.algorithm).toBe(algorithm);
    expect(again.publicKeyPem).toBe(key.publicKeyPem);
    const pub = await importPublicKey(key.publicKeyPem, key.keyId);
    expect(await verifyBytes(pub, data, await signBytes(again, data))).toBe(true);
  });

  it('produce signatures node:crypto verifies (ECDSA as DER), and reject tampering', async () => {
    const key = await generateSigningKey(algorithm);
    const sig = await signBytes(key, data);
    const nodeKey = createPublicKey(key.publicKeyPem);
    expect(nodeVerify(algorithm === 'ed25519' ? null : 'sha256', data, nodeKey, sig)).toBe(true);
    expect(await verifyBytes(key, new TextEncoder().encode('mcpvex'), sig)).toBe(false);
    const flipped = Uint8Array.from(sig);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    expect(await verifyBytes(key, data, flipped)).toBe(false);
  });

  it('import keys made by node:crypto', async () => {
    const pair =
      algorithm === 'ed25519'
        ? generateKeyPairSync('ed25519')
        : generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = await importSigningKey(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(key.algorithm).toBe(algorithm);
    expect(key.publicKeyPem.replace(/\s/g, '')).toBe(
      pair.publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/\s/g, ''),
    );
  });
});

describe('key import refuses', () => {
  it('other key types and a key id that is not the key', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expect(
      importSigningKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    ).rejects.toThrow(/only Ed25519 and ECDSA P-256/);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await expect(
      importPublicKey(p384.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    ).rejects.toThrow();
    const key = await generateSigningKey();
    await expect(importPublicKey(key.publicKeyPem, '0'.repeat(64))).rejects.toThrow(/does not belong/);
    await expect(importPublicKey('not a pem')).rejects.toThrow();
  });
});
