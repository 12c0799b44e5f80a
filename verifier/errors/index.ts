/**
 * The verifier layer's one error class. Codes form a closed union; the CLI maps each to an exit code
 * (see EXIT_CODES) so scripts and CI can tell a policy failure from a usage error from a trust failure.
 */
export type VerifierErrorCode =
  | 'usage'
  | 'config_invalid'
  | 'file_not_found'
  | 'io_error'
  | 'registry_unreachable'
  | 'registry_error'
  | 'registry_rejected'
  | 'trust_failure'
  | 'signature_invalid'
  | 'not_verified'
  | 'log_fork'
  | 'log_inconsistent'
  | 'root_invalid'
  | 'root_signature_invalid'
  | 'root_rotation_invalid'
  | 'root_expired'
  | 'signing_key_revoked'
  | 'signing_key_expired'
  | 'snapshot_invalid'
  | 'snapshot_rollback'
  | 'snapshot_expired'
  | 'snapshot_mismatch'
  | 'attestation_invalid'
  | 'trust_unverified'
  | 'record_mismatch'
  | 'lock_invalid'
  | 'lock_mismatch'
  | 'package_fetch_failed'
  | 'integrity_mismatch'
  | 'server_failed'
  | 'timeout'
  | 'protocol_error'
  | 'policy_violation'
  | 'internal';

/** 0 pass, 1 policy violations, 2 usage or config error, 3 trust could not be established. */
export const EXIT_CODES: Record<VerifierErrorCode, number> = {
  usage: 2,
  config_invalid: 2,
  file_not_found: 2,
  io_error: 2,
  registry_unreachable: 3,
  registry_error: 3,
  registry_rejected: 2,
  trust_failure: 3,
  signature_invalid: 3,
  not_verified: 3,
  log_fork: 3,
  log_inconsistent: 3,
  root_invalid: 3,
  root_signature_invalid: 3,
  root_rotation_invalid: 3,
  root_expired: 3,
  signing_key_revoked: 3,
  signing_key_expired: 3,
  snapshot_invalid: 3,
  snapshot_rollback: 3,
  snapshot_expired: 3,
  snapshot_mismatch: 3,
  attestation_invalid: 3,
  trust_unverified: 3,
  record_mismatch: 3,
  lock_invalid: 2,
  lock_mismatch: 3,
  package_fetch_failed: 3,
  integrity_mismatch: 1,
  server_failed: 1,
  timeout: 1,
  protocol_error: 1,
  policy_violation: 1,
  internal: 2,
};

export class VerifierError extends Error {
  override readonly name = 'VerifierError';
  readonly code: VerifierErrorCode;
  readonly details: unknown;

  constructor(
    code: VerifierErrorCode,
    message: string,
    options: { details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

export function isVerifierError(value: unknown): value is VerifierError {
  return value instanceof VerifierError;
}
