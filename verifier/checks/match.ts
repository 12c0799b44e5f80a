import type { Package, ReleaseRecord, Remote } from '../../registry/records/index.js';
import { type Identity, normalizePypiName, parseOciRef } from '../identity/index.js';
import type { Candidate } from './types.js';

type PackageIdentity = Extract<Identity, { kind: 'package' }>;

/** scheme://host[:port]/path without a trailing slash, lower-cased host, default ports dropped. */
export function normalizeUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.replace(/\/+$/, '');
    return `${u.protocol}//${u.host.toLowerCase()}${path}${u.search}`;
  } catch {
    return url.replace(/\/+$/, '');
  }
}

// Remote URLs in releases may hold {variables} (a tenant, a region); each matches one URL segment part.
function remoteMatches(remote: Remote, url: string): boolean {
  const wanted = normalizeUrl(url);
  const template = normalizeUrl(remote.url.replace(/\{[^}]*\}/g, 'mcpvetvariable'));
  if (!template.includes('mcpvetvariable')) return template === wanted;
  const pattern = template
    .split('mcpvetvariable')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/?#]+');
  return new RegExp(`^${pattern}$`, 'i').test(wanted);
}

/** The version and digest a package in a release pins, reading OCI tags and digests from the identifier. */
export function packagePin(pkg: Package): {
  identifier: string;
  version: string | null;
  digest: string | null;
} {
  if (pkg.registryType === 'oci') {
    const ref = parseOciRef(pkg.identifier);
    return { identifier: ref.repository, version: pkg.version ?? ref.tag, digest: pkg.digest ?? ref.digest };
  }
  if (pkg.registryType === 'pypi') {
    return {
      identifier: normalizePypiName(pkg.identifier),
      version: pkg.version ?? null,
      digest: pkg.digest ?? null,
    };
  }
  return { identifier: pkg.identifier, version: pkg.version ?? null, digest: pkg.digest ?? null };
}

function packageMatches(pkg: Package, identity: PackageIdentity): boolean {
  return pkg.registryType === identity.registryType && packagePin(pkg).identifier === identity.identifier;
}

/** Releases whose packages[] (registryType + identifier) or remotes[] (url) name what the identity runs. */
export function findCandidates(identity: Identity, records: ReleaseRecord[], registry: string): Candidate[] {
  const out: Candidate[] = [];
  for (const record of records) {
    if (identity.kind === 'package') {
      const i = (record.release.packages ?? []).findIndex((p) => packageMatches(p, identity));
      if (i >= 0) out.push({ record, registry, packageIndex: i });
    } else if (identity.kind === 'remote') {
      const i = (record.release.remotes ?? []).findIndex((r) => remoteMatches(r, identity.url));
      if (i >= 0) out.push({ record, registry, remoteIndex: i });
    }
  }
  return out;
}

export function candidatePackage(candidate: Candidate): Package | undefined {
  return candidate.packageIndex === undefined
    ? undefined
    : candidate.record.release.packages?.[candidate.packageIndex];
}
