export {
  type ReleaseEvent,
  type ReleaseEventType,
  sealReleaseEvent,
  toArtifactDigests,
  toDeclaredFingerprint,
  toSubmittedRecord,
} from './seal.js';
export { SnapshotCache } from './snapshot.js';
export { createRegistryTrust, type RegistryTrust, type RegistryTrustInput, toLogOrigin } from './trust.js';
