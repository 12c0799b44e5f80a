import type { ReleaseStatus } from '../records/index.js';
import type { SigningKey } from './keys.js';
import { addSignatures, type SignedDocument } from './signed.js';

export const SNAPSHOT_PAYLOAD_TYPE = 'application/vnd.mcpvet.snapshot+json';

/** One release as the snapshot pins it. */
export interface SnapshotRelease {
  name: string;
  version: string;
  status: ReleaseStatus;
  releaseDigest: string;
  /** Artifact digests by package identifier (npm integrity, OCI manifest digest, file sha256). */
  digests: Record<string, string>;
  capabilityFingerprint?: string;
  /** sha256 of the release attestation's statement (toAttestationDigest). */
  attestationDigest: string;
}

/**
 * The registry's signed view of every release at one moment. `version` only grows, `expires` is short:
 * a client that remembers the last version it saw detects rollback; one that checks the expiry detects
 * a frozen (withheld) view; attestations must agree with it (mix-and-match).
 */
export interface SnapshotDocument {
  _type: 'mcpvet/snapshot';
  specVersion: 1;
  registry: string;
  version: number;
  timestamp: string;
  expires: string;
  /** Version of the root whose snapshot key signed it. */
  rootVersion: number;
  releases: SnapshotRelease[];
}

export type SignedSnapshot = SignedDocument<SnapshotDocument>;

export interface SnapshotInput {
  registry: string;
  version: number;
  rootVersion: number;
  timestamp?: Date;
  expires: Date;
  releases: readonly SnapshotRelease[];
}

/** Build the snapshot (releases sorted by name, then version, for a stable document) and sign it. */
export async function signSnapshot(input: SnapshotInput, key: SigningKey): Promise<SignedSnapshot> {
  if (!Number.isSafeInteger(input.version) || input.version < 1)
    throw new Error('snapshot version must be a positive integer');
  const releases = [...input.releases].sort((a, b) =>
    a.name === b.name
      ? a.version < b.version
        ? -1
        : a.version > b.version
          ? 1
          : 0
      : a.name < b.name
        ? -1
        : 1,
  );
  const document: SnapshotDocument = {
    _type: 'mcpvet/snapshot',
    specVersion: 1,
    registry: new URL(input.registry).origin,
    version: input.version,
    timestamp: (input.timestamp ?? new Date()).toISOString(),
    expires: input.expires.toISOString(),
    rootVersion: input.rootVersion,
    releases,
  };
  return addSignatures(SNAPSHOT_PAYLOAD_TYPE, document, [key]);
}
