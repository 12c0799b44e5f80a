import { constants, type KeyObject, publicDecrypt } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist';

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;

// DER DigestInfo prefixes (RFC 8017 §9.2 note 1): what an RSA PKCS#1 v1.5 signature wraps around the hash.
const DIGEST_INFO: Record<DigestAlgorithm, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440',
};

/**
 * Verify a signature over an artifact when only the artifact's digest is known. node:crypto and Web Crypto
 * both hash their input, so ECDSA goes through @noble/curves with the digest as the message hash; RSA
 * PKCS#1 v1.5 is recovered with the public key and compared. Ed25519 signs the message itself, not a
 * hash, so it cannot be checked from a digest: false (fail closed).
 */
export function verifyPrehashed(
  key: KeyObject,
  digest: Uint8Array,
  signature: Uint8Array,
  algorithm: DigestAlgorithm,
): boolean {
  try {
    if (key.asymmetricKeyType === 'ec') {
      const jwk = key.export({ format: 'jwk' });
      const curve = CURVES[jwk.crv as keyof typeof CURVES];
      if (!curve || jwk.x === undefined || jwk.y === undefined) return false;
      const point = Buffer.concat([
        Buffer.from([4]),
        Buffer.from(jwk.x, 'base64url'),
        Buffer.from(jwk.y, 'base64url'),
      ]);
      return curve.verify(signature, digest, point, { prehash: false, lowS: false, format: 'der' });
    }
    if (key.asymmetricKeyType === 'rsa') {
      const recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
      const expected = Buffer.concat([Buffer.from(DIGEST_INFO[algorithm], 'hex'), digest]);
      return recovered.equals(expected);
    }
    return false;
  } catch {
    return false;
  }
}
