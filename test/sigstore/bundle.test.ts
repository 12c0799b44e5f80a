import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { bundleToJSON, toMessageSignatureBundle } from '@sigstore/bundle';
import { describe, expect, it } from 'vitest';
import {
  loadPublicGoodTrustedRoot,
  parseBundle,
  parseTrustedRoot,
  toExactPattern,
  verifyBundle,
  verifyPrehashed,
} from '../../verifier/sigstore/index.js';

const ARTIFACT = Buffer.from('hello, mcpvet\n');
const sha = (alg: string, data: Buffer) => createHash(alg).update(data).digest();

function keyedBundle() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signature = sign('sha256', ARTIFACT, privateKey);
  const bundle = bundleToJSON(
    toMessageSignatureBundle({ digest: sha('sha256', ARTIFACT), signature, keyHint: 'k1' }),
  );
  return { bundle, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

describe('identity patterns', () => {
  const san = 'https://github.com/acme/tool/.github/workflows/release.yml@refs/tags/v1.0.0';

  it('match the identity exactly and nothing around it', () => {
    const pattern = new RegExp(toExactPattern(san));
    expect(pattern.test(san)).toBe(true);
    expect(pattern.test(`${san}-evil`)).toBe(false);
    expect(pattern.test(`https://evil.example/?${san}`)).toBe(false);
    expect(new RegExp(toExactPattern('https://github.com/acme/tool')).test(san)).toBe(false);
  });

  it('treat regular-expression characters literally', () => {
    expect(new RegExp(toExactPattern('.*')).test('anything')).toBe(false);
    expect(new RegExp(toExactPattern('a.b')).test('axb')).toBe(false);
    expect(new RegExp(toExactPattern('a.b')).test('a.b')).toBe(true);
  });
});

describe('prehashed verification (digest-only artifacts)', () => {
  it('verifies ECDSA P-256 and P-384 signatures from the digest alone', () => {
    for (const [curve, alg] of [
      ['P-256', 'sha256'],
      ['P-384', 'sha384'],
    ] as const) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const signature = sign(alg, ARTIFACT, privateKey);
      expect(verifyPrehashed(publicKey, sha(alg, ARTIFACT), signature, alg)).toBe(true);
      expect(verifyPrehashed(publicKey, sha(alg, Buffer.from('other')), signature, alg)).toBe(false);
    }
  });

  it('verifies RSA PKCS#1 v1.5 and refuses Ed25519, which signs the message, not a hash', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsaSig = sign('sha256', ARTIFACT, rsa.privateKey);
    expect(verifyPrehashed(rsa.publicKey, sha('sha256', ARTIFACT), rsaSig, 'sha256')).toBe(true);
    expect(verifyPrehashed(rsa.publicKey, sha('sha256', Buffer.from('x')), rsaSig, 'sha256')).toBe(false);
    const ed = generateKeyPairSync('ed25519');
    const edSig = sign(null, ARTIFACT, ed.privateKey);
    expect(verifyPrehashed(ed.publicKey, sha('sha256', ARTIFACT), edSig, 'sha256')).toBe(false);
  });
});

describe('bundle structure checks', () => {
  it('accept a well-formed keyed bundle', () => {
    expect(() => parseBundle(keyedBundle().bundle)).not.toThrow();
  });

  it('reject unknown media types, invalid base64, negative log indexes and multi-signature envelopes', () => {
    const { bundle } = keyedBundle();
    const cases: Array<[unknown, string]> = [
      [
        { ...bundle, mediaType: 'application/vnd.dev.sigstore.bundle+json;version=9.9' },
        'bundle_unsupported',
      ],
      [
        { ...bundle, messageSignature: { ...bundle.messageSignature, signature: 'not base64!!' } },
        'signature_invalid',
      ],
      [
        {
          ...bundle,
          messageSignature: {
            ...bundle.messageSignature,
            messageDigest: { algorithm: 'SHA2_256', digest: 'a*b=' },
          },
        },
        'bundle_malformed',
      ],
      [
        {
          ...bundle,
          verificationMaterial: {
            ...bundle.verificationMaterial,
            tlogEntries: [{ logIndex: '-1', integratedTime: '1', canonicalizedBody: '' }],
          },
        },
        'bundle_malformed',
      ],
      [
        {
          mediaType: bundle.mediaType,
          verificationMaterial: bundle.verificationMaterial,
          dsseEnvelope: {
            payload: 'e30=',
            payloadType: 'application/vnd.in-toto+json',
            signatures: [
              { sig: 'AA==', keyid: '' },
              { sig: 'AQ==', keyid: '' },
            ],
          },
        },
        'bundle_malformed',
      ],
      ['not an object', 'bundle_malformed'],
    ];
    for (const [json, code] of cases) {
      expect(() => parseBundle(json)).toThrow(expect.objectContaining({ code }));
    }
  });
});

describe('trusted roots', () => {
  it('load the public-good root shipped in @sigstore/tuf (offline)', () => {
    const root = loadPublicGoodTrustedRoot();
    expect(root.tlogs.some((t) => t.baseUrl === 'https://rekor.sigstore.dev')).toBe(true);
    expect(root.certificateAuthorities.length).toBeGreaterThan(0);
  });

  it('reject an authority without a validity start instead of trusting it forever', () => {
    const good = {
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [
        {
          baseUrl: 'https://log.example',
          hashAlgorithm: 'SHA2_256',
          publicKey: {
            rawBytes: 'AA==',
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            validFor: { start: '2024-01-01T00:00:00Z' },
          },
          logId: { keyId: 'AA==' },
        },
      ],
      certificateAuthorities: [],
      ctlogs: [],
      timestampAuthorities: [],
    };
    expect(() => parseTrustedRoot(good)).not.toThrow();
    const bad = {
      ...good,
      tlogs: good.tlogs.map((t) => ({ ...t, publicKey: { ...t.publicKey, validFor: {} } })),
    };
    expect(() => parseTrustedRoot(bad)).toThrow(expect.objectContaining({ code: 'trusted_root_invalid' }));
    expect(() => parseTrustedRoot({ ...good, mediaType: 'text/plain' })).toThrow(
      expect.objectContaining({ code: 'trusted_root_invalid' }),
    );
  });
});

describe('verifyBundle', () => {
  it('requires a transparency log entry: a correctly signed but unlogged bundle is not verified', () => {
    const { bundle, publicKeyPem } = keyedBundle();
    const result = verifyBundle({ bundle, artifact: { bytes: ARTIFACT }, signer: { publicKeyPem } });
    expect(result.ok).toBe(false);
    expect(result.code).toBe('timestamp_invalid');
  });

  it('refuses an identity check on a keyed bundle and a malformed key', () => {
    const { bundle } = keyedBundle();
    const byIdentity = verifyBundle({
      bundle,
      artifact: { bytes: ARTIFACT },
      signer: { identity: 'someone', issuer: 'https://issuer.example' },
    });
    expect(byIdentity.code).toBe('public_key_invalid');
    const badKey = verifyBundle({ bundle, artifact: { bytes: ARTIFACT }, signer: { publicKeyPem: 'nope' } });
    expect(badKey.code).toBe('key_invalid');
  });

  it('rejects a bundle whose digest hint is for another artifact', () => {
    const { bundle, publicKeyPem } = keyedBundle();
    const result = verifyBundle({
      bundle,
      artifact: { bytes: Buffer.from('other') },
      signer: { publicKeyPem },
    });
    expect(result.code).toBe('artifact_mismatch');
  });
});
