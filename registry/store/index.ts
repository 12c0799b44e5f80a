export { type SqlDriver, type SqlRunResult, type SqlStatement, type SqlValue, sql } from './driver.js';
export { SqlRegistryStore } from './sql-store.js';
export {
  type AuditEntry,
  type AuditInput,
  type NewAssessment,
  type NewRelease,
  type PackageRef,
  type Page,
  type RegistryStore,
  type ReleaseState,
  ROLES,
  type Role,
  type ServerQuery,
  type ServerRow,
  type StatusChange,
  type StatusEvent,
  type StoreDump,
  type StoredAssessment,
  type StoredRelease,
  type TokenRow,
} from './types.js';
