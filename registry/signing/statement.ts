import type { Package, ReleaseRecord, ReleaseStatus, Risk } from '../records/index.js';
import { toDigest } from '../records/index.js';

/** mcpvet's own predicate: what the registry decided about one release. Versioned in the URI. */
export const RELEASE_PREDICATE_TYPE = 'https://mcpvet.dev/attestation/release/v1';
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface ResourceDescriptor {
  name: string;
  digest: Record<string, string>;
}

export interface ReleasePredicate {
  server: { name: string; version: string };
  status: ReleaseStatus;
  statusReason?: string;
  /** sha256:<hex> of the RFC 8785 canonical JSON of the release document. */
  releaseDigest: string;
  capabilityFingerprint?: string;
  assessment?: { digest: string; risk: Risk; verdict?: string };
  /** Who made the status decision (token owner id). */
  approver: string;
  /** When the status was decided. */
  decidedAt: string;
  signedAt: string;
  registry?: string;
  /** Index in the registry's transparency log, once logged. */
  logIndex?: number;
}

export interface ReleaseStatement {
  _type: typeof IN_TOTO_STATEMENT_V1;
  subject: ResourceDescriptor[];
  predicateType: typeof RELEASE_PREDICATE_TYPE;
  predicate: ReleasePredicate;
}

export type AttestedPackage = Pick<
  Package,
  'registryType' | 'identifier' | 'version' | 'digest' | 'fileSha256'
>;

export interface ReleaseAttestationInput extends Omit<ReleasePredicate, 'signedAt'> {
  packages: AttestedPackage[];
}

/** Subject name of the release document itself. */
export function toReleaseSubjectName(name: string, version: string): string {
  return `mcpvet:release:${name}@${version}`;
}

/** pkg:npm/%40scope/name@1.2.3, written as npm-package-arg's toPurl does (leading @ encoded). */
export function toNpmPurl(name: string, version: string): string {
  return `pkg:npm/${name.replace(/^@/, '%40')}@${version}`;
}

function hexOfSri(sri: string): string | undefined {
  const match = /^sha512-([A-Za-z0-9+/]{86}==)$/.exec(sri);
  if (!match?.[1]) return undefined;
  const binary = atob(match[1]);
  return Array.from(binary, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
}

/**
 * One in-toto subject per package that has an artifact digest: npm by package URL with the tarball's
 * sha512, OCI by image reference with the manifest sha256, mcpb/pypi/nuget with the file's sha256.
 * A package without a digest cannot be a subject; the release digest still covers its entry.
 */
export function toPackageSubject(pkg: AttestedPackage): ResourceDescriptor | undefined {
  if (pkg.registryType === 'npm') {
    const hex = pkg.digest === undefined ? undefined : hexOfSri(pkg.digest);
    if (hex === undefined || pkg.version === undefined) return undefined;
    return { name: toNpmPurl(pkg.identifier, pkg.version), digest: { sha512: hex } };
  }
  const sha256 = pkg.digest?.startsWith('sha256:') ? pkg.digest.slice(7) : pkg.fileSha256;
  if (sha256 === undefined) return undefined;
  if ((pkg.registryType === 'pypi' || pkg.registryType === 'nuget') && pkg.version === undefined)
    return undefined;
  const name =
    pkg.registryType === 'pypi'
      ? `pkg:pypi/${pkg.identifier.toLowerCase()}@${pkg.version}`
      : pkg.registryType === 'nuget'
        ? `pkg:nuget/${pkg.identifier}@${pkg.version}`
        : pkg.identifier;
  return { name, digest: { sha256 } };
}

export function toReleaseStatement(input: ReleaseAttestationInput, signedAt: string): ReleaseStatement {
  const { packages, ...rest } = input;
  const subjects: ResourceDescriptor[] = [
    {
      name: toReleaseSubjectName(input.server.name, input.server.version),
      digest: { sha256: input.releaseDigest.replace(/^sha256:/, '') },
    },
  ];
  for (const pkg of packages) {
    const subject = toPackageSubject(pkg);
    if (subject !== undefined) subjects.push(subject);
  }
  const predicate: ReleasePredicate = { ...rest, signedAt };
  return { _type: IN_TOTO_STATEMENT_V1, subject: subjects, predicateType: RELEASE_PREDICATE_TYPE, predicate };
}

/**
 * What the registry attests for a stored release record: its status decision, release digest,
 * capability fingerprint and latest assessment. The API calls this on approval and on every later
 * status change.
 */
export async function toReleaseAttestationInput(
  record: ReleaseRecord,
  options: { registry?: string; logIndex?: number } = {},
): Promise<ReleaseAttestationInput> {
  const input: ReleaseAttestationInput = {
    server: { name: record.name, version: record.version },
    status: record.status,
    releaseDigest: record.releaseDigest ?? (await toDigest(record.release)),
    approver: record.statusChangedBy ?? record.publishedBy,
    decidedAt: record.statusChangedAt ?? record.updatedAt,
    packages: (record.release.packages ?? []).map(
      ({ registryType, identifier, version, digest, fileSha256 }) => ({
        registryType,
        identifier,
        version,
        digest,
        fileSha256,
      }),
    ),
  };
  if (record.statusReason !== undefined) input.statusReason = record.statusReason;
  const fingerprint = record.release.capabilities?.fingerprint;
  if (fingerprint !== undefined) input.capabilityFingerprint = fingerprint;
  if (record.assessment !== undefined) {
    input.assessment = {
      digest: record.assessment.digest,
      risk: record.assessment.risk,
      verdict: record.assessment.verdict,
    };
  }
  if (options.registry !== undefined) input.registry = options.registry;
  if (options.logIndex !== undefined) input.logIndex = options.logIndex;
  return input;
}
