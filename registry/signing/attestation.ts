// Type-only import: erased at build time. @sigstore/bundle's runtime (bundleToJSON via protobuf-specs)
// calls the global Buffer, which Workers lack without nodejs_compat, and @sigstore/sign pulls in
// make-fetch-happen, http2, os and node:crypto (through @sigstore/core). So the registry writes the
// bundle's JSON form itself, typed against @sigstore/bundle, and signs the PAE with Web Crypto.
import type { SerializedBundle } from '@sigstore/bundle';
import { sha256Hex } from '../records/digest.js';
import { toCanonicalJson } from '../records/index.js';
import { signEnvelope, verifyDsseSignature } from './dsse.js';
import { fromBase64, fromUtf8, utf8 } from './encoding.js';
import { importPublicKey, type PublicKeyInfo, type SigningKey, type VerificationKey } from './keys.js';
import {
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_V1,
  RELEASE_PREDICATE_TYPE,
  type ReleaseAttestationInput,
  type ReleaseStatement,
  toReleaseStatement,
  toReleaseSubjectName,
} from './statement.js';

export const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const BUNDLE_V03_MEDIA_TYPES = new Set([
  BUNDLE_V03_MEDIA_TYPE,
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
]);

export type ReleaseAttestationCode =
  | 'attestation_malformed'
  | 'attestation_unsupported'
  | 'signing_key_unknown'
  | 'signature_invalid'
  | 'attestation_subject_mismatch';

export type ReleaseAttestationCheck =
  | { ok: true; code: 'verified'; keyId: string; statement: ReleaseStatement; digest: string }
  | { ok: false; code: ReleaseAttestationCode; message: string; keyId?: string };

/**
 * Sign the registry's release attestation: an in-toto Statement v1 (subjects: the release document and
 * each package artifact; predicate: the status decision) in a DSSE envelope, wrapped in a Sigstore
 * bundle v0.3 whose verification material is a public-key hint (the key id). Canonical JSON payload,
 * so the same decision always has the same bytes and attestation digest.
 */
export async function signReleaseAttestation(
  input: ReleaseAttestationInput,
  key: SigningKey,
  options: { signedAt?: Date } = {},
): Promise<SerializedBundle> {
  const statement = toReleaseStatement(input, (options.signedAt ?? new Date()).toISOString());
  const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, utf8(toCanonicalJson(statement)), key);
  const bundle: SerializedBundle = {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: {
      publicKey: { hint: key.keyId },
      // OneOf in SerializedBundle spells the other alternatives out; JSON drops them.
      certificate: undefined,
      x509CertificateChain: undefined,
      tlogEntries: [],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    dsseEnvelope: envelope,
    messageSignature: undefined,
  };
  return bundle;
}

