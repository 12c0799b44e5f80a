export {
  ITEM_KINDS,
  type ItemFingerprint,
  type ItemKind,
  isCanonicallyEqual,
  KIND_FIELDS,
  toFingerprint,
  toItemFingerprints,
  toItemKey,
  toSurfaceFingerprint,
  withFingerprint,
} from './fingerprint.js';
