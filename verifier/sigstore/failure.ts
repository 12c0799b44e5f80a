/** Why a Sigstore bundle did not verify: one stable code per kind of failure. */
export type BundleCheckCode =
  | 'bundle_malformed'
  | 'bundle_unsupported'
  | 'trusted_root_invalid'
  | 'key_invalid'
  | 'artifact_mismatch'
  | 'certificate_invalid'
  | 'identity_mismatch'
  | 'public_key_invalid'
  | 'signature_invalid'
  | 'tlog_invalid'
  | 'timestamp_invalid';

/** Thrown inside the bundle checks and turned into a result at the public edge (verifyBundle). */
export class BundleCheckFailure extends Error {
  override readonly name = 'BundleCheckFailure';
  readonly code: BundleCheckCode;
  readonly evidence: unknown;

  constructor(code: BundleCheckCode, message: string, evidence?: unknown) {
    super(message);
    this.code = code;
    this.evidence = evidence;
  }
}

// @sigstore/verify's error codes, mapped onto ours so callers never depend on the library's names.
const LIBRARY_CODES: Record<string, BundleCheckCode> = {
  TLOG_ERROR: 'tlog_invalid',
  TLOG_INCLUSION_PROOF_ERROR: 'tlog_invalid',
  TLOG_INCLUSION_PROMISE_ERROR: 'tlog_invalid',
  TLOG_MISSING_INCLUSION_ERROR: 'tlog_invalid',
  TLOG_BODY_ERROR: 'tlog_invalid',
  CERTIFICATE_ERROR: 'certificate_invalid',
  PUBLIC_KEY_ERROR: 'public_key_invalid',
  SIGNATURE_ERROR: 'signature_invalid',
  TIMESTAMP_ERROR: 'timestamp_invalid',
  UNTRUSTED_SIGNER_ERROR: 'identity_mismatch',
  NOT_IMPLEMENTED_ERROR: 'bundle_unsupported',
};

/** Any error out of bundle parsing or verification as a BundleCheckFailure; unknown errors fail closed. */
export function toBundleCheckFailure(error: unknown): BundleCheckFailure {
  if (error instanceof BundleCheckFailure) return error;
  const err = error as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(error);
  const code = typeof err?.code === 'string' ? LIBRARY_CODES[err.code] : undefined;
  if (code !== undefined) {
    const cause = (err.cause as { message?: unknown } | undefined)?.message;
    return new BundleCheckFailure(code, typeof cause === 'string' ? `${message}: ${cause}` : message);
  }
  // ValidationError from @sigstore/bundle, JSON/base64/ASN.1 parse errors, or a library crash on a
  // structurally odd bundle: all mean the bundle could not be read as a valid bundle.
  return new BundleCheckFailure('bundle_malformed', `bundle is malformed: ${message}`);
}
