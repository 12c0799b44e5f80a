import type { VerifierErrorCode } from '../errors/index.js';

/** The trust codes a check can fail with; each is also a VerifierErrorCode (exit 3). */
export type TrustCode = Extract<
  VerifierErrorCode,
  | 'root_invalid'
  | 'root_signature_invalid'
  | 'root_rotation_invalid'
  | 'root_expired'
  | 'signing_key_revoked'
  | 'signing_key_expired'
  | 'signature_invalid'
  | 'snapshot_invalid'
  | 'snapshot_rollback'
  | 'snapshot_expired'
  | 'snapshot_mismatch'
  | 'attestation_invalid'
>;

export interface TrustFailure {
  ok: false;
  code: TrustCode;
  severity: 'high' | 'critical';
  message: string;
  evidence: Record<string, unknown>;
}

export function trustFailure(
  code: TrustCode,
  message: string,
  evidence: Record<string, unknown> = {},
): TrustFailure {
  const severity = code === 'root_invalid' || code === 'snapshot_invalid' ? 'high' : 'critical';
  return { ok: false, code, severity, message, evidence };
}

/** Clock skew tolerated for "signed in the future" checks. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
