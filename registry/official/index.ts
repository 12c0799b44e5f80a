export {
  MCPVET_META_KEY,
  type McpvetMeta,
  type McpvetPackageMeta,
  OFFICIAL_META_KEY,
  type OfficialMeta,
  type OfficialServer,
  type OfficialServerResponse,
  type ResponseInput,
  toOfficialResponse,
  toOfficialServer,
  toPackageMeta,
} from './map.js';
export { officialRoutes } from './routes.js';
export {
  assertVersionParam,
  compareReleaseVersions,
  findLatestApprovedRelease,
  isExactVersion,
} from './version.js';
