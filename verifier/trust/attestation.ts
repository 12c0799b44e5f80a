import {
  type ReleaseStatement,
  type RootDocument,
  verifyReleaseAttestation,
} from '../../registry/signing/index.js';
import { CLOCK_SKEW_MS, type TrustFailure, trustFailure } from './result.js';
import { selectSigningKey } from './signing-keys.js';

export type AttestationCheck =
  | {
      ok: true;
      code: 'verified';
      statement: ReleaseStatement;
      digest: string;
      keyId: string;
    }
  | TrustFailure;

/**
 * Verify a registry release attestation under the trusted root: the key must be an attestation key of
 * that root (a key removed by rotation is revoked) whose window contains the statement's signing time,
 * which may not lie in the future. Old attestations by a since-expired key stay valid; the snapshot
 * check is what keeps a stale or backdated one from being used (checkAttestationInSnapshot).
 */
export async function verifyAttestationWithRoot(
  bundle: unknown,
  root: RootDocument,
  expect: { name: string; version: string; releaseDigest?: string },
  now: Date,
): Promise<AttestationCheck> {
  const hint = (bundle as { verificationMaterial?: { publicKey?: { hint?: unknown } } })?.verificationMaterial
    ?.publicKey?.hint;
  if (typeof hint !== 'string')
    return trustFailure('attestation_invalid', 'the attestation names no signing key');
  const known = root.signingKeys.find((k) => k.keyId === hint && k.role === 'attestation');
  if (known === undefined) return selectSigningKey(root, 'attestation', now, hint) as TrustFailure;
  const result = await verifyReleaseAttestation(bundle, [known], expect);
  if (!result.ok) {
    return trustFailure('attestation_invalid', result.message, { check: result.code, keyId: result.keyId });
  }
  const signedAt = new Date(result.statement.predicate.signedAt);
  if (Number.isNaN(signedAt.getTime()) || signedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return trustFailure(
      'attestation_invalid',
      `the attestation is dated ${result.statement.predicate.signedAt}`,
      {
        check: 'signed_in_future',
      },
    );
  }
  const selection = selectSigningKey(root, 'attestation', signedAt, hint);
  if (!selection.ok) return selection;
  return { ok: true, code: 'verified', statement: result.statement, digest: result.digest, keyId: hint };
}
