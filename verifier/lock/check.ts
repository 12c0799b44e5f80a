import { type Checkpoint, verifyCheckpoint } from '../../registry/log/index.js';
import { toDigest } from '../../registry/records/index.js';
import type { Lock, LockedServer } from '../../registry/records/types.generated.js';
import {
  type SignedRoot,
  type SignedSnapshot,
  type SnapshotDocument,
  toPackageSubject,
} from '../../registry/signing/index.js';
import type { CheckResult } from '../checks/index.js';
import { fileLogStateStore } from '../log/index.js';
import {
  CLOCK_SKEW_MS,
  checkSnapshot,
  type TrustFailure,
  verifyRootChain,
  writeTrustState,
} from '../trust/index.js';
import {
  checkLogInclusion,
  checkReleaseTrust,
  selectPinnedRoot,
  type TrustLocation,
  toLogVerifiers,
  toTrustResult,
  unverifiedResult,
  type VerifiedAttestation,
} from '../verify/index.js';

/** What the lock's registry-wide evidence established, checked with no network. */
export interface LockTrust {
  status: 'verified' | 'unverified' | 'failed';
  results: CheckResult[];
  root?: SignedRoot;
  snapshot?: SnapshotDocument;
  checkpoint?: Checkpoint;
}

export interface OpenLockTrustOptions {
  lock: Lock;
  snapshot: SignedSnapshot;
  policyRoots: ReadonlyArray<{ root: SignedRoot; from: string }>;
  location: TrustLocation;
  logStatePath: string;
  now: Date;
  /** An expired snapshot is still accepted offline while it is at most this old (policy offlineMaxAgeHours). */
  maxAgeHours: number;
}

/**
 * A lock is written while its snapshot is valid: its timestamps must lie between the snapshot's
 * timestamp and expiry (with clock skew). Within that window they carry no weight; outside it they were
 * edited.
 */
function withinSnapshot(time: string, snapshot: SnapshotDocument): boolean {
  const t = Date.parse(time);
  return (
    !Number.isNaN(t) &&
    t >= Date.parse(snapshot.timestamp) - CLOCK_SKEW_MS &&
    t <= Date.parse(snapshot.expires) + CLOCK_SKEW_MS
  );
}

export function lockMismatch(message: string, evidence: Record<string, unknown>): CheckResult {
  return { code: 'lock_mismatch', severity: 'critical', message: `mcpvet.lock: ${message}`, evidence };
}

function fail(results: CheckResult[], failure: TrustFailure | CheckResult): LockTrust {
  const result = 'ok' in failure ? toTrustResult(failure) : failure;
  return { status: 'failed', results: [...results, result] };
}

/**
 * The lock's registry-wide evidence, offline: its roots must chain from the root pinned here, the saved
 * snapshot must be the one the lock names, signed by that root's snapshot key, not older than a snapshot
 * seen before, and unexpired (or within maxAgeHours); the checkpoint must be signed by the root's log key
 * and not fork from the last one seen.
 */
