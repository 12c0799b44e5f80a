export { type ConfigLocation, type ServerMapSpec, toConfigLocations, toExplicitLocation } from './clients.js';
export { toDiscoveryContext } from './context.js';
export { discoverServers } from './discover.js';
export { type NormalizedEntry, normalizeEntry } from './entries.js';
export { findTomlTableLine, parseJsonc, parseTomlText, toLineIndex } from './text.js';
export {
  CLIENT_IDS,
  type ClientId,
  type ConfigFileRecord,
  type ConfigFormat,
  type ConfigScope,
  type DiscoveredServer,
  type DiscoveryContext,
  type DiscoveryOptions,
  type DiscoveryProblem,
  type DiscoveryProblemCode,
  type DiscoveryResult,
  type ServerEntry,
  type SourceLocation,
} from './types.js';
