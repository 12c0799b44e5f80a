export {
  checkAgainstRegistry,
  checkDigest,
  checkPinning,
  checkResolution,
  checkVerifiable,
  newestApproved,
} from './checks.js';
export { candidatePackage, findCandidates, normalizeUrl, packagePin } from './match.js';
export { checkServers, type RunAdapters, type RunOptions, type ServerOutcome } from './run.js';
export {
  type Candidate,
  CHECK_DESCRIPTIONS,
  type CheckCode,
  type CheckResult,
  TRUST_CHECK_CODES,
  type TrustCheckCode,
} from './types.js';
