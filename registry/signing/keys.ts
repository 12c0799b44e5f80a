import { sha256Hex } from '../records/digest.js';
import { derToP1363, fromPem, p1363ToDer, toPem } from './encoding.js';

/** The two key types mcpvet signs with; both are in Web Crypto on Node and on Workers. */
export type SigningAlgorithm = 'ed25519' | 'ecdsa-p256';

/** A public key as it is written into root.json and bundles: id, algorithm, SPKI PEM. */
export interface PublicKeyInfo {
  keyId: string;
  algorithm: SigningAlgorithm;
  publicKeyPem: string;
}

export interface VerificationKey extends PublicKeyInfo {
  publicKey: CryptoKey;
}

export interface SigningKey extends VerificationKey {
  privateKey: CryptoKey;
}

const PARAMS: Record<
  SigningAlgorithm,
  { generate: EcKeyGenParams | Algorithm; sign: EcdsaParams | Algorithm }
> = {
  ed25519: { generate: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
  'ecdsa-p256': {
    generate: { name: 'ECDSA', namedCurve: 'P-256' },
    sign: { name: 'ECDSA', hash: 'SHA-256' },
  },
};

// Algorithm identifiers as they appear in SPKI / PKCS#8 DER: id-Ed25519, and id-ecPublicKey + prime256v1.
const ED25519_OID = '06032b6570';
const EC_OID = '06072a8648ce3d0201';
const P256_OID = '06082a8648ce3d030107';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function algorithmOf(der: Uint8Array): SigningAlgorithm {
  const head = hex(der.subarray(0, 40));
  if (head.includes(ED25519_OID)) return 'ed25519';
  if (head.includes(EC_OID) && head.includes(P256_OID)) return 'ecdsa-p256';
  throw new Error('unsupported key: only Ed25519 and ECDSA P-256 keys are accepted');
}

/** Key id: SHA-256 (hex) of the DER SubjectPublicKeyInfo, so the id is bound to the key bytes. */
export async function toKeyId(spki: Uint8Array): Promise<string> {
  return sha256Hex(spki);
}

async function describe(publicKey: CryptoKey, algorithm: SigningAlgorithm): Promise<PublicKeyInfo> {
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  return { keyId: await toKeyId(spki), algorithm, publicKeyPem: toPem('PUBLIC KEY', spki) };
}

export async function generateSigningKey(algorithm: SigningAlgorithm = 'ed25519'): Promise<SigningKey> {
  const pair = (await crypto.subtle.generateKey(PARAMS[algorithm].generate, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  return {
    ...(await describe(pair.publicKey, algorithm)),
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
  };
}

/** Import a PKCS#8 PEM private key (Ed25519 or ECDSA P-256); the public half comes from its JWK. */
export async function importSigningKey(pem: string): Promise<SigningKey> {
  const der = fromPem(pem, 'PRIVATE KEY');
  const algorithm = algorithmOf(der);
  const params = PARAMS[algorithm].generate;
  const privateKey = await crypto.subtle.importKey('pkcs8', der as BufferSource, params, true, ['sign']);
  const { d: _d, key_ops: _ops, ...jwk } = (await crypto.subtle.exportKey('jwk', privateKey)) as JsonWebKey;
  const publicKey = await crypto.subtle.importKey('jwk', { ...jwk, key_ops: ['verify'] }, params, true, [
    'verify',
  ]);
  return { ...(await describe(publicKey, algorithm)), publicKey, privateKey };
}

export async function exportSigningKey(key: SigningKey): Promise<string> {
  return toPem('PRIVATE KEY', new Uint8Array(await crypto.subtle.exportKey('pkcs8', key.privateKey)));
}

/** Import an SPKI PEM public key; when `keyId` is given it must be the key's own id. */
export async function importPublicKey(pem: string, keyId?: string): Promise<VerificationKey> {
  const der = fromPem(pem, 'PUBLIC KEY');
  const algorithm = algorithmOf(der);
  const publicKey = await crypto.subtle.importKey(
    'spki',
    der as BufferSource,
    PARAMS[algorithm].generate,
    true,
    ['verify'],
  );
  const info = await describe(publicKey, algorithm);
  if (keyId !== undefined && keyId !== info.keyId)
    throw new Error(`key id ${keyId} does not belong to this key`);
  return { ...info, publicKey };
}

/** Sign bytes; ECDSA signatures come out DER-encoded, as Sigstore and node:crypto expect them. */
export async function signBytes(key: SigningKey, data: Uint8Array): Promise<Uint8Array> {
  const raw = new Uint8Array(
    await crypto.subtle.sign(PARAMS[key.algorithm].sign, key.privateKey, data as BufferSource),
  );
  return key.algorithm === 'ecdsa-p256' ? p1363ToDer(raw) : raw;
}

export async function verifyBytes(
  key: VerificationKey,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const raw = key.algorithm === 'ecdsa-p256' ? derToP1363(signature, 32) : signature;
  if (raw === undefined) return false;
  try {
    return await crypto.subtle.verify(
      PARAMS[key.algorithm].sign,
      key.publicKey,
      raw as BufferSource,
      data as BufferSource,
    );
  } catch {
    return false;
  }
}

/** The serializable part of a key (what root.json and clients carry). */
export function toPublicKeyInfo(key: PublicKeyInfo): PublicKeyInfo {
  return { keyId: key.keyId, algorithm: key.algorithm, publicKeyPem: key.publicKeyPem };
}
