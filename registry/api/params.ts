import { RegistryError } from '../errors/index.js';
import { assertExactVersion, parseServerName } from '../records/index.js';
import type { StoredRelease } from '../store/index.js';
import type { AppContext } from './context.js';
import { findLatestApproved } from './records.js';

/** A server name from a URL path, checked (reverse-DNS, no path tricks) before it reaches the store. */
export function readName(raw: string): string {
  parseServerName(raw);
  return raw;
}

/** One release by exact version, or `latest` (the newest approved by semver); not_found otherwise. */
export async function loadRelease(c: AppContext, name: string, version: string): Promise<StoredRelease> {
  const { store } = c.get('deps');
  if (version === 'latest') {
    const latest = findLatestApproved(await store.listReleases(name));
    if (!latest) throw new RegistryError('not_found', `${name} has no approved release`);
    return latest;
  }
  assertExactVersion(version);
  const release = await store.getRelease(name, version);
  if (!release) throw new RegistryError('not_found', `${name}@${version} is not in the registry`);
  return release;
}
