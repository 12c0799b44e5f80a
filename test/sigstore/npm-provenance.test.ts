import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  loadTufNpmKeys,
  NPM_ATTESTATION_KEYS,
  NPM_PUBLISH_V01,
  type NpmProvenanceInput,
  toNpmPurl,
  toNpmTrustMaterial,
  verifyNpmProvenance,
} from '../../verifier/sigstore/index.js';

const FIXTURES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures/npm-attestations',
);
const present = existsSync(FIXTURES);
if (!present) console.log(`[npm-attestations] ${FIXTURES} is absent: npm provenance fixture tests not run`);

const GITHUB = 'https://token.actions.githubusercontent.com';
const WORKFLOW = '.github/workflows/publish.yml';

// Every fixture file and what it must give. The pacote ones are sigstore@0.4.0 and broken variants of
// it: each broken one must be rejected with its own code.
const EXPECTED: Record<string, { pkg: string; version: string; repo: string; code: string }> = {
  'npm-cli-valid-sigstore-attestations.json': {
    pkg: 'sigstore',
    version: '1.0.0',
    repo: 'https://github.com/sigstore/sigstore-js',
    code: 'verified',
  },
  'npm-cli-valid-tuf-js-attestations.json': {
    pkg: 'tuf-js',
    version: '1.0.0',
    repo: 'https://github.com/theupdateframework/tuf-js',
    code: 'verified',
  },
  'pacote-valid-attestations.json': {
    pkg: 'sigstore',
    version: '0.4.0',
    repo: 'https://github.com/sigstore/sigstore-js',
    code: 'verified',
  },
  'pacote-invalid-attestations.json': {
    pkg: 'sigstore',
    version: '0.4.0',
    repo: 'https://github.com/sigstore/sigstore-js',
    code: 'signature_invalid',
  },
  'pacote-malformed-subject-attestations.json': {
    pkg: 'sigstore',
    version: '0.4.0',
    repo: 'https://github.com/sigstore/sigstore-js',
    code: 'subject_malformed',
  },
  'pacote-mismatched-keyid-attestations.json': {
    pkg: 'sigstore',
    version: '0.4.0',
    repo: 'https://github.com/sigstore/sigstore-js',
    code: 'keyid_mismatch',
  },
  'pacote-mismatched-subject-digest-attestations.json': {
    pkg: 'sigstore',
    version: '0.4.0',
    repo: 'https://github.com/sigstore/sigstore-js',
    code: 'subject_digest_mismatch',
  },
  'pacote-mismatched-subject-name-attestations.json': {
    pkg: 'sigstore',
    version: '0.4.0',
    repo: 'https://github.com/sigstore/sigstore-js',
    code: 'subject_name_mismatch',
  },
  'pacote-no-keyid-attestations.json': {
    pkg: 'sigstore',
    version: '0.4.0',
    repo: 'https://github.com/sigstore/sigstore-js',
    code: 'keyid_missing',
  },
  'pacote-unsupported-attestations.json': {
    pkg: 'sigstore',
    version: '0.4.0',
    repo: 'https://github.com/sigstore/sigstore-js',
    code: 'payload_type_unsupported',
  },
};

type Attestation = { predicateType: string; bundle: { dsseEnvelope: { payload: string } } };

function load(file: string): { attestations: Attestation[] } {
  return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
}

/** The tarball integrity, taken from the untampered fixture of that version (what the registry serves). */
function integrityOf(file: string): string {
  const statement = JSON.parse(
    Buffer.from((load(file).attestations[0] as Attestation).bundle.dsseEnvelope.payload, 'base64').toString(
      'utf8',
    ),
  );
  return `sha512-${Buffer.from(statement.subject[0].digest.sha512, 'hex').toString('base64')}`;
}

const VALID_FOR: Record<string, string> = {
  'sigstore@1.0.0': 'npm-cli-valid-sigstore-attestations.json',
  'tuf-js@1.0.0': 'npm-cli-valid-tuf-js-attestations.json',
  'sigstore@0.4.0': 'pacote-valid-attestations.json',
};

