import type { SqlDriver } from '../store/driver.js';
import { sql } from '../store/driver.js';

export interface Migration {
  /** File name, e.g. 0001_init.sql: the key wrangler records in d1_migrations. */
  name: string;
  sql: string;
}

export interface MigrationReport {
  applied: string[];
  skipped: string[];
}

// Same table wrangler creates, so `wrangler d1 migrations apply` and this migrator agree on what ran.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/** Splits a migration file into statements; triggers keep their inner semicolons (BEGIN … END;). */
export function splitStatements(text: string): string[] {
  const lines = text.split('\n').filter((l) => !/^\s*--/.test(l));
  const out: string[] = [];
  let current = '';
  let inTrigger = false;
  for (const line of lines) {
    current += `${line}\n`;
    if (/\bCREATE\s+TRIGGER\b/i.test(line)) inTrigger = true;
    const trimmed = line.trim();
    if (inTrigger ? /\bEND\s*;\s*$/i.test(trimmed) : trimmed.endsWith(';')) {
      if (current.trim()) out.push(current.trim());
      current = '';
      inTrigger = false;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Applies pending migrations in name order, each with its d1_migrations row in one atomic batch. */
export async function applyMigrations(db: SqlDriver, migrations: Migration[]): Promise<MigrationReport> {
  await db.run(CREATE_TABLE);
  const done = new Set((await db.all<{ name: string }>('SELECT name FROM d1_migrations')).map((r) => r.name));
  const report: MigrationReport = { applied: [], skipped: [] };
  for (const m of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    if (done.has(m.name)) {
      report.skipped.push(m.name);
      continue;
    }
    const statements = splitStatements(m.sql).map((s) => sql(s));
    statements.push(sql('INSERT INTO d1_migrations (name) VALUES (?)', m.name));
    await db.batch(statements);
    report.applied.push(m.name);
  }
  return report;
}
