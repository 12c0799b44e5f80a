export { type CachedServer, createReleaseCache, defaultCacheDir, type ReleaseCache } from './cache.js';
export {
  createRegistryClient,
  type RegistryClient,
  type RegistryClientOptions,
  type ServerSummary,
} from './http.js';
export {
  createReleaseLookup,
  type LookupOptions,
  type RegistryState,
  type ReleaseLookup,
  toPackageIdentifiers,
  toSearchTerm,
} from './lookup.js';