describe('npm package URLs and keys (no fixtures needed)', () => {
  it('names scoped packages the way npm does', () => {
    expect(toNpmPurl('@scope/name', '1.2.3')).toBe('pkg:npm/%40scope/name@1.2.3');
    expect(toNpmPurl('sigstore', '0.4.0')).toBe('pkg:npm/sigstore@0.4.0');
  });

  it('embeds exactly the npm:attestations keys the Sigstore TUF repository distributes', () => {
    const tuf = loadTufNpmKeys() as {
      keys: Array<{
        keyId: string;
        keyUsage: string;
        publicKey: { rawBytes: string; validFor: { start: string; end?: string } };
      }>;
    };
    const fromTuf = tuf.keys
      .filter((k) => k.keyUsage === 'npm:attestations')
      .map((k) => ({
        keyId: k.keyId,
        publicKey: k.publicKey.rawBytes,
        notBefore: k.publicKey.validFor.start,
        ...(k.publicKey.validFor.end ? { notAfter: k.publicKey.validFor.end } : {}),
      }));
    expect(NPM_ATTESTATION_KEYS).toEqual(fromTuf);
  });

  it('calls a package without attestations unverified, never verified', () => {
    for (const attestations of [undefined, null, [], { attestations: [] }]) {
      const result = verifyNpmProvenance({
        attestations,
        name: 'left-pad',
        version: '1.3.0',
        integrity: `sha512-${Buffer.alloc(64).toString('base64')}`,
        trustMaterial: toNpmTrustMaterial(),
      });
      expect(result.status).toBe('unverified');
      expect(result.code).toBe('attestations_missing');
    }
  });
});

