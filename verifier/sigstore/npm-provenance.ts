import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { TrustMaterial } from '@sigstore/verify';
import npa from 'npm-package-arg';
import type { ProvenanceIdentity } from '../../registry/records/index.js';
import { toBundleCheckFailure } from './failure.js';
import { readFulcioIdentity } from './fulcio.js';
import {
  fail,
  inspectAttestation,
  integrityHex,
  listAttestations,
  NPM_PUBLISH_V01,
  type NpmAttestationSummary,
  type NpmProvenanceCode,
  type NpmProvenanceFailure,
  PROVENANCE_TYPES,
} from './npm-attestation.js';
import { checkProvenanceIdentity } from './npm-identity.js';
import { NPM_ATTESTATION_KEYS, type NpmRegistryKey, toNpmKeyFinder } from './npm-keys.js';
import { loadPublicGoodTrustedRoot, toBundleTrustMaterial } from './trusted-root.js';
import { verifySignedBundle } from './verify-bundle.js';

export interface NpmProvenanceResult {
  /** verified: every attestation checked out; unverified: nothing (or not enough) to check; failed: rejected. */
  status: 'verified' | 'unverified' | 'failed';
  /** 'verified', or the first failure's code (structural failures come before cryptographic ones). */
  code: 'verified' | NpmProvenanceCode;
  message: string;
  failures: NpmProvenanceFailure[];
  attestations: NpmAttestationSummary[];
  /** identityPinned: false when no expected identity was given, so any signer's provenance was accepted. */
  evidence: { purl: string; integrity: string; identityPinned: boolean };
}

export interface NpmProvenanceInput {
  /** The body of /-/npm/v1/attestations/<name>@<version> ({attestations: [...]}) or its list; absent = none. */
  attestations: unknown;
  name: string;
  version: string;
  /** dist.integrity of the tarball: sha512-<base64>. */
  integrity: string;
  /** What the registry recorded (release packages[].provenance); when present, provenance is required. */
  expected?: ProvenanceIdentity;
  /** Public-good trust material with npm's registry keys as its key finder (toNpmTrustMaterial). */
  trustMaterial: TrustMaterial;
  /** npm registry keys a publish attestation may name; the embedded NPM_ATTESTATION_KEYS by default. */
  keys?: readonly NpmRegistryKey[];
}

/** Trust material for npm attestations: the public-good root, with npm's registry keys for key hints. */
export function toNpmTrustMaterial(
  root: TrustedRoot = loadPublicGoodTrustedRoot(),
  keys: readonly NpmRegistryKey[] = NPM_ATTESTATION_KEYS,
): TrustMaterial {
  return toBundleTrustMaterial(root, toNpmKeyFinder(keys));
}

/** The package URL npm puts in its attestation subjects (pkg:npm/%40scope/name@1.2.3). */
export function toNpmPurl(name: string, version: string): string {
  return (npa as unknown as { toPurl(spec: string): string }).toPurl(`${name}@${version}`);
}

function summarize(status: NpmProvenanceResult['status'], failures: NpmProvenanceFailure[]): string {
  if (status === 'verified') return 'npm attestations verified';
  const first = failures[0];
  return first === undefined ? 'not verified' : first.message;
}

/**
 * Verify a package version's npm attestations: the SLSA provenance (keyless, Fulcio certificate) and
 * npm's publish attestation (signed with an npm registry key), each with @sigstore/verify against the
 * given trust material, each naming the package URL and the tarball's sha512 as its subject, and the
 * provenance signed by the identity the registry recorded. Missing attestations are "unverified",
 * never "verified". Structural failures are reported before cryptographic ones; every failure is listed.
 */
export function verifyNpmProvenance(input: NpmProvenanceInput): NpmProvenanceResult {
  const purl = toNpmPurl(input.name, input.version);
  const evidence = { purl, integrity: input.integrity, identityPinned: input.expected !== undefined };
  const result = (
    status: NpmProvenanceResult['status'],
    failures: NpmProvenanceFailure[],
    attestations: NpmAttestationSummary[] = [],
  ): NpmProvenanceResult => ({
    status,
    code: failures[0]?.code ?? 'verified',
    message: summarize(status, failures),
    failures,
    attestations,
    evidence,
  });
  const digest = integrityHex(input.integrity);
  if (digest === undefined) {
    return result('failed', [
      fail('integrity_invalid', 'the tarball integrity is not a sha512 SRI value', {
        actual: input.integrity,
      }),
    ]);
  }
  const list = listAttestations(input.attestations);
  if (list === undefined || list.length === 0) {
    return result('unverified', [fail('attestations_missing', `${purl} has no attestations`)]);
  }
  const keys = input.keys ?? NPM_ATTESTATION_KEYS;
  const parsed = list.map((entry) => inspectAttestation(entry, purl, digest, keys));
  const failures = parsed.flatMap((p) => p.failures);
  const seen = new Set<string>();
  for (const p of parsed) {
    if (p.failures.length === 0 && seen.has(p.predicateType)) {
      failures.push(
        fail('attestation_duplicate', `more than one ${p.predicateType} attestation`, {
          predicateType: p.predicateType,
        }),
      );
    }
    seen.add(p.predicateType);
  }
  for (const p of parsed) {
    if (p.failures.length > 0 || p.bundle === undefined) continue;
    try {
      verifySignedBundle(p.bundle, { trustMaterial: input.trustMaterial });
    } catch (error) {
      const failure = toBundleCheckFailure(error);
      failures.push(fail(failure.code, failure.message, { predicateType: p.predicateType }));
      continue;
    }
    const signer = readFulcioIdentity(p.bundle);
    if (signer !== undefined) p.summary.signer = signer;
    const identityFailures =
      signer !== undefined && input.expected !== undefined && PROVENANCE_TYPES.has(p.predicateType)
        ? checkProvenanceIdentity(input.expected, signer).map((f) => ({
            ...f,
            evidence: { predicateType: p.predicateType, ...f.evidence },
          }))
        : [];
    failures.push(...identityFailures);
    p.summary.verified = identityFailures.length === 0;
  }
  const attestations = parsed.map((p) => p.summary);
  const hasProvenance = parsed.some((p) => PROVENANCE_TYPES.has(p.predicateType));
  const hasPublish = parsed.some((p) => p.predicateType === NPM_PUBLISH_V01);
  if (failures.length > 0) return result('failed', failures, attestations);
  if (!hasProvenance) {
    const missing = fail('provenance_missing', `${purl} has no SLSA provenance attestation`);
    // The registry recorded who builds this package: a version without provenance contradicts it.
    return result(input.expected === undefined ? 'unverified' : 'failed', [missing], attestations);
  }
  if (!hasPublish) {
    return result(
      'unverified',
      [fail('publish_attestation_missing', `${purl} has no npm publish attestation`)],
      attestations,
    );
  }
  return result('verified', [], attestations);
}
