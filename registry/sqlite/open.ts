import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations, type Migration, type MigrationReport } from '../migrate/index.js';
import { SqlRegistryStore } from '../store/index.js';
import { BetterSqliteDriver } from './driver.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/** The SQL files wrangler also applies; read from the source tree (dist/ has none, so fall back to it). */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const candidates = [dir, join(dir, '..', '..', '..', 'registry', 'migrations')];
  for (const d of candidates) {
    try {
      return readdirSync(d)
        .filter((f) => f.endsWith('.sql'))
        .sort()
        .map((name) => ({ name, sql: readFileSync(join(d, name), 'utf8') }));
    } catch {
      // try the next place
    }
  }
  throw new Error(`no migrations found in ${dir}`);
}

export interface OpenedSqliteStore {
  store: SqlRegistryStore;
  driver: BetterSqliteDriver;
  migrations: MigrationReport;
}

/** Opens (creating if needed) the SQLite database at path and brings its schema up to date. */
export async function openSqliteStore(path: string): Promise<OpenedSqliteStore> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const driver = new BetterSqliteDriver(path);
  const migrations = await applyMigrations(driver, readMigrations());
  return { store: new SqlRegistryStore(driver), driver, migrations };
}
