import { type SignedSnapshot, type SnapshotRelease, signSnapshot } from '../signing/index.js';
import type { RegistryStore } from '../store/index.js';
import type { RegistryTrust } from './trust.js';

/**
 * The signed snapshot, made on demand and kept while the log has not grown, for at most an hour.
 * Its version is the log's size + 1: it grows with every event and never goes back, and it is derived
 * from the tamper-evident log rather than from a counter that could be reset.
 */
export class SnapshotCache {
  private cached: { snapshot: SignedSnapshot; size: number; refreshAt: number } | undefined;

  async get(store: RegistryStore, trust: RegistryTrust, now: Date): Promise<SignedSnapshot> {
    const size = await store.log.getSize();
    if (this.cached && this.cached.size === size && now.getTime() < this.cached.refreshAt)
      return this.cached.snapshot;
    const rows = await store.listLatestAttestations();
    const releases: SnapshotRelease[] = rows.map((r) => ({
      name: r.name,
      version: r.version,
      status: r.status,
      releaseDigest: r.releaseDigest,
      digests: r.digests,
      ...(r.capabilityFingerprint !== null ? { capabilityFingerprint: r.capabilityFingerprint } : {}),
      attestationDigest: r.digest,
    }));
    const current = trust.roots.at(-1);
    const snapshot = await signSnapshot(
      {
        registry: trust.registry,
        version: size + 1,
        rootVersion: current?.signed.version ?? 1,
        timestamp: now,
        expires: new Date(now.getTime() + trust.snapshotTtlMs),
        releases,
      },
      trust.snapshotKey,
    );
    // Re-signed at least hourly even when nothing changed, so a snapshot handed out (and saved in a lock)
    // is never much older than its own timestamp says: its whole lifetime is left to the client.
    this.cached = { snapshot, size, refreshAt: now.getTime() + Math.min(trust.snapshotTtlMs / 2, 3600_000) };
    return snapshot;
  }
}