export async function openLockTrust(options: OpenLockTrustOptions): Promise<LockTrust> {
  const { lock, snapshot, now } = options;
  const registry = lock.registry;
  const anchor = await selectPinnedRoot(registry.url, options.policyRoots, options.location, now);
  if (anchor === undefined) {
    return {
      status: 'unverified',
      results: [unverifiedResult(registry.url, 'no root is pinned for it, so the lock cannot be verified')],
    };
  }
  if (!('source' in anchor)) return fail([], anchor);
  const chain = await verifyRootChain(anchor.root, (registry.roots ?? []) as unknown as SignedRoot[], {
    now,
  });
  if (!chain.ok) return fail([], chain);
  const root = chain.root;
  const results: CheckResult[] = [];
  if (root.signed.version < registry.rootVersion) {
    return fail(
      results,
      lockMismatch(
        `it was made under root v${registry.rootVersion}, but its roots lead only to v${root.signed.version}`,
        {
          rootVersion: registry.rootVersion,
          reached: root.signed.version,
        },
      ),
    );
  }
  if (new URL(registry.url).origin !== root.signed.registry) {
    return fail(
      results,
      lockMismatch(`registry ${registry.url} is not the registry of its root (${root.signed.registry})`, {}),
    );
  }

  const digest = await toDigest(snapshot);
  const signed = snapshot?.signed;
  const named: string[] = [];
  if (registry.snapshotDigest !== digest) named.push('snapshotDigest');
  if (signed?.version !== registry.snapshotVersion) named.push('snapshotVersion');
  if (registry.snapshotExpires !== undefined && signed?.expires !== registry.snapshotExpires)
    named.push('snapshotExpires');
  if (named.length > 0) {
    return fail(
      results,
      lockMismatch(`the saved snapshot is not the one the lock names (${named.join(', ')})`, {
        fields: named,
        lock: { digest: registry.snapshotDigest, version: registry.snapshotVersion },
        saved: { digest, version: signed?.version },
      }),
    );
  }
  const lastSeen = options.location.state?.lastSnapshotVersion;
  let checked = await checkSnapshot(snapshot, root.signed, lastSeen, now);
  if (!checked.ok && checked.code === 'snapshot_expired') {
    const age = now.getTime() - Date.parse(snapshot.signed.timestamp);
    if (age <= options.maxAgeHours * 3600 * 1000) {
      results.push({
        code: 'registry_offline',
        severity: 'low',
        message: `verified offline against snapshot v${snapshot.signed.version}, expired at ${snapshot.signed.expires} but within offlineMaxAgeHours (${options.maxAgeHours} h)`,
        evidence: {
          version: snapshot.signed.version,
          timestamp: snapshot.signed.timestamp,
          expires: snapshot.signed.expires,
        },
      });
      checked = { ok: true, code: 'verified', snapshot: snapshot.signed, keyId: '' };
    }
  }
  if (!checked.ok) return fail(results, checked);
  if (lock.generatedAt !== undefined && !withinSnapshot(lock.generatedAt, checked.snapshot)) {
    return fail(
      results,
      lockMismatch(
        `generatedAt ${lock.generatedAt} lies outside the validity of the snapshot it was made with`,
        {
          fields: ['generatedAt'],
        },
      ),
    );
  }
  await writeTrustState(options.location.dir, {
    registry: root.signed.registry,
    root,
    lastSnapshotVersion: Math.max(lastSeen ?? 0, checked.snapshot.version),
    updatedAt: now.toISOString(),
  });

  const note = registry.checkpoint;
  if (note === undefined) return fail(results, lockMismatch('it carries no log checkpoint', {}));
  const origin = note.split('\n', 1)[0] ?? '';
  // The checkpoint was signed when the lock was made: the log key must have been valid then.
  const at = new Date(snapshot.signed.timestamp);
  const opened = await verifyCheckpoint(note, await toLogVerifiers(root.signed, origin, at), { origin });
  if (!opened.ok) {
    return fail(results, {
      code: 'signature_invalid',
      severity: 'critical',
      message: `mcpvet.lock: its log checkpoint does not verify under the root's log key (${opened.message})`,
      evidence: { reason: opened.reason },
    });
  }
  const saved = (await fileLogStateStore(options.logStatePath).read()).logs[root.signed.registry];
  if (
    saved &&
    saved.size === opened.checkpoint.size &&
    saved.rootHash !== Buffer.from(opened.checkpoint.rootHash).toString('base64')
  ) {
    return fail(results, {
      code: 'log_fork',
      severity: 'critical',
      message: `the lock's log checkpoint and the one seen before have the same size ${saved.size} but different roots`,
      evidence: { saved: saved.note, lock: note },
    });
  }
  return { status: 'verified', results, root, snapshot: checked.snapshot, checkpoint: opened.checkpoint };
}

