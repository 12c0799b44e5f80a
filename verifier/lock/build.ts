import { toDigest } from '../../registry/records/index.js';
import type { Lock, LockedIdentity, LockedServer } from '../../registry/records/types.generated.js';
import { candidatePackage, type ServerOutcome } from '../checks/index.js';
import { VerifierError } from '../errors/index.js';
import type { RegistryTrust, ReleaseEvidence } from '../verify/index.js';
import { SNAPSHOT_FILE } from './file.js';
import { toLockId } from './id.js';

/** One server to lock: its outcome (matched release), the release's signed evidence, npm attestations. */
export interface LockInput {
  outcome: ServerOutcome;
  evidence: ReleaseEvidence;
  npmAttestations?: unknown;
}

const ARTIFACT_DIGEST = /^(sha512-[A-Za-z0-9+/]{86}==|sha256:[a-f0-9]{64})$/;

function toLockedIdentity(input: LockInput): LockedIdentity {
  const { outcome } = input;
  const match = outcome.match;
  if (match === null) throw new VerifierError('internal', `${outcome.server.name} has no matched release`);
  const pkg = candidatePackage(match);
  if (pkg !== undefined) {
    const out: LockedIdentity = {
      kind: 'package',
      registryType: pkg.registryType,
      identifier: pkg.identifier,
    };
    if (pkg.version !== undefined) out.version = pkg.version;
    return out;
  }
  const remote =
    match.remoteIndex === undefined ? undefined : match.record.release.remotes?.[match.remoteIndex];
  if (remote === undefined)
    throw new VerifierError('internal', `${outcome.server.name} matched neither a package nor a remote`);
  return { kind: 'remote', url: remote.url };
}

function artifactDigest(input: LockInput): string | undefined {
  const { outcome } = input;
  const pkg = outcome.match ? candidatePackage(outcome.match) : undefined;
  const resolved = outcome.resolution.status === 'resolved' ? outcome.resolution : undefined;
  const candidates = [pkg?.digest, resolved?.tarballIntegrity, resolved?.integrity];
  return candidates.find((d): d is string => typeof d === 'string' && ARTIFACT_DIGEST.test(d));
}

/**
 * The lock for servers whose releases verified online: each entry carries the attestation, the release
 * document it signs, the log entry with its inclusion proof and npm's attestations, so `verify
 * --offline` needs nothing but the lock, the saved snapshot and a pinned root.
 */
export async function toLock(
  trust: RegistryTrust,
  inputs: readonly LockInput[],
  context: { now: Date; cwd: string; home: string },
): Promise<Lock> {
  const { now } = context;
  const { root, snapshot, anchor, log } = trust;
  if (trust.status !== 'verified' || !root || !snapshot || !anchor || !log) {
    throw new VerifierError(
      'trust_unverified',
      `the registry ${trust.registry} was not verified: nothing can be locked`,
    );
  }
  const servers: LockedServer[] = inputs.map((input) => {
    const { outcome, evidence } = input;
    const record = outcome.match?.record;
    if (!record) throw new VerifierError('internal', `${outcome.server.name} has no matched release`);
    const { attestation } = evidence;
    const predicate = attestation.statement.predicate;
    const entry: LockedServer = {
      id: toLockId(outcome.server, context.cwd, context.home),
      name: record.name,
      version: record.version,
      status: predicate.status,
      identity: toLockedIdentity(input),
      releaseDigest: predicate.releaseDigest,
      attestation: {
        bundle: attestation.bundle as LockedServer['attestation']['bundle'],
        digest: attestation.digest,
        keyId: attestation.keyId,
      },
      lockedAt: now.toISOString(),
      release: record.release,
    };
    const digest = artifactDigest(input);
    if (digest !== undefined) entry.digest = digest;
    if (predicate.capabilityFingerprint !== undefined)
      entry.capabilityFingerprint = predicate.capabilityFingerprint;
    if (
      predicate.logIndex !== undefined &&
      evidence.logEntry !== undefined &&
      evidence.inclusionProof !== undefined
    ) {
      entry.log = {
        index: predicate.logIndex,
        entry: evidence.logEntry,
        inclusionProof: evidence.inclusionProof,
      };
    }
    if (input.npmAttestations !== undefined) entry.provenance = { attestations: input.npmAttestations };
    return entry;
  });
  return {
    lockfileVersion: 1,
    generatedAt: now.toISOString(),
    registry: {
      url: trust.registry,
      rootVersion: root.signed.version,
      snapshotVersion: snapshot.signed.version,
      snapshotDigest: await toDigest(snapshot),
      snapshotExpires: snapshot.signed.expires,
      snapshotFile: SNAPSHOT_FILE,
      roots: [anchor.root, ...trust.rotations] as unknown as NonNullable<Lock['registry']['roots']>,
      checkpoint: log.note,
    },
    servers,
  };
}
