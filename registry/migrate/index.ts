export { applyMigrations, type Migration, type MigrationReport } from './migrate.js';