function artifactDigestMatches(entry: LockedServer, attestation: VerifiedAttestation): boolean {
  if (entry.digest === undefined || entry.identity.kind !== 'package') return true;
  const pkg = (entry.release?.packages ?? []).find(
    (p) => p.registryType === entry.identity.registryType && p.identifier === entry.identity.identifier,
  );
  const subject = pkg && toPackageSubject({ ...pkg, digest: entry.digest });
  if (subject === undefined) return false;
  const attested = attestation.statement.subject.find((s) => s.name === subject.name);
  return attested !== undefined && JSON.stringify(attested.digest) === JSON.stringify(subject.digest);
}

/**
 * Every field of a lock entry against what is signed: the attestation's predicate (status, release
 * digest, fingerprint), the release document's own digest, the identity as one of the document's
 * packages or remotes, the artifact digest as an attested subject, and the attestation's digest and key.
 */
export async function compareLockEntry(
  entry: LockedServer,
  attestation: VerifiedAttestation,
  snapshot?: SnapshotDocument,
): Promise<CheckResult[]> {
  const p = attestation.statement.predicate;
  const fields: string[] = [];
  if (entry.lockedAt !== undefined && snapshot !== undefined && !withinSnapshot(entry.lockedAt, snapshot)) {
    fields.push('lockedAt');
  }
  if (entry.status !== p.status) fields.push('status');
  if (entry.releaseDigest !== p.releaseDigest) fields.push('releaseDigest');
  if ((entry.capabilityFingerprint ?? null) !== (p.capabilityFingerprint ?? null))
    fields.push('capabilityFingerprint');
  if (entry.attestation.digest !== attestation.digest) fields.push('attestation.digest');
  if (entry.attestation.keyId !== undefined && entry.attestation.keyId !== attestation.keyId)
    fields.push('attestation.keyId');
  if (entry.release === undefined || (await toDigest(entry.release)) !== p.releaseDigest)
    fields.push('release');
  else {
    const { identity } = entry;
    const named =
      identity.kind === 'package'
        ? (entry.release.packages ?? []).some(
            (pkg) =>
              pkg.registryType === identity.registryType &&
              pkg.identifier === identity.identifier &&
              (identity.version === undefined || pkg.version === identity.version),
          )
        : (entry.release.remotes ?? []).some((r) => r.url === identity.url);
    if (!named) fields.push('identity');
    if (!artifactDigestMatches(entry, attestation)) fields.push('digest');
  }
  if (entry.log !== undefined && entry.log.index !== p.logIndex) fields.push('log.index');
  if (fields.length === 0) return [];
  return [
    lockMismatch(
      `the entry for ${entry.name}@${entry.version} (${entry.id}) differs from what the registry signed: ${fields.join(', ')}`,
      {
        server: entry.name,
        version: entry.version,
        id: entry.id,
        fields,
      },
    ),
  ];
}

/** One lock entry, offline: its attestation under the root, in the snapshot, its fields, its log entry. */
export async function verifyLockEntry(
  entry: LockedServer,
  trust: LockTrust,
  now: Date,
): Promise<{ results: CheckResult[]; attestation?: VerifiedAttestation }> {
  if (trust.status !== 'verified' || !trust.root || !trust.snapshot || !trust.checkpoint)
    return { results: [] };
  const checked = await checkReleaseTrust({
    record: {
      name: entry.name,
      version: entry.version,
      status: entry.status,
      release: entry.release ?? ({} as never),
    },
    bundle: entry.attestation.bundle,
    root: trust.root.signed,
    snapshot: trust.snapshot,
    now,
    compare: (attestation) => compareLockEntry(entry, attestation, trust.snapshot),
  });
  if (!checked.attestation) return { results: checked.results };
  const log = entry.log;
  const logResults = await checkLogInclusion({
    name: entry.name,
    version: entry.version,
    attestationDigest: checked.attestation.digest,
    logIndex: checked.attestation.statement.predicate.logIndex,
    entry: log ? new TextEncoder().encode(log.entry) : null,
    proof: log ? log.inclusionProof.map((h) => new Uint8Array(Buffer.from(h, 'base64'))) : null,
    checkpoint: trust.checkpoint,
  });
  return { results: [...checked.results, ...logResults], attestation: checked.attestation };
}
