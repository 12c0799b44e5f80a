import type { ReleaseRecord } from '../../registry/records/index.js';
import type { Lock, LockedServer } from '../../registry/records/types.generated.js';
import { type Candidate, findCandidates } from '../checks/index.js';
import type { Identity } from '../identity/index.js';

/**
 * A lock entry as the record the checks match against. Only what the lock carries (and its
 * attestation signs) is filled in; publication metadata is not part of a lock.
 */
export function toLockedRecord(entry: LockedServer, generatedAt: string): ReleaseRecord {
  return {
    name: entry.name,
    version: entry.version,
    status: entry.status,
    release: entry.release ?? { name: entry.name, version: entry.version, description: '' },
    releaseDigest: entry.releaseDigest,
    publishedAt: generatedAt,
    publishedBy: 'mcpvet.lock',
    updatedAt: generatedAt,
  } as ReleaseRecord;
}

export interface LockLookup {
  find(identity: Identity): Promise<Candidate[]>;
  /** The lock entry for a server matched to a candidate: the one with its config id, else the first. */
  entryOf(candidate: Candidate, serverId: string): LockedServer | undefined;
}

/** Find releases in the lock instead of a registry (verify --offline, exec --lock). */
export function createLockLookup(lock: Lock): LockLookup {
  const generatedAt = lock.generatedAt ?? '';
  // one record per release: the same package configured in two clients has two entries
  const byRelease = new Map<string, { record: ReleaseRecord; entries: LockedServer[] }>();
  for (const entry of lock.servers) {
    const key = `${entry.name}@${entry.version}`;
    const known = byRelease.get(key);
    if (known) known.entries.push(entry);
    else byRelease.set(key, { record: toLockedRecord(entry, generatedAt), entries: [entry] });
  }
  const groups = [...byRelease.values()];
  return {
    async find(identity) {
      return findCandidates(
        identity,
        groups.map((g) => g.record),
        lock.registry.url,
      );
    },
    entryOf(candidate, serverId) {
      const group = groups.find((g) => g.record === candidate.record);
      return group?.entries.find((e) => e.id === serverId) ?? group?.entries[0];
    },
  };
}
