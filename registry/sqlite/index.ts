export { BetterSqliteDriver, toRegistryError } from './driver.js';
export { type OpenedSqliteStore, openSqliteStore, readMigrations } from './open.js';
