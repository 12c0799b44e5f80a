export { createApp, DEFAULT_SETTINGS } from './app.js';
export type { AppEnv, RegistryDeps, RegistrySettings } from './context.js';
export {
  canTransition,
  findLatestApproved,
  type ServerSummary,
  sortNewestFirst,
  toReleaseRecord,
  toServerSummary,
} from './records.js';
export { parseTokenRequest, type TokenInfo, toTokenInfo } from './tokens.js';
