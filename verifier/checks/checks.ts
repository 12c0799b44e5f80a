import semver from 'semver';
import type { ReleaseRecord } from '../../registry/records/index.js';
import { describeIdentity, type Identity, type Resolution, redactUrl } from '../identity/index.js';
import { candidatePackage, packagePin } from './match.js';
import type { Candidate, CheckResult } from './types.js';

type PackageIdentity = Extract<Identity, { kind: 'package' }>;

function bySemverDesc(a: ReleaseRecord, b: ReleaseRecord): number {
  const va = semver.valid(a.version);
  const vb = semver.valid(b.version);
  if (va && vb) return semver.rcompare(va, vb);
  return b.version.localeCompare(a.version);
}

/** The newest approved release among candidates, with the package version it pins (for "use X instead"). */
export function newestApproved(
  candidates: Candidate[],
): { candidate: Candidate; packageVersion: string | null } | null {
  const approved = candidates.filter((c) => c.record.status === 'approved');
  approved.sort((a, b) => bySemverDesc(a.record, b.record));
  const best = approved[0];
  if (!best) return null;
  const pkg = candidatePackage(best);
  return { candidate: best, packageVersion: pkg ? packagePin(pkg).version : null };
}

function suggestion(candidates: Candidate[]): { text: string; evidence: Record<string, unknown> } {
  const best = newestApproved(candidates);
  if (!best)
    return { text: 'the registry has no approved release of it', evidence: { newestApproved: null } };
  const { record } = best.candidate;
  const pkg = best.packageVersion ? ` (package ${best.packageVersion})` : '';
  return {
    text: `the newest approved release is ${record.name} ${record.version}${pkg}`,
    evidence: {
      newestApproved: { server: record.name, version: record.version, packageVersion: best.packageVersion },
    },
  };
}

/** An entry that does not pin what it runs. Whether that fails the run is the policy's requirePinning. */
export function checkPinning(
  identity: Identity,
  resolution: Resolution,
  requirePinning: boolean,
): CheckResult[] {
  if (identity.kind !== 'package' || identity.pinned) return [];
  const today =
    resolution.status === 'resolved' && resolution.version
      ? `; today it resolves to ${resolution.version}`
      : '';
  const how =
    identity.registryType === 'oci'
      ? 'pin the image by digest (image@sha256:…)'
      : identity.registryType === 'pypi'
        ? 'pin an exact version (pkg==1.2.3)'
        : 'pin an exact version (pkg@1.2.3)';
  const written = identity.requested ?? (identity.registryType === 'oci' ? 'no tag' : 'no version');
  return [
    {
      code: 'unpinned',
      severity: requirePinning ? 'high' : 'low',
      message: `${identity.spec} is not pinned (${written})${today}: ${how}`,
      evidence: {
        spec: identity.spec,
        requested: identity.requested,
        resolvedVersion: resolution.status === 'resolved' ? resolution.version : null,
      },
    },
  ];
}

/** Local programs and anything mcpvet cannot map to a registry package cannot be verified: fail closed. */
export function checkVerifiable(identity: Identity): CheckResult[] {
  if (identity.kind === 'local') {
    return [
      {
        code: 'unverifiable',
        severity: 'high',
        message: `runs a local program (${identity.path}) that no registry release describes`,
        evidence: { path: identity.path, launcher: identity.launcher },
      },
    ];
  }
  if (identity.kind === 'unknown') {
    return [
      {
        code: 'unverifiable',
        severity: 'high',
        message: `cannot tell what '${identity.command}' runs: ${identity.reason}`,
        evidence: { command: identity.command, reason: identity.reason },
      },
    ];
  }
  return [];
}

function sha512Of(sri: string | null | undefined): string | null {
  if (!sri) return null;
  return sri.split(/\s+/).find((part) => part.startsWith('sha512-')) ?? null;
}

