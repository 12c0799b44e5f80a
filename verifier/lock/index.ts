export { type LockInput, toLock } from './build.js';
export {
  compareLockEntry,
  type LockTrust,
  lockMismatch,
  type OpenLockTrustOptions,
  openLockTrust,
  verifyLockEntry,
} from './check.js';
export { LOCK_FILE, type LoadedLock, readLock, SNAPSHOT_FILE, writeLock } from './file.js';
export { toLockId } from './id.js';
export { createLockLookup, type LockLookup, toLockedRecord } from './lookup.js';
