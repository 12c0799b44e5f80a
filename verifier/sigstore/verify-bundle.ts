import { createPublicKey, type KeyObject } from 'node:crypto';
import { type Bundle, bundleFromJSON } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import {
  type Signer,
  type TrustMaterial,
  type VerificationPolicy,
  Verifier,
  type VerifierOptions,
} from '@sigstore/verify';
import { assertStatementSubject, type BundleArtifact, toBundleEntity } from './entity.js';
import { type BundleCheckCode, BundleCheckFailure, toBundleCheckFailure } from './failure.js';
import { toIdentityPolicy } from './identity.js';
import { assertBundleStructure, assertChainRootsTrusted } from './structure.js';
import { loadPublicGoodTrustedRoot, parseTrustedRoot, toBundleTrustMaterial } from './trusted-root.js';

/** Who must have signed: a Fulcio certificate identity and OIDC issuer, or a managed key (PEM). */
export type BundleSigner = { identity: string; issuer: string } | { publicKeyPem: string };

export interface VerifyBundleInput {
  /** The bundle as parsed JSON. */
  bundle: unknown;
  artifact: BundleArtifact;
  signer: BundleSigner;
  /** trusted_root.json as parsed JSON; the Sigstore public-good root when absent. */
  trustedRoot?: unknown;
}

export interface BundleVerification {
  ok: boolean;
  code: 'verified' | BundleCheckCode;
  severity: 'info' | 'high' | 'critical';
  message: string;
  evidence: {
    mediaType?: string;
    subjectAlternativeName?: string;
    issuer?: string;
    detail?: unknown;
  };
}

/** Parse bundle JSON with the structural checks @sigstore/bundle leaves out; throws BundleCheckFailure. */
export function parseBundle(json: unknown): Bundle {
  const checkable = assertBundleStructure(json);
  try {
    return bundleFromJSON(checkable);
  } catch (error) {
    throw toBundleCheckFailure(error);
  }
}

export interface SignedBundleCheck {
  trustMaterial: TrustMaterial;
  /** Required for message-signature bundles; DSSE bundles carry their payload. */
  artifact?: BundleArtifact;
  policy?: VerificationPolicy;
  options?: VerifierOptions;
}

/**
 * Cryptographic verification of a parsed bundle with @sigstore/verify: timestamps, certificate chain
 * and SCTs (or the managed key), log inclusion and body, the signature, and the identity policy.
 * Throws BundleCheckFailure; returns the verified signer.
 */
export function verifySignedBundle(bundle: Bundle, check: SignedBundleCheck): Signer {
  if (bundle.content.$case === 'messageSignature' && check.artifact === undefined) {
    throw new BundleCheckFailure(
      'artifact_mismatch',
      'a message-signature bundle needs the artifact or its digest',
    );
  }
  try {
    assertChainRootsTrusted(bundle, check.trustMaterial.certificateAuthorities);
    const entity = toBundleEntity(bundle, check.artifact ?? { sha256: '' });
    return new Verifier(check.trustMaterial, check.options).verify(entity, check.policy);
  } catch (error) {
    throw toBundleCheckFailure(error);
  }
}

function toTrustedRoot(json: unknown): TrustedRoot {
  return json === undefined ? loadPublicGoodTrustedRoot() : parseTrustedRoot(json);
}

function toManagedKey(pem: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch (error) {
    throw new BundleCheckFailure(
      'key_invalid',
      `the given public key is not a PEM public key: ${(error as Error).message}`,
    );
  }
}

/**
 * `verify-bundle` with the Sigstore conformance suite's semantics: the bundle must verify against the
 * trusted root, be signed by the given identity (exact SAN and issuer) or managed key, and cover the
 * artifact (its bytes or sha256 digest; for an in-toto DSSE bundle, as one of the statement's subjects).
 * Never throws: every failure is a result with its own code.
 */
export function verifyBundle(input: VerifyBundleInput): BundleVerification {
  const evidence: BundleVerification['evidence'] = {};
  try {
    const root = toTrustedRoot(input.trustedRoot);
    const bundle = parseBundle(input.bundle);
    evidence.mediaType = bundle.mediaType;
    const keyed = 'publicKeyPem' in input.signer;
    const material = bundle.verificationMaterial.content.$case;
    if (keyed !== (material === 'publicKey')) {
      throw new BundleCheckFailure(
        'public_key_invalid',
        keyed
          ? 'a managed key was given but the bundle is signed with a certificate'
          : 'the bundle is signed with a managed key; pass --key to verify it',
      );
    }
    let trustMaterial: TrustMaterial;
    let policy: VerificationPolicy | undefined;
    if ('publicKeyPem' in input.signer) {
      const key = toManagedKey(input.signer.publicKeyPem);
      // The caller's key is the only key: the bundle's hint is an unauthenticated label.
      trustMaterial = toBundleTrustMaterial(root, () => ({ publicKey: key, validFor: () => true }));
    } else {
      trustMaterial = toBundleTrustMaterial(root);
      policy = toIdentityPolicy(input.signer.identity, input.signer.issuer);
    }
    assertStatementSubject(bundle, input.artifact);
    const signer = verifySignedBundle(bundle, { trustMaterial, artifact: input.artifact, policy });
    evidence.subjectAlternativeName = signer.identity?.subjectAlternativeName;
    evidence.issuer = signer.identity?.extensions?.issuer;
    return { ok: true, code: 'verified', severity: 'info', message: 'bundle verified', evidence };
  } catch (error) {
    const failure = toBundleCheckFailure(error);
    if (failure.evidence !== undefined) evidence.detail = failure.evidence;
    const severity =
      failure.code === 'bundle_malformed' || failure.code === 'trusted_root_invalid' ? 'high' : 'critical';
    return { ok: false, code: failure.code, severity, message: failure.message, evidence };
  }
}