function versionMatches(candidate: Candidate, identity: PackageIdentity, version: string | null): boolean {
  const pkg = candidatePackage(candidate);
  if (!pkg) return false;
  const pin = packagePin(pkg);
  if (identity.registryType === 'oci') {
    // the same digest is the same image; the same tag with another digest is matched so checkDigest reports it
    if (identity.digest && pin.digest && identity.digest === pin.digest) return true;
    return version !== null && pin.version === version;
  }
  if (version === null || pin.version === null) return false;
  if (identity.registryType === 'npm')
    return semver.valid(pin.version) !== null && semver.eq(pin.version, version);
  return pin.version === version;
}

// A release status the registry set is the verdict; when the same artifact appears in several releases the
// most severe status wins, so one revocation is never hidden behind another release's approval.
const STATUS_ORDER = ['revoked', 'rejected', 'submitted', 'deprecated', 'approved'] as const;

function statusResult(chosen: Candidate, candidates: Candidate[], what: string): CheckResult[] {
  const { record } = chosen;
  const base = {
    server: record.name,
    version: record.version,
    status: record.status,
    statusReason: record.statusReason ?? null,
    registry: chosen.registry,
  };
  const reason = record.statusReason ? ` (${record.statusReason})` : '';
  const next = suggestion(candidates);
  switch (record.status) {
    case 'approved':
      return [];
    case 'revoked':
      return [
        {
          code: 'revoked',
          severity: 'critical',
          message: `${what} is ${record.name} ${record.version}, which the registry revoked${reason}; ${next.text}`,
          evidence: { ...base, ...next.evidence },
        },
      ];
    case 'deprecated':
      return [
        {
          code: 'deprecated',
          severity: 'medium',
          message: `${what} is ${record.name} ${record.version}, which the registry deprecated${reason}; ${next.text}`,
          evidence: { ...base, ...next.evidence },
        },
      ];
    default:
      return [
        {
          code: 'not_approved',
          severity: 'high',
          message: `${what} is ${record.name} ${record.version}, which is ${record.status === 'rejected' ? 'rejected' : 'not yet approved (submitted)'}${reason}; ${next.text}`,
          evidence: { ...base, ...next.evidence },
        },
      ];
  }
}

function pickMostSevere(matches: Candidate[]): Candidate {
  const sorted = [...matches].sort(
    (a, b) => STATUS_ORDER.indexOf(a.record.status) - STATUS_ORDER.indexOf(b.record.status),
  );
  return sorted[0] as Candidate;
}

/** The artifact that would run against the digest the registry recorded for that release's package. */
export function checkDigest(
  identity: PackageIdentity,
  resolution: Resolution,
  chosen: Candidate,
): CheckResult[] {
  const pkg = candidatePackage(chosen);
  if (!pkg) return [];
  const pin = packagePin(pkg);
  const evidenceBase = { server: chosen.record.name, version: chosen.record.version, expected: pin.digest };
  if (!pin.digest) {
    return [
      {
        code: 'digest_unverified',
        severity: 'low',
        message: `the registry records no digest for ${identity.identifier} in ${chosen.record.name} ${chosen.record.version}`,
        evidence: evidenceBase,
      },
    ];
  }
  if (identity.registryType === 'oci') {
    if (!identity.digest) {
      return [
        {
          code: 'digest_unverified',
          severity: 'medium',
          message: `${identity.spec} names a tag, not a digest, so the image cannot be compared with ${pin.digest}`,
          evidence: evidenceBase,
        },
      ];
    }
    if (identity.digest !== pin.digest) {
      return [
        {
          code: 'digest_mismatch',
          severity: 'critical',
          message: `${identity.spec} is ${identity.digest}, the registry recorded ${pin.digest}`,
          evidence: { ...evidenceBase, found: identity.digest },
        },
      ];
    }
    return [];
  }
  if (identity.registryType === 'npm' && resolution.status === 'resolved') {
    const expected = sha512Of(pin.digest);
    const seen = [
      { what: 'integrity', value: sha512Of(resolution.integrity) },
      { what: 'tarball', value: sha512Of(resolution.tarballIntegrity) },
    ].filter((s) => s.value !== null);
    const mismatches = seen.filter((s) => s.value !== expected);
    if (mismatches.length > 0) {
      return [
        {
          code: 'digest_mismatch',
          severity: 'critical',
          message: `${identity.identifier}@${resolution.version} from ${resolution.source} is ${mismatches[0]?.value}, the registry recorded ${pin.digest} for ${chosen.record.name} ${chosen.record.version}`,
          evidence: {
            ...evidenceBase,
            source: resolution.source,
            integrity: resolution.integrity,
            tarballIntegrity: resolution.tarballIntegrity ?? null,
          },
        },
      ];
    }
    if (seen.length > 0) return [];
  }
  return [
    {
      code: 'digest_unverified',
      severity: 'medium',
      message: `the ${identity.registryType} artifact of ${identity.spec} could not be hashed here, so it was not compared with ${pin.digest}`,
      evidence: { ...evidenceBase, source: resolution.status === 'resolved' ? resolution.source : null },
    },
  ];
}

