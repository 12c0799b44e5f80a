export {
  assertStatementSubject,
  type BundleArtifact,
  IN_TOTO_PAYLOAD_TYPE,
  toBundleEntity,
} from './entity.js';
export { type BundleCheckCode, BundleCheckFailure, toBundleCheckFailure } from './failure.js';
export { toExactPattern, toIdentityPolicy } from './identity.js';
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
