import Database from 'better-sqlite3';
import { RegistryError } from '../errors/index.js';
import type { SqlDriver, SqlRunResult, SqlStatement, SqlValue } from '../store/driver.js';

// SQLite result codes that mean "the database cannot take writes now", not "the request was wrong".
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN|NOMEM|PROTOCOL)/;

export function toRegistryError(error: unknown): RegistryError {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  // the batch_assert view's abort: a compare-and-set inside a batch lost its race
  const lostRace = code === 'SQLITE_CONSTRAINT_TRIGGER' && message.includes('compare-and-set failed');
  if (
    code.startsWith('SQLITE_CONSTRAINT_PRIMARYKEY') ||
    code.startsWith('SQLITE_CONSTRAINT_UNIQUE') ||
    lostRace
  ) {
    return new RegistryError('conflict', 'the record already exists', { cause: error });
  }
  if (UNAVAILABLE.test(code)) {
    return new RegistryError('unavailable', 'the registry database cannot be written right now', {
      cause: error,
    });
  }
  return new RegistryError('internal', 'database error', { cause: error });
}

/** better-sqlite3 behind the async driver interface; batches run in one immediate transaction. */
export class BetterSqliteDriver implements SqlDriver {
  readonly db: Database.Database;
  // Preparing is a large share of a small query's cost; the store issues a fixed set of SQL texts.
  private readonly statements = new Map<string, Database.Statement>();

  constructor(path: string, options: { readonly?: boolean } = {}) {
    this.db = new Database(path, { readonly: options.readonly ?? false });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      // FULL: an acknowledged write survives power loss, not only a process crash.
      this.db.pragma('synchronous = FULL');
    }
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
  }

  private prepare(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      if (this.statements.size < 500) this.statements.set(text, statement);
    }
    return statement;
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw toRegistryError(error);
    }
  }

  async all<T>(text: string, params: SqlValue[] = []): Promise<T[]> {
    return this.guard(() => this.prepare(text).all(...params) as T[]);
  }

  async first<T>(text: string, params: SqlValue[] = []): Promise<T | null> {
    return this.guard(() => (this.prepare(text).get(...params) as T | undefined) ?? null);
  }

  async run(text: string, params: SqlValue[] = []): Promise<SqlRunResult> {
    return this.guard(() => ({ changes: this.prepare(text).run(...params).changes }));
  }

  async batch(statements: SqlStatement[]): Promise<SqlRunResult[]> {
    return this.guard(() =>
      this.db
        .transaction(() => statements.map((s) => ({ changes: this.prepare(s.sql).run(...s.params).changes })))
        .immediate(),
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