/** sha256:<hex> of the attested statement bytes: what a snapshot lists for the release. */
export async function toAttestationDigest(bundle: unknown): Promise<string> {
  const payload = (bundle as { dsseEnvelope?: { payload?: unknown } })?.dsseEnvelope?.payload;
  if (typeof payload !== 'string') throw new Error('not a DSSE bundle');
  return `sha256:${await sha256Hex(fromBase64(payload))}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function toKeys(keys: ReadonlyArray<PublicKeyInfo | VerificationKey>): Promise<VerificationKey[]> {
  return Promise.all(keys.map((k) => ('publicKey' in k ? k : importPublicKey(k.publicKeyPem, k.keyId))));
}

function checkStatement(statement: unknown): statement is ReleaseStatement {
  if (!isObject(statement) || statement._type !== IN_TOTO_STATEMENT_V1) return false;
  if (!Array.isArray(statement.subject) || statement.subject.length === 0) return false;
  const predicate = statement.predicate;
  return (
    isObject(predicate) &&
    isObject(predicate.server) &&
    typeof predicate.server.name === 'string' &&
    typeof predicate.server.version === 'string' &&
    typeof predicate.status === 'string' &&
    typeof predicate.releaseDigest === 'string' &&
    typeof predicate.signedAt === 'string'
  );
}

/**
 * Verify a release attestation bundle against the keys the caller trusts (normally the root's
 * attestation keys valid at the statement's time). With `expect`, the attestation must be for that
 * release: a bundle swapped in from another release fails with attestation_subject_mismatch.
 */
export async function verifyReleaseAttestation(
  bundle: unknown,
  trustedKeys: ReadonlyArray<PublicKeyInfo | VerificationKey>,
  expect?: { name: string; version: string; releaseDigest?: string },
): Promise<ReleaseAttestationCheck> {
  const fail = (code: ReleaseAttestationCode, message: string, keyId?: string): ReleaseAttestationCheck =>
    keyId === undefined ? { ok: false, code, message } : { ok: false, code, message, keyId };
  if (!isObject(bundle) || !isObject(bundle.verificationMaterial) || !isObject(bundle.dsseEnvelope)) {
    return fail('attestation_malformed', 'not a Sigstore bundle with a DSSE envelope');
  }
  if (typeof bundle.mediaType !== 'string' || !BUNDLE_V03_MEDIA_TYPES.has(bundle.mediaType)) {
    return fail('attestation_unsupported', `unsupported bundle media type ${String(bundle.mediaType)}`);
  }
  const hint = isObject(bundle.verificationMaterial.publicKey)
    ? bundle.verificationMaterial.publicKey.hint
    : undefined;
  const envelope = bundle.dsseEnvelope;
  const signatures = Array.isArray(envelope.signatures) ? envelope.signatures : [];
  const signature = signatures[0] as { keyid?: unknown; sig?: unknown } | undefined;
  if (typeof hint !== 'string' || signatures.length !== 1 || typeof signature?.sig !== 'string') {
    return fail('attestation_malformed', 'a registry attestation has one signature and a public-key hint');
  }
  if (signature.keyid !== undefined && signature.keyid !== '' && signature.keyid !== hint) {
    return fail('attestation_malformed', 'the signature keyid differs from the key hint', hint);
  }
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE || typeof envelope.payload !== 'string') {
    return fail('attestation_unsupported', `unsupported payload type ${String(envelope.payloadType)}`, hint);
  }
  let payload: Uint8Array;
  try {
    payload = fromBase64(envelope.payload);
  } catch {
    return fail('attestation_malformed', 'the payload is not base64', hint);
  }
  let keys: VerificationKey[];
  try {
    keys = await toKeys(trustedKeys);
  } catch (error) {
    return fail('signing_key_unknown', `a trusted key is unusable: ${(error as Error).message}`, hint);
  }
  const key = keys.find((k) => k.keyId === hint);
  if (key === undefined) return fail('signing_key_unknown', `${hint} is not a trusted attestation key`, hint);
  if (!(await verifyDsseSignature(IN_TOTO_PAYLOAD_TYPE, payload, signature.sig, key))) {
    return fail('signature_invalid', 'the attestation signature does not verify', hint);
  }
  let statement: unknown;
  try {
    statement = JSON.parse(fromUtf8(payload));
  } catch {
    return fail('attestation_malformed', 'the payload is not JSON', hint);
  }
  if (!checkStatement(statement))
    return fail('attestation_malformed', 'the payload is not a release statement', hint);
  if (statement.predicateType !== RELEASE_PREDICATE_TYPE) {
    return fail(
      'attestation_unsupported',
      `unsupported predicate type ${String(statement.predicateType)}`,
      hint,
    );
  }
  const { server, releaseDigest } = statement.predicate;
  const own = statement.subject[0];
  if (
    own?.name !== toReleaseSubjectName(server.name, server.version) ||
    `sha256:${own.digest?.sha256}` !== releaseDigest
  ) {
    return fail(
      'attestation_malformed',
      'the first subject is not the release the predicate describes',
      hint,
    );
  }
  if (
    expect !== undefined &&
    (server.name !== expect.name ||
      server.version !== expect.version ||
      (expect.releaseDigest !== undefined && releaseDigest !== expect.releaseDigest))
  ) {
    return fail(
      'attestation_subject_mismatch',
      `the attestation is for ${server.name}@${server.version}, not ${expect.name}@${expect.version}`,
      hint,
    );
  }
  return { ok: true, code: 'verified', keyId: hint, statement, digest: `sha256:${await sha256Hex(payload)}` };
}
