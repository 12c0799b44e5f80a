import type { ProvenanceIdentity } from '../../registry/records/index.js';
import type { FulcioIdentity } from './fulcio.js';
import type { NpmProvenanceFailure } from './npm-attestation.js';

// The OIDC issuers of the CI systems npm accepts provenance from, by source host.
const DEFAULT_ISSUERS: Record<string, string> = {
  'github.com': 'https://token.actions.githubusercontent.com',
  'gitlab.com': 'https://gitlab.com',
};

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function normalizeRepository(url: string): string {
  const trimmed = url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  // GitHub and GitLab paths are case-insensitive; certificates carry the canonical case, records may not.
  return DEFAULT_ISSUERS[hostOf(trimmed) ?? ''] === undefined ? trimmed : trimmed.toLowerCase();
}

function mismatch(
  code: 'identity_mismatch' | 'issuer_mismatch' | 'expected_identity_incomplete',
  message: string,
  expected?: string,
  actual?: string,
): NpmProvenanceFailure {
  return {
    code,
    severity: code === 'expected_identity_incomplete' ? 'high' : 'critical',
    message,
    evidence: { expected, actual },
  };
}

/**
 * The provenance certificate must name what the registry recorded: the OIDC issuer, the source
 * repository (Fulcio's Source Repository URI, or the GitHub repository extension of older certificates)
 * and, when recorded, the workflow file the build ran (Build Config URI, else the SAN), matched exactly.
 */
export function checkProvenanceIdentity(
  expected: ProvenanceIdentity,
  actual: FulcioIdentity,
): NpmProvenanceFailure[] {
  const failures: NpmProvenanceFailure[] = [];
  const repository = normalizeRepository(expected.sourceRepository);
  const issuer = expected.issuer ?? DEFAULT_ISSUERS[hostOf(repository) ?? ''];
  if (issuer === undefined) {
    failures.push(
      mismatch('expected_identity_incomplete', `no issuer recorded for ${expected.sourceRepository}`),
    );
  } else if (actual.issuer !== issuer) {
    failures.push(
      mismatch('issuer_mismatch', 'provenance was signed through another OIDC issuer', issuer, actual.issuer),
    );
  }
  if (actual.sourceRepository === undefined || normalizeRepository(actual.sourceRepository) !== repository) {
    failures.push(
      mismatch(
        'identity_mismatch',
        'provenance was built from another repository',
        expected.sourceRepository,
        actual.sourceRepository,
      ),
    );
  }
  if (expected.workflow !== undefined) {
    const workflow = expected.workflow.replace(/^\/+/, '');
    const ref = actual.buildConfig ?? actual.subjectAlternativeName ?? '';
    // <repository>/<workflow>@<ref>: the repository compared like above, the workflow path exactly.
    const head = normalizeRepository(ref.slice(0, repository.length));
    const rest = ref.slice(repository.length);
    if (head !== repository || !rest.startsWith(`/${workflow}@`) || rest.length <= workflow.length + 2) {
      failures.push(
        mismatch(
          'identity_mismatch',
          'provenance was built by another workflow',
          `${repository}/${workflow}@…`,
          ref,
        ),
      );
    }
  }
  return failures;
}
