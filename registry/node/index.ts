export { loadOrCreateTrust, type TrustFiles } from './keys.js';
export { type RotationResult, rotateDataDirKeys } from './rotate.js';
export { type RunningRegistry, type ServeOptions, startRegistry } from './serve.js';
