export { checkLive, type LiveOptions, toDriftResult } from './live.js';
export { checkLogInclusion, type LogInclusionInput, toLogVerifiers } from './log-trust.js';
export { checkNpmProvenance, createNpmAttestationFetcher, type FetchNpmAttestations } from './provenance.js';
export {
  checkReleaseTrust,
  compareRecordWithAttestation,
  type ReleaseTrustInput,
  type ReleaseTrustResult,
  toTrustResult,
  type VerifiedAttestation,
} from './release-trust.js';
export {
  type PinnedRoot,
  readPolicyRoots,
  readTrustLocation,
  selectPinnedRoot,
  type TrustLocation,
  toTrustLocation,
} from './roots.js';
export {
  runVerification,
  type ServerVerification,
  toExitCode,
  type VerifyRun,
  type VerifyRunOptions,
} from './run.js';
export { type ReleaseEvidence, type ServerTrust, verifyMatchedRelease } from './server-trust.js';
export { type OpenTrustOptions, openRegistryTrust, type RegistryTrust, unverifiedResult } from './session.js';
