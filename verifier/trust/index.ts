export { type AttestationCheck, verifyAttestationWithRoot } from './attestation.js';
export { CLOCK_SKEW_MS, type TrustCode, type TrustFailure, trustFailure } from './result.js';
export { type RootCheck, verifyPinnedRoot, verifyRootChain } from './root-chain.js';
export { type KeySelection, selectSigningKey } from './signing-keys.js';
export {
  type AttestedRelease,
  checkAttestationInSnapshot,
  checkSnapshot,
  type SnapshotCheck,
  type SnapshotMatch,
} from './snapshot.js';
export {
  readTrustState,
  recordSnapshotVersion,
  type TrustState,
  toTrustDir,
  writeTrustState,
} from './state.js';
