import semver from 'semver';
import { RegistryError } from '../errors/index.js';
import { compareVersions } from '../records/index.js';

/**
 * An exact release version as release.schema.json allows it, build metadata included (the official
 * registry has 2025.11.13+pr147-5d1f8b0). semver.valid drops the build part, so compare the rebuilt string.
 */
export function isExactVersion(version: string): boolean {
  if (version.length > 255) return false;
  const parsed = semver.parse(version);
  if (parsed === null) return false;
  const build = parsed.build.length > 0 ? `+${parsed.build.join('.')}` : '';
  return `${parsed.version}${build}` === version;
}

export function assertVersionParam(version: string, what = 'version'): string {
  if (!isExactVersion(version)) {
    throw new RegistryError('invalid_version', `${what} must be an exact semantic version such as 1.2.3`, {
      details: { version: version.slice(0, 256) },
    });
  }
  return version;
}

/** Semver precedence, then the raw text: a total order, so two builds of one version never tie. */
export function compareReleaseVersions(a: string, b: string): number {
  return compareVersions(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The newest approved release in that total order (findLatestApproved leaves builds of one version tied). */
export function findLatestApprovedRelease<T extends { version: string; status: string }>(
  releases: T[],
): T | null {
  let latest: T | null = null;
  for (const r of releases) {
    if (
      r.status === 'approved' &&
      (latest === null || compareReleaseVersions(r.version, latest.version) > 0)
    ) {
      latest = r;
    }
  }
  return latest;
}
