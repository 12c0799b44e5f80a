import { toCanonicalJson } from '../records/index.js';
import { signPae, verifyDsseSignature } from './dsse.js';
import { utf8 } from './encoding.js';
import type { SigningKey, VerificationKey } from './keys.js';

/** A TUF-style signed document: the canonical JSON of `signed`, signed under a per-kind payload type. */
export interface SignedDocument<T> {
  signed: T;
  signatures: Array<{ keyid: string; sig: string }>;
}

/** The bytes every signature over a document covers: RFC 8785 canonical JSON. */
export function toSignedBytes(document: unknown): Uint8Array {
  return utf8(toCanonicalJson(document));
}

/** Add signatures by `keys` (one per key id; re-signing replaces that key's old signature). */
export async function addSignatures<T>(
  payloadType: string,
  document: T | SignedDocument<T>,
  keys: readonly SigningKey[],
): Promise<SignedDocument<T>> {
  const base: SignedDocument<T> =
    typeof document === 'object' && document !== null && 'signed' in document && 'signatures' in document
      ? (document as SignedDocument<T>)
      : { signed: document as T, signatures: [] };
  const bytes = toSignedBytes(base.signed);
  const signatures = base.signatures.filter((s) => !keys.some((k) => k.keyId === s.keyid));
  // TUF-style documents carry `signed` as JSON, not a DSSE payload: only the signature is needed
  for (const key of keys) signatures.push(await signPae(payloadType, bytes, key));
  return { signed: base.signed, signatures };
}

/**
 * The key ids among `keys` whose signature over the document verifies. Each key counts once however
 * often it appears; signatures by keys not listed count for nothing.
 */
export async function validSignatureKeyIds<T>(
  payloadType: string,
  document: SignedDocument<T>,
  keys: readonly VerificationKey[],
): Promise<string[]> {
  if (!Array.isArray(document?.signatures)) return [];
  const bytes = toSignedBytes(document.signed);
  const valid = new Set<string>();
  for (const signature of document.signatures) {
    if (
      typeof signature?.keyid !== 'string' ||
      typeof signature.sig !== 'string' ||
      valid.has(signature.keyid)
    )
      continue;
    const key = keys.find((k) => k.keyId === signature.keyid);
    if (key !== undefined && (await verifyDsseSignature(payloadType, bytes, signature.sig, key)))
      valid.add(key.keyId);
  }
  return [...valid];
}
