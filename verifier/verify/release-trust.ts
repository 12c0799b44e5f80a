import { toSurfaceFingerprint } from '../../registry/fingerprint/index.js';
import type { ReleaseRecord } from '../../registry/records/index.js';
import { toDigest } from '../../registry/records/index.js';
import {
  type ReleaseStatement,
  type RootDocument,
  type SnapshotDocument,
  toPackageSubject,
} from '../../registry/signing/index.js';
import type { CheckResult } from '../checks/index.js';
import { checkAttestationInSnapshot, type TrustFailure, verifyAttestationWithRoot } from '../trust/index.js';

/** A release attestation that verified under the root and matches the snapshot. */
export interface VerifiedAttestation {
  bundle: unknown;
  digest: string;
  keyId: string;
  statement: ReleaseStatement;
}

export interface ReleaseTrustInput {
  /** What the registry's JSON record (or a lock entry) says about the release. */
  record: Pick<
    ReleaseRecord,
    'name' | 'version' | 'status' | 'statusReason' | 'release' | 'releaseDigest' | 'assessment'
  > & { attestationDigest?: string };
  /** The attestation bundle served for it; null when the registry had none. */
  bundle: unknown;
  root: RootDocument;
  /** A snapshot that already passed checkSnapshot. */
  snapshot: SnapshotDocument;
  now: Date;
  /**
   * Compares what the caller holds with the verified attestation; default: the registry's record
   * (compareRecordWithAttestation). A lock entry is compared by the lock's own rules.
   */
  compare?: (attestation: VerifiedAttestation) => Promise<CheckResult[]>;
}

export interface ReleaseTrustResult {
  results: CheckResult[];
  attestation?: VerifiedAttestation;
}

/** A trust failure as a finding; a validly signed bundle for another release gets its own code. */
export function toTrustResult(failure: TrustFailure, extra: Record<string, unknown> = {}): CheckResult {
  const swapped =
    failure.code === 'attestation_invalid' && failure.evidence.check === 'attestation_subject_mismatch';
  return {
    code: swapped ? 'attestation_subject_mismatch' : failure.code,
    severity: failure.severity,
    message: failure.message,
    evidence: { ...failure.evidence, ...extra },
  };
}

