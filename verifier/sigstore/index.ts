export {
  assertStatementSubject,
  type BundleArtifact,
  IN_TOTO_PAYLOAD_TYPE,
  toBundleEntity,
} from './entity.js';
export { type BundleCheckCode, BundleCheckFailure, toBundleCheckFailure } from './failure.js';
export { type FulcioIdentity, readFulcioIdentity } from './fulcio.js';
export { toExactPattern, toIdentityPolicy } from './identity.js';
export {
  NPM_PUBLISH_V01,
  type NpmAttestationSummary,
  type NpmProvenanceCode,
  type NpmProvenanceFailure,
  SLSA_PROVENANCE_V1,
  SLSA_PROVENANCE_V02,
} from './npm-attestation.js';
export { checkProvenanceIdentity } from './npm-identity.js';
export { findNpmKey, NPM_ATTESTATION_KEYS, type NpmRegistryKey, toNpmKeyFinder } from './npm-keys.js';
export {
  type NpmProvenanceInput,
  type NpmProvenanceResult,
  toNpmPurl,
  toNpmTrustMaterial,
  verifyNpmProvenance,
} from './npm-provenance.js';
export { verifyPrehashed } from './prehashed.js';
export {
  loadPublicGoodTrustedRoot,
  loadTufNpmKeys,
  parseTrustedRoot,
  toBundleTrustMaterial,
} from './trusted-root.js';
export {
  type BundleSigner,
  type BundleVerification,
  parseBundle,
  type SignedBundleCheck,
  type VerifyBundleInput,
  verifyBundle,
  verifySignedBundle,
} from './verify-bundle.js';
