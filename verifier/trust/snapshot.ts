import {
  importKeys,
  type RootDocument,
  type SignedSnapshot,
  SNAPSHOT_PAYLOAD_TYPE,
  type SnapshotDocument,
  type SnapshotRelease,
  validSignatureKeyIds,
} from '../../registry/signing/index.js';
import { CLOCK_SKEW_MS, type TrustFailure, trustFailure } from './result.js';
import { selectSigningKey } from './signing-keys.js';

export type SnapshotCheck =
  | { ok: true; code: 'verified'; snapshot: SnapshotDocument; keyId: string }
  | TrustFailure;

function shapeProblems(snapshot: unknown): string[] {
  const s = (snapshot as { signed?: Partial<SnapshotDocument> })?.signed;
  const problems: string[] = [];
  if (typeof s !== 'object' || s === null) return ['not a signed snapshot'];
  if (s._type !== 'mcpvet/snapshot' || s.specVersion !== 1)
    problems.push('not an mcpvet snapshot (specVersion 1)');
  if (!Number.isSafeInteger(s.version) || (s.version as number) < 1)
    problems.push('version must be a positive integer');
  for (const field of ['timestamp', 'expires'] as const) {
    if (typeof s[field] !== 'string' || Number.isNaN(Date.parse(s[field] as string)))
      problems.push(`${field} is not a date`);
  }
  if (!Array.isArray(s.releases)) problems.push('releases is missing');
  if (!Array.isArray((snapshot as { signatures?: unknown }).signatures))
    problems.push('signatures is missing');
  return problems;
}

/**
 * Check a signed snapshot against the trusted root: signed by a snapshot key of that root whose window
 * contains both the snapshot's timestamp and now; not older than the last version this client saw
 * (rollback); not expired (freeze). Checks run in that order, so an unsigned document is never judged
 * on what it claims.
 */
export async function checkSnapshot(
  snapshot: SignedSnapshot,
  root: RootDocument,
  lastSeenVersion: number | undefined,
  now: Date,
): Promise<SnapshotCheck> {
  const problems = shapeProblems(snapshot);
  if (problems.length > 0)
    return trustFailure('snapshot_invalid', `snapshot is malformed: ${problems.join('; ')}`, { problems });
  const s = snapshot.signed;
  if (s.registry !== root.registry)
    return trustFailure('snapshot_invalid', `the snapshot is for ${s.registry}, not ${root.registry}`);

  const known = root.signingKeys.filter((k) => k.role === 'snapshot');
  const claimed = snapshot.signatures.map((sig) => sig?.keyid);
  if (!claimed.some((id) => known.some((k) => k.keyId === id))) {
    return trustFailure(
      'signing_key_revoked',
      `the snapshot is not signed by a snapshot key of root v${root.version}`,
      {
        keyIds: claimed,
      },
    );
  }
  const verified = await validSignatureKeyIds(SNAPSHOT_PAYLOAD_TYPE, snapshot, await importKeys(known));
  const keyId = verified[0];
  if (keyId === undefined)
    return trustFailure('signature_invalid', `snapshot v${s.version}: no valid signature by a snapshot key`);
  const timestamp = new Date(s.timestamp);
  if (timestamp.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return trustFailure('snapshot_invalid', `snapshot v${s.version} is dated in the future (${s.timestamp})`);
  }
  for (const time of [timestamp, now]) {
    const selection = selectSigningKey(root, 'snapshot', time, keyId);
    if (!selection.ok) return selection;
  }
  if (lastSeenVersion !== undefined && s.version < lastSeenVersion) {
    return trustFailure(
      'snapshot_rollback',
      `snapshot v${s.version} is older than v${lastSeenVersion}, already seen`,
      {
        version: s.version,
        lastSeenVersion,
      },
    );
  }
  if (Date.parse(s.expires) <= now.getTime()) {
    return trustFailure(
      'snapshot_expired',
      `snapshot v${s.version} expired at ${s.expires}: the registry view may be frozen`,
      {
        version: s.version,
        expires: s.expires,
      },
    );
  }
  return { ok: true, code: 'verified', snapshot: s, keyId };
}

/** What an attestation says about a release, to compare with the snapshot. */
export interface AttestedRelease {
  name: string;
  version: string;
  status: string;
  capabilityFingerprint?: string;
  releaseDigest: string;
  /** sha256 of the attestation statement (toAttestationDigest / verifyReleaseAttestation's digest). */
  attestationDigest: string;
}

export type SnapshotMatch = { ok: true; code: 'verified'; release: SnapshotRelease } | TrustFailure;

/**
 * Mix-and-match check: the attestation a client holds must be the one the (checked) snapshot lists for
 * that release, with the same status, release digest and capability fingerprint. An old but validly
 * signed attestation (approved, before a revocation) fails here.
 */
export function checkAttestationInSnapshot(
  attested: AttestedRelease,
  snapshot: SnapshotDocument,
): SnapshotMatch {
  const entry = snapshot.releases.find((r) => r.name === attested.name && r.version === attested.version);
  const where = `${attested.name}@${attested.version}`;
  if (entry === undefined) {
    return trustFailure('snapshot_mismatch', `${where} is not in snapshot v${snapshot.version}`);
  }
  const differences: string[] = [];
  if (entry.attestationDigest !== attested.attestationDigest) differences.push('attestation digest');
  if (entry.status !== attested.status)
    differences.push(`status (${attested.status} attested, ${entry.status} in snapshot)`);
  if (entry.releaseDigest !== attested.releaseDigest) differences.push('release digest');
  if ((entry.capabilityFingerprint ?? null) !== (attested.capabilityFingerprint ?? null))
    differences.push('capability fingerprint');
  if (differences.length > 0) {
    return trustFailure(
      'snapshot_mismatch',
      `${where}: attestation and snapshot v${snapshot.version} disagree on ${differences.join(', ')}`,
      {
        differences,
        snapshot: entry,
      },
    );
  }
  return { ok: true, code: 'verified', release: entry };
}