/** What an npm entry would run could not be established (no such version, npm unreachable offline). */
export function checkResolution(identity: Identity, resolution: Resolution): CheckResult[] {
  if (resolution.status !== 'unresolved' || identity.kind !== 'package') return [];
  return [
    {
      code: 'unresolved',
      severity: 'high',
      message: `cannot tell what ${identity.spec} would run: ${resolution.reason}`,
      evidence: {
        registryType: identity.registryType,
        identifier: identity.identifier,
        reason: resolution.reason,
      },
    },
  ];
}

/** Is what runs listed, approved, the right version, and the same bytes? Candidates come from the registry. */
export function checkAgainstRegistry(
  identity: Identity,
  resolution: Resolution,
  candidates: Candidate[],
): { results: CheckResult[]; match: Candidate | null } {
  if (identity.kind !== 'package' && identity.kind !== 'remote') return { results: [], match: null };
  const what = describeIdentity(identity);
  if (candidates.length === 0) {
    return {
      match: null,
      results: [
        {
          code: 'unlisted',
          severity: 'high',
          message: `${what} is not in the registry`,
          evidence:
            identity.kind === 'package'
              ? { registryType: identity.registryType, identifier: identity.identifier }
              : { url: redactUrl(identity.url) },
        },
      ],
    };
  }
  if (identity.kind === 'remote') {
    const chosen = newestApproved(candidates)?.candidate ?? pickMostSevere(candidates);
    return { match: chosen, results: statusResult(chosen, candidates, what) };
  }

  const version = resolution.status === 'resolved' ? resolution.version : identity.version;
  const matching = candidates.filter((c) => versionMatches(c, identity, version));
  if (matching.length === 0) {
    if (version === null && !identity.digest) {
      // an unresolved npm spec is already reported by checkResolution
      if (resolution.status === 'unresolved') return { match: null, results: [] };
      const reason = `${identity.launcher} picks the version when it starts`;
      return {
        match: null,
        results: [
          {
            code: 'unresolved',
            severity: 'high',
            message: `${what} is listed, but which version would run is unknown: ${reason}`,
            evidence: { identifier: identity.identifier, reason },
          },
        ],
      };
    }
    const next = suggestion(candidates);
    const shown = version ?? identity.digest;
    return {
      match: null,
      results: [
        {
          code: 'version_not_approved',
          severity: 'high',
          message: `${identity.identifier} ${shown} is not a release in the registry; ${next.text}`,
          evidence: { identifier: identity.identifier, version: shown, ...next.evidence },
        },
      ],
    };
  }
  const chosen = pickMostSevere(matching);
  const results = statusResult(chosen, candidates, `${identity.identifier} ${version ?? identity.digest}`);
  if (chosen.record.status !== 'revoked' && chosen.record.status !== 'rejected') {
    results.push(...checkDigest(identity, resolution, chosen));
  }
  return { match: chosen, results };
}
