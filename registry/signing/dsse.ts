import { concatBytes, fromBase64, toBase64, utf8 } from './encoding.js';
import { type SigningKey, signBytes, type VerificationKey, verifyBytes } from './keys.js';

/** A DSSE envelope in its JSON form (payload and signatures base64). */
export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: Array<{ keyid: string; sig: string }>;
}

/**
 * DSSE v1 pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body, lengths in
 * bytes as ASCII decimal. Binding the type into the signed bytes keeps a signature over one kind of
 * document (root, snapshot, release statement) from being replayed as another.
 */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = utf8(payloadType);
  return concatBytes(utf8(`DSSEv1 ${type.length} `), type, utf8(` ${payload.length} `), payload);
}

export async function signEnvelope(
  payloadType: string,
  payload: Uint8Array,
  key: SigningKey,
): Promise<DsseEnvelope> {
  return { payloadType, payload: toBase64(payload), signatures: [await signPae(payloadType, payload, key)] };
}

/** One DSSE signature over PAE(payloadType, payload), without building the envelope's base64 payload. */
export async function signPae(
  payloadType: string,
  payload: Uint8Array,
  key: SigningKey,
): Promise<{ keyid: string; sig: string }> {
  const sig = await signBytes(key, preAuthEncoding(payloadType, payload));
  return { keyid: key.keyId, sig: toBase64(sig) };
}

/** Signature over PAE(payloadType, payload) by `key`; false on any malformed input. */
export async function verifyDsseSignature(
  payloadType: string,
  payload: Uint8Array,
  signature: string,
  key: VerificationKey,
): Promise<boolean> {
  let sig: Uint8Array;
  try {
    sig = fromBase64(signature);
  } catch {
    return false;
  }
  return verifyBytes(key, preAuthEncoding(payloadType, payload), sig);
}
