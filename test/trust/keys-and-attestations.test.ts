import { describe, expect, it } from 'vitest';
import { signReleaseAttestation, signRoot } from '../../registry/signing/index.js';
import { selectSigningKey, verifyAttestationWithRoot } from '../../verifier/trust/index.js';
import { releaseInput } from '../signing/fixtures.js';
import { at, makeWorld, onlineKey, rootDocument } from './world.js';

const WEATHER = { name: 'io.github.acme/weather', version: '1.2.3' };

describe('selectSigningKey', () => {
  it('returns the role keys valid at the time, and refuses revoked, expired and wrong-role keys', async () => {
    const { v1, attestation, snapshot } = await makeWorld();
    const root = v1.signed;
    const ok = selectSigningKey(root, 'attestation', at(10), attestation.key.keyId);
    expect(ok.ok && ok.key.keyId).toBe(attestation.key.keyId);
    expect(selectSigningKey(root, 'attestation', at(400), attestation.key.keyId).code).toBe(
      'signing_key_expired',
    );
    expect(selectSigningKey(root, 'attestation', at(-2), attestation.key.keyId).code).toBe(
      'signing_key_expired',
    );
    expect(selectSigningKey(root, 'attestation', at(10), snapshot.key.keyId).code).toBe(
      'signing_key_revoked',
    );
    expect(selectSigningKey(root, 'log', at(10)).code).toBe('signing_key_revoked');
    expect(selectSigningKey(root, 'attestation', at(10), 'f'.repeat(64)).code).toBe('signing_key_revoked');
  });
});

describe('release attestations under the trusted root', () => {
  it('verify when signed by a current attestation key inside its window', async () => {
    const { v1, attestation } = await makeWorld();
    const bundle = await signReleaseAttestation(releaseInput(), attestation.key, { signedAt: at(5) });
    const result = await verifyAttestationWithRoot(bundle, v1.signed, WEATHER, at(6));
    expect(result.code).toBe('verified');
  });

  it('are refused once their key is revoked (removed from the root by a rotation)', async () => {
    const { rootKeys, attestation, snapshot } = await makeWorld();
    const replacement = await onlineKey('attestation');
    const v2 = await signRoot(rootDocument(2, rootKeys, 2, [replacement, snapshot]), rootKeys);
    const old = await signReleaseAttestation(releaseInput(), attestation.key, { signedAt: at(5) });
    expect((await verifyAttestationWithRoot(old, v2.signed, WEATHER, at(6))).code).toBe(
      'signing_key_revoked',
    );
    const fresh = await signReleaseAttestation(releaseInput(), replacement.key, { signedAt: at(5) });
    expect((await verifyAttestationWithRoot(fresh, v2.signed, WEATHER, at(6))).code).toBe('verified');
  });

  it('are refused when signed outside the key window or dated in the future', async () => {
    const { rootKeys, snapshot } = await makeWorld();
    const shortKey = await onlineKey('attestation', 0, 30);
    const root = (await signRoot(rootDocument(1, rootKeys, 2, [shortKey, snapshot]), rootKeys)).signed;
    const late = await signReleaseAttestation(releaseInput(), shortKey.key, { signedAt: at(31) });
    expect((await verifyAttestationWithRoot(late, root, WEATHER, at(32))).code).toBe('signing_key_expired');
    const inWindow = await signReleaseAttestation(releaseInput(), shortKey.key, { signedAt: at(29) });
    expect((await verifyAttestationWithRoot(inWindow, root, WEATHER, at(60))).code).toBe('verified');
    const future = await signReleaseAttestation(releaseInput(), shortKey.key, { signedAt: at(20) });
    const result = await verifyAttestationWithRoot(future, root, WEATHER, at(10));
    expect([result.code, !result.ok && result.evidence.check]).toEqual([
      'attestation_invalid',
      'signed_in_future',
    ]);
  });

  it('are refused for another release (a bundle swapped between releases)', async () => {
    const { v1, attestation } = await makeWorld();
    const other = await signReleaseAttestation(
      releaseInput({ server: { name: 'io.github.acme/weather', version: '1.2.2' } }),
      attestation.key,
      {
        signedAt: at(5),
      },
    );
    const result = await verifyAttestationWithRoot(other, v1.signed, WEATHER, at(6));
    expect([result.code, !result.ok && result.evidence.check]).toEqual([
      'attestation_invalid',
      'attestation_subject_mismatch',
    ]);
  });
});
