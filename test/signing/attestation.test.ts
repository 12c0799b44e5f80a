import { bundleFromJSON } from '@sigstore/bundle';
import { PublicKeyDetails, TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { describe, expect, it } from 'vitest';
import {
  generateSigningKey,
  RELEASE_PREDICATE_TYPE,
  type SigningAlgorithm,
  type SigningKey,
  signReleaseAttestation,
  toAttestationDigest,
  toPublicKeyInfo,
  verifyReleaseAttestation,
} from '../../registry/signing/index.js';
import { parseBundle, verifySignedBundle } from '../../verifier/sigstore/index.js';
import { NPM_SHA512_HEX, releaseInput } from './fixtures.js';

const EMPTY_ROOT = TrustedRoot.fromJSON({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
});

/** @sigstore/verify with the registry key as the only trust: no log, no CT, no timestamp authority. */
function sigstoreVerify(bundle: unknown, key: SigningKey): void {
  const der = Buffer.from(key.publicKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const trust = toTrustMaterial(EMPTY_ROOT, {
    [key.keyId]: {
      rawBytes: der,
      keyDetails:
        key.algorithm === 'ed25519'
          ? PublicKeyDetails.PKIX_ED25519
          : PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
      validFor: undefined,
    },
  });
  const entity = toSignedEntity(bundleFromJSON(bundle));
  new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(entity);
}

function tamper(bundle: Record<string, unknown>, edit: (statement: Record<string, unknown>) => void) {
  const copy = structuredClone(bundle) as { dsseEnvelope: { payload: string } };
  const statement = JSON.parse(Buffer.from(copy.dsseEnvelope.payload, 'base64').toString('utf8'));
  edit(statement);
  copy.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  return copy;
}

describe.each(['ed25519', 'ecdsa-p256'] as SigningAlgorithm[])(
  'release attestations signed with %s',
  (algorithm) => {
    it('are in-toto statements in a v0.3 bundle with a public-key hint, and verify', async () => {
      const key = await generateSigningKey(algorithm);
      const bundle = await signReleaseAttestation(releaseInput(), key, {
        signedAt: new Date('2026-01-02T04:00:00Z'),
      });
      const json = JSON.parse(JSON.stringify(bundle));
      expect(json.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      expect(json.verificationMaterial.publicKey.hint).toBe(key.keyId);
      expect(json.dsseEnvelope.signatures[0].keyid).toBe(key.keyId);

      const result = await verifyReleaseAttestation(json, [toPublicKeyInfo(key)], {
        name: 'io.github.acme/weather',
        version: '1.2.3',
      });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      if (!result.ok) return;
      expect(result.statement.predicateType).toBe(RELEASE_PREDICATE_TYPE);
      expect(result.statement.subject).toEqual([
        { name: 'mcpvet:release:io.github.acme/weather@1.2.3', digest: { sha256: 'a'.repeat(64) } },
        { name: 'pkg:npm/%40acme/weather@1.2.3', digest: { sha512: NPM_SHA512_HEX } },
        { name: 'ghcr.io/acme/weather', digest: { sha256: 'd'.repeat(64) } },
        { name: 'https://example.com/weather.mcpb', digest: { sha256: 'e'.repeat(64) } },
      ]);
      expect(result.statement.predicate).toMatchObject({
        status: 'approved',
        capabilityFingerprint: `sha256:${'b'.repeat(64)}`,
        assessment: { risk: 'low' },
        approver: 'tok_reviewer',
        signedAt: '2026-01-02T04:00:00.000Z',
      });
      expect(result.digest).toBe(await toAttestationDigest(json));
    });

    it('are accepted by @sigstore/verify and by mcpvet bundle verification with the registry key', async () => {
      const key = await generateSigningKey(algorithm);
      const json = JSON.parse(JSON.stringify(await signReleaseAttestation(releaseInput(), key)));
      expect(() => sigstoreVerify(json, key)).not.toThrow();
      const tampered = tamper(json, (s) => {
        (s.predicate as Record<string, unknown>).status = 'revoked';
      });
      expect(() => sigstoreVerify(tampered, key)).toThrow(/signature verification failed/);
      const der = Buffer.from(key.publicKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      const trustMaterial = toTrustMaterial(EMPTY_ROOT, {
        [key.keyId]: {
          rawBytes: der,
          keyDetails: PublicKeyDetails.PUBLIC_KEY_DETAILS_UNSPECIFIED,
          validFor: undefined,
        },
      });
      const options = { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 };
      expect(() => verifySignedBundle(parseBundle(json), { trustMaterial, options })).not.toThrow();
    });
  },
);

describe('release attestation tampering', () => {
  it('is detected, each with its own code, while the untampered baseline passes', async () => {
    const key = await generateSigningKey();
    const other = await generateSigningKey();
    const keys = [toPublicKeyInfo(key)];
    const weather = JSON.parse(JSON.stringify(await signReleaseAttestation(releaseInput(), key)));
    const expect123 = { name: 'io.github.acme/weather', version: '1.2.3' };
    expect((await verifyReleaseAttestation(weather, keys, expect123)).code).toBe('verified');

    // a bundle swapped between releases: validly signed, but for 1.2.2
    const older = JSON.parse(
      JSON.stringify(
        await signReleaseAttestation(
          releaseInput({ server: { name: 'io.github.acme/weather', version: '1.2.2' } }),
          key,
        ),
      ),
    );
    expect((await verifyReleaseAttestation(older, keys, expect123)).code).toBe(
      'attestation_subject_mismatch',
    );
    expect(
      (
        await verifyReleaseAttestation(weather, keys, {
          ...expect123,
          releaseDigest: `sha256:${'f'.repeat(64)}`,
        })
      ).code,
    ).toBe('attestation_subject_mismatch');

    const edited = tamper(weather, (s) => {
      (s.predicate as Record<string, unknown>).status = 'approved ';
    });
    expect((await verifyReleaseAttestation(edited, keys, expect123)).code).toBe('signature_invalid');

    const byOther = JSON.parse(JSON.stringify(await signReleaseAttestation(releaseInput(), other)));
    expect((await verifyReleaseAttestation(byOther, keys, expect123)).code).toBe('signing_key_unknown');

    // relabelling another key's bundle with the trusted key's hint does not help
    const relabelled = structuredClone(byOther);
    relabelled.verificationMaterial.publicKey.hint = key.keyId;
    relabelled.dsseEnvelope.signatures[0].keyid = key.keyId;
    expect((await verifyReleaseAttestation(relabelled, keys, expect123)).code).toBe('signature_invalid');

    expect((await verifyReleaseAttestation({ ...weather, mediaType: 'x' }, keys)).code).toBe(
      'attestation_unsupported',
    );
    expect((await verifyReleaseAttestation({}, keys)).code).toBe('attestation_malformed');
  });
});
