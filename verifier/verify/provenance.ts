import type { TrustMaterial } from '@sigstore/verify';
import type { Package } from '../../registry/records/index.js';
import type { CheckResult } from '../checks/index.js';
import type { Resolution } from '../identity/index.js';
import { toNpmTrustMaterial, verifyNpmProvenance } from '../sigstore/index.js';

/** npm's attestations for name@version: the body of /-/npm/v1/attestations/…, undefined when npm has none. */
export type FetchNpmAttestations = (name: string, version: string) => Promise<unknown>;

let publicGood: TrustMaterial | undefined;
function trustMaterial(): TrustMaterial {
  publicGood ??= toNpmTrustMaterial();
  return publicGood;
}

/**
 * When the release records who builds its npm package (packages[].provenance), the package version's
 * npm attestations must verify against the public-good Sigstore root and name that source. Missing
 * attestations leave it unverified (a finding); attestations that fail are a trust failure.
 */
export function checkNpmProvenance(input: {
  pkg: Package | undefined;
  resolution: Resolution;
  server: string;
  attestations: unknown;
  /** Why the attestations could not be fetched (network, offline without a lock copy). */
  unavailable?: string;
}): CheckResult[] {
  const { pkg } = input;
  if (pkg?.registryType !== 'npm' || pkg.provenance === undefined || pkg.version === undefined) return [];
  const integrity =
    pkg.digest ?? (input.resolution.status === 'resolved' ? input.resolution.integrity : null) ?? null;
  const where = `${pkg.identifier}@${pkg.version}`;
  const evidence = { server: input.server, package: where, expected: pkg.provenance };
  if (input.unavailable !== undefined || integrity === null) {
    return [
      {
        code: 'provenance_unverified',
        severity: 'high',
        message: `the registry records npm provenance for ${where}, but it was not checked: ${input.unavailable ?? 'no tarball integrity to check it against'}`,
        evidence,
      },
    ];
  }
  const result = verifyNpmProvenance({
    attestations: input.attestations,
    name: pkg.identifier,
    version: pkg.version,
    integrity,
    expected: pkg.provenance,
    trustMaterial: trustMaterial(),
  });
  if (result.status === 'verified') return [];
  const detail = {
    ...evidence,
    check: result.code,
    failures: result.failures,
    attestations: result.attestations,
  };
  if (result.status === 'unverified') {
    return [
      {
        code: 'provenance_unverified',
        severity: 'high',
        message: `the registry records npm provenance for ${where}, but ${result.message}`,
        evidence: detail,
      },
    ];
  }
  return [
    {
      code: 'provenance_invalid',
      severity: 'critical',
      message: `npm provenance of ${where} does not verify: ${result.message} (${result.code})`,
      evidence: detail,
    },
  ];
}

/** GET <npm registry>/-/npm/v1/attestations/<name>@<version>: undefined on 404, throws when unreachable. */
export function createNpmAttestationFetcher(registry: string, timeoutMs = 15_000): FetchNpmAttestations {
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  return async (name, version) => {
    const url = new URL(`-/npm/v1/attestations/${name.replace('/', '%2F')}@${version}`, base);
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`${url.host} answered ${response.status}`);
    return response.json();
  };
}
