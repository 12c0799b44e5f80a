export {
  BUNDLE_V03_MEDIA_TYPE,
  type ReleaseAttestationCheck,
  type ReleaseAttestationCode,
  signReleaseAttestation,
  toAttestationDigest,
  verifyReleaseAttestation,
} from './attestation.js';
export { type DsseEnvelope, preAuthEncoding, signEnvelope, verifyDsseSignature } from './dsse.js';
export {
  exportSigningKey,
  generateSigningKey,
  importPublicKey,
  importSigningKey,
  type PublicKeyInfo,
  type SigningAlgorithm,
  type SigningKey,
  signBytes,
  toKeyId,
  toPublicKeyInfo,
  type VerificationKey,
  verifyBytes,
} from './keys.js';
export {
  countRootSignatures,
  createRoot,
  describeRootProblems,
  importKeys,
  type OnlineKey,
  type OnlineRole,
  ROOT_PAYLOAD_TYPE,
  type RootDocument,
  type RootInput,
  type SignedRoot,
  signRoot,
} from './root.js';
export { addSignatures, type SignedDocument, toSignedBytes, validSignatureKeyIds } from './signed.js';
export {
  type SignedSnapshot,
  SNAPSHOT_PAYLOAD_TYPE,
  type SnapshotDocument,
  type SnapshotInput,
  type SnapshotRelease,
  signSnapshot,
} from './snapshot.js';
export {
  type AttestedPackage,
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_V1,
  RELEASE_PREDICATE_TYPE,
  type ReleaseAttestationInput,
  type ReleasePredicate,
  type ReleaseStatement,
  type ResourceDescriptor,
  toNpmPurl,
  toPackageSubject,
  toReleaseAttestationInput,
  toReleaseStatement,
  toReleaseSubjectName,
} from './statement.js';
