import type { RegistryStore } from '../../registry/store/index.js';

/**
 * Approves a submitted release straight in the store, for tests that need many approvals quickly or a
 * version the /v1 status path refuses (build metadata). The change carries the release's updated_at as
 * read, for stores that compare-and-set on it.
 */
export async function approveInStore(
  store: RegistryStore,
  name: string,
  version: string,
  at: string,
): Promise<void> {
  const release = await store.getRelease(name, version);
  if (!release) throw new Error(`${name}@${version} is not in the store`);
  const change = {
    name,
    version,
    from: release.status,
    to: 'approved' as const,
    reason: null,
    actor: 'test',
    at,
    expectUpdatedAt: release.updatedAt,
  };
  const audit = {
    at,
    requestId: 'test',
    actor: 'test',
    role: null,
    action: 'release.status',
    target: `${name}@${version}`,
    result: 'allowed' as const,
    code: null,
    details: null,
  };
  const changed = await store.changeStatus(change as Parameters<RegistryStore['changeStatus']>[0], audit);
  if (!changed) throw new Error(`${name}@${version} could not be approved`);
}