describe.runIf(present)('npm provenance fixtures', () => {
  const trustMaterial = present ? toNpmTrustMaterial() : (undefined as never);
  const input = (file: string, overrides: Partial<NpmProvenanceInput> = {}): NpmProvenanceInput => {
    const e = EXPECTED[file] as (typeof EXPECTED)[string];
    return {
      attestations: load(file),
      name: e.pkg,
      version: e.version,
      integrity: integrityOf(VALID_FOR[`${e.pkg}@${e.version}`] as string),
      expected: { sourceRepository: e.repo, workflow: WORKFLOW, issuer: GITHUB },
      trustMaterial,
      ...overrides,
    };
  };

  it('has an expectation for every fixture file', () => {
    expect(
      readdirSync(FIXTURES)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  it('gives each broken fixture its own code', () => {
    const codes = Object.values(EXPECTED)
      .map((e) => e.code)
      .filter((c) => c !== 'verified');
    expect(new Set(codes).size).toBe(codes.length);
  });

  for (const [file, e] of Object.entries(EXPECTED)) {
    it(`${file}: ${e.code}`, () => {
      const result = verifyNpmProvenance(input(file));
      expect(result.code, JSON.stringify(result.failures)).toBe(e.code);
      if (e.code === 'verified') {
        expect(result.status).toBe('verified');
        expect(result.attestations.map((a) => [a.predicateType, a.verified])).toEqual([
          ['https://slsa.dev/provenance/v0.2', true],
          [NPM_PUBLISH_V01, true],
        ]);
        expect(result.attestations[0]?.signer?.sourceRepository).toBe(e.repo);
      } else {
        expect(result.status).toBe('failed');
      }
    });
  }

  const valid = 'pacote-valid-attestations.json';

  it('rejects provenance from another repository, workflow or issuer', () => {
    const cases: Array<[NpmProvenanceInput['expected'], string]> = [
      [
        { sourceRepository: 'https://github.com/sigstore/sigstore', workflow: WORKFLOW, issuer: GITHUB },
        'identity_mismatch',
      ],
      [{ sourceRepository: 'https://github.com/evil/sigstore-js', issuer: GITHUB }, 'identity_mismatch'],
      [
        { sourceRepository: 'https://github.com/sigstore/sigstore-js', workflow: '.github/workflows/ci.yml' },
        'identity_mismatch',
      ],
      [
        {
          sourceRepository: 'https://github.com/sigstore/sigstore-js',
          workflow: '.github/workflows/publish.y',
        },
        'identity_mismatch',
      ],
      [
        { sourceRepository: 'https://github.com/sigstore/sigstore-js', issuer: 'https://gitlab.com' },
        'issuer_mismatch',
      ],
      [{ sourceRepository: 'https://git.example/sigstore/sigstore-js' }, 'expected_identity_incomplete'],
    ];
    for (const [expected, code] of cases) {
      const result = verifyNpmProvenance(input(valid, { expected }));
      expect(result.status).toBe('failed');
      expect(result.failures.map((f) => f.code)).toContain(code);
    }
  });

  it('says when the provenance identity was not pinned', () => {
    const unpinned = verifyNpmProvenance(input(valid, { expected: undefined }));
    expect([unpinned.code, unpinned.evidence.identityPinned]).toEqual(['verified', false]);
    expect(verifyNpmProvenance(input(valid)).evidence.identityPinned).toBe(true);
  });

  it('accepts the recorded identity without workflow, with the default GitHub issuer, in any case of the repo URL', () => {
    const result = verifyNpmProvenance(
      input(valid, { expected: { sourceRepository: 'https://github.com/Sigstore/sigstore-js.git' } }),
    );
    expect(result.code).toBe('verified');
  });

  it('rejects attestations for another tarball', () => {
    const result = verifyNpmProvenance(
      input(valid, { integrity: integrityOf('npm-cli-valid-tuf-js-attestations.json') }),
    );
    expect(result.code).toBe('subject_digest_mismatch');
  });

  it('rejects a bundle swapped in from another package version', () => {
    const other = load('npm-cli-valid-sigstore-attestations.json').attestations;
    const swapped = { attestations: [load(valid).attestations[0], other[1]] };
    expect(verifyNpmProvenance(input(valid, { attestations: swapped })).code).toBe('subject_name_mismatch');
  });

  it('requires the provenance the registry recorded and both attestations', () => {
    const [provenance, publish] = load(valid).attestations;
    const onlyPublish = verifyNpmProvenance(input(valid, { attestations: { attestations: [publish] } }));
    expect([onlyPublish.status, onlyPublish.code]).toEqual(['failed', 'provenance_missing']);
    const unpinned = verifyNpmProvenance(
      input(valid, { attestations: { attestations: [publish] }, expected: undefined }),
    );
    expect([unpinned.status, unpinned.code]).toEqual(['unverified', 'provenance_missing']);
    const onlyProvenance = verifyNpmProvenance(
      input(valid, { attestations: { attestations: [provenance] } }),
    );
    expect([onlyProvenance.status, onlyProvenance.code]).toEqual([
      'unverified',
      'publish_attestation_missing',
    ]);
    const twice = verifyNpmProvenance(
      input(valid, { attestations: { attestations: [provenance, provenance, publish] } }),
    );
    expect(twice.code).toBe('attestation_duplicate');
  });

  it('rejects an attestation listed under another predicate type', () => {
    const [provenance, publish] = load(valid).attestations as [Attestation, Attestation];
    const relabelled = { attestations: [{ ...provenance, predicateType: NPM_PUBLISH_V01 }, publish] };
    expect(verifyNpmProvenance(input(valid, { attestations: relabelled })).code).toBe(
      'predicate_type_mismatch',
    );
  });

  it('checks the npm key: unknown keys and keys outside their validity window are rejected', () => {
    expect(verifyNpmProvenance(input(valid, { keys: [] })).code).toBe('key_unknown');
    const [first] = NPM_ATTESTATION_KEYS;
    const expired = [
      { ...(first as (typeof NPM_ATTESTATION_KEYS)[number]), notAfter: '2022-12-31T00:00:00.000Z' },
    ];
    const result = verifyNpmProvenance(
      input(valid, { keys: expired, trustMaterial: toNpmTrustMaterial(undefined, expired) }),
    );
    expect(result.code).toBe('public_key_invalid');
  });
});
