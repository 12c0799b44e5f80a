import type { Package, ReleaseRecord, ReleaseStatus, Remote } from '../../registry/records/index.js';
import type { Candidate } from '../../verifier/checks/index.js';
import { findCandidates } from '../../verifier/checks/index.js';
import type { Identity } from '../../verifier/identity/index.js';

export const REGISTRY = 'http://registry.test';

export function sri(char: string): string {
  return `sha512-${char.repeat(86)}==`;
}

export function npmPackage(identifier: string, version: string, digest?: string): Package {
  return {
    registryType: 'npm',
    identifier,
    version,
    transport: { type: 'stdio' },
    ...(digest ? { digest } : {}),
  };
}

/** A ReleaseRecord as the registry serves it (shape of schemas/release.schema.json#/$defs/ReleaseRecord). */
export function record(
  name: string,
  version: string,
  status: ReleaseStatus,
  packages: Package[] = [],
  remotes: Remote[] = [],
  statusReason?: string,
): ReleaseRecord {
  return {
    name,
    version,
    status,
    ...(statusReason ? { statusReason } : {}),
    release: { name, version, description: 'test server', packages, remotes },
    publishedAt: '2026-01-01T00:00:00Z',
    publishedBy: 'tok_pub',
    updatedAt: '2026-01-02T00:00:00Z',
    releaseDigest: `sha256:${'0'.repeat(64)}`,
  };
}

export function candidates(identity: Identity, records: ReleaseRecord[]): Candidate[] {
  return findCandidates(identity, records, REGISTRY);
}
