export { describeIdentity, expandVariables, identifyEntry } from './identify.js';
export { redactArgs, redactUrl } from './redact.js';
export { type Resolution, type ResolveOptions, readLockedIntegrity, resolveIdentity } from './resolve.js';
export {
  normalizeOciRepository,
  normalizePypiName,
  type OciRef,
  parseNpmSpec,
  parseOciRef,
  parsePypiSpec,
  splitShellWords,
} from './specs.js';
export type { IdentifyContext, Identity, Launcher, PackageRegistryType } from './types.js';