function same(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/**
 * What the record claims against what the registry signed: the status (and its reason), the release
 * document's digest (recomputed here, not read from the record), every artifact digest, the capability
 * fingerprint and the assessment. A row edited behind the registry's back (a revoked release flipped to
 * approved in SQL, an assessment rewritten) disagrees with the attestation signed at the event.
 */
export async function compareRecordWithAttestation(
  record: ReleaseTrustInput['record'],
  attestation: Pick<VerifiedAttestation, 'statement' | 'digest'>,
): Promise<CheckResult[]> {
  const predicate = attestation.statement.predicate;
  const where = `${record.name}@${record.version}`;
  const base = { server: record.name, version: record.version, attestationDigest: attestation.digest };
  const out: CheckResult[] = [];

  if (record.status !== predicate.status || !same(record.statusReason, predicate.statusReason)) {
    out.push({
      code: 'record_status_mismatch',
      severity: 'critical',
      message: `the registry's record says ${where} is ${record.status}, but its signed attestation says ${predicate.status}${predicate.statusReason ? ` (${predicate.statusReason})` : ''}`,
      evidence: {
        ...base,
        record: { status: record.status, statusReason: record.statusReason ?? null },
        attested: { status: predicate.status, statusReason: predicate.statusReason ?? null },
      },
    });
  }

  const fields: Array<{ field: string; record: unknown; attested: unknown }> = [];
  const documentDigest = await toDigest(record.release);
  if (documentDigest !== predicate.releaseDigest) {
    fields.push({ field: 'release', record: documentDigest, attested: predicate.releaseDigest });
  }
  if (record.releaseDigest !== undefined && record.releaseDigest !== predicate.releaseDigest) {
    fields.push({ field: 'releaseDigest', record: record.releaseDigest, attested: predicate.releaseDigest });
  }
  const subjects = attestation.statement.subject;
  for (const pkg of record.release.packages ?? []) {
    const subject = toPackageSubject(pkg);
    if (subject === undefined) continue;
    const attested = subjects.find((s) => s.name === subject.name);
    if (attested === undefined || JSON.stringify(attested.digest) !== JSON.stringify(subject.digest)) {
      fields.push({
        field: `packages[${pkg.identifier}].digest`,
        record: subject.digest,
        attested: attested?.digest ?? null,
      });
    }
  }
  // The registry attests its own fingerprint of the declared surface, never the publisher's claim.
  const declared = record.release.capabilities;
  const fingerprint = declared === undefined ? undefined : await toSurfaceFingerprint(declared);
  if (!same(fingerprint, predicate.capabilityFingerprint)) {
    fields.push({
      field: 'capabilityFingerprint',
      record: fingerprint ?? null,
      attested: predicate.capabilityFingerprint ?? null,
    });
  }
  if (record.attestationDigest !== undefined && record.attestationDigest !== attestation.digest) {
    fields.push({
      field: 'attestationDigest',
      record: record.attestationDigest,
      attested: attestation.digest,
    });
  }
  if (fields.length > 0) {
    out.push({
      code: 'record_digest_mismatch',
      severity: 'critical',
      message: `the registry's record of ${where} differs from what it attested: ${fields.map((f) => f.field).join(', ')}`,
      evidence: { ...base, fields },
    });
  }

  const recorded = record.assessment;
  const attested = predicate.assessment;
  if (
    !same(recorded?.digest, attested?.digest) ||
    !same(recorded?.risk, attested?.risk) ||
    !same(recorded?.verdict, attested?.verdict)
  ) {
    out.push({
      code: 'record_assessment_mismatch',
      severity: 'critical',
      message: `the registry's record gives ${where} the assessment ${recorded ? `${recorded.risk}/${recorded.verdict ?? '-'}` : 'none'}, its signed attestation ${attested ? `${attested.risk}/${attested.verdict ?? '-'}` : 'none'}`,
      evidence: {
        ...base,
        record: recorded
          ? { digest: recorded.digest, risk: recorded.risk, verdict: recorded.verdict ?? null }
          : null,
        attested: attested ?? null,
      },
    });
  }
  return out;
}

/**
 * Verify one release the verifier is about to rely on: its attestation under the trusted root (key role,
 * window, signature, subject), the attestation against the checked snapshot (mix-and-match), then the
 * record against the attestation. Pure: every input is already fetched.
 */
export async function checkReleaseTrust(input: ReleaseTrustInput): Promise<ReleaseTrustResult> {
  const { record, bundle } = input;
  const where = { server: record.name, version: record.version };
  if (bundle === null || bundle === undefined) {
    return {
      results: [
        {
          code: 'attestation_missing',
          severity: 'critical',
          message: `the registry has no signed attestation for ${record.name}@${record.version}, so its record cannot be verified`,
          evidence: where,
        },
      ],
    };
  }
  const verified = await verifyAttestationWithRoot(
    bundle,
    input.root,
    { name: record.name, version: record.version },
    input.now,
  );
  if (!verified.ok) return { results: [toTrustResult(verified, where)] };
  const { statement, digest, keyId } = verified;
  const predicate = statement.predicate;
  const inSnapshot = checkAttestationInSnapshot(
    {
      name: predicate.server.name,
      version: predicate.server.version,
      status: predicate.status,
      releaseDigest: predicate.releaseDigest,
      attestationDigest: digest,
      ...(predicate.capabilityFingerprint === undefined
        ? {}
        : { capabilityFingerprint: predicate.capabilityFingerprint }),
    },
    input.snapshot,
  );
  const results: CheckResult[] = [];
  if (!inSnapshot.ok) results.push(toTrustResult(inSnapshot, where));
  const attestation: VerifiedAttestation = { bundle, digest, keyId, statement };
  results.push(
    ...(await (input.compare ?? ((a: VerifiedAttestation) => compareRecordWithAttestation(record, a)))(
      attestation,
    )),
  );
  return { results, attestation };
}
