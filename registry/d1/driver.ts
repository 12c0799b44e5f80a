import { RegistryError } from '../errors/index.js';
import type { SqlDriver, SqlRunResult, SqlStatement, SqlValue } from '../store/driver.js';
import type { D1Queryable, D1Result } from './types.js';

// D1 reports SQLite failures as Error messages ("D1_ERROR: UNIQUE constraint failed: …: SQLITE_CONSTRAINT"),
// with no structured code, so the message is all there is to classify. Only uniqueness is a conflict: a
// CHECK or trigger abort (append-only tables) is a bug in the caller, not a duplicate record.
const CONFLICT = /\b(UNIQUE|PRIMARY KEY) constraint failed\b|mcpvet: compare-and-set failed/i;
// Failures that say "try again later", as D1 words them (its documented D1_ERROR list): the database's Durable
// Object was reset, overloaded, out of CPU or memory, unreachable, timed out or full; SQLite busy/locked.
const UNAVAILABLE = new RegExp(
  [
    'object to be reset',
    'reset because',
    'was reset',
    'network connection lost',
    'transient issue',
    'queued for too long',
    'too many requests queued',
    'overloaded',
    'exceeded its (?:memory|cpu time) limit',
    'exceeded maximum db size',
    'client disconnected',
    'timed? ?out',
    'SQLITE_(?:BUSY|LOCKED|FULL|IOERR|NOMEM)',
    'database is locked',
  ].join('|'),
  'i',
);

// Limits production D1 enforces and local workerd does not: a value over the row/string limit (2 MB;
// the API's 1 MiB body cap keeps documents under it) and a LIKE pattern over 50 bytes.
const TOO_BIG = /string or blob too big/i;
const PATTERN_TOO_LONG = /LIKE or GLOB pattern too complex/i;

function messagesOf(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(' | ');
}

export function toRegistryErrorFromD1(error: unknown): RegistryError {
  if (error instanceof RegistryError) return error;
  const text = messagesOf(error);
  if (CONFLICT.test(text))
    return new RegistryError('conflict', 'the record already exists', { cause: error });
  if (TOO_BIG.test(text)) {
    return new RegistryError('payload_too_large', 'a value is larger than the database accepts', {
      cause: error,
    });
  }
  if (PATTERN_TOO_LONG.test(text)) {
    return new RegistryError('bad_request', 'the search term is longer than the database accepts', {
      cause: error,
    });
  }
  if (UNAVAILABLE.test(text)) {
    return new RegistryError('unavailable', 'the registry database is unavailable right now', {
      cause: error,
    });
  }
  return new RegistryError('internal', 'database error', { cause: error });
}

function changesOf(result: D1Result<unknown> | undefined): SqlRunResult {
  return { changes: Number(result?.meta?.changes ?? 0) };
}

/**
 * The store's SqlDriver over a D1 database or D1 session. D1 batches run as one SQL transaction
 * (all or none, in order), which is the atomicity the store relies on; D1 has no interactive transactions.
 */
export class D1Driver implements SqlDriver {
  constructor(private readonly db: D1Queryable) {}

  private prepare(text: string, params: SqlValue[]) {
    const statement = this.db.prepare(text);
    return params.length > 0 ? statement.bind(...params) : statement;
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toRegistryErrorFromD1(error);
    }
  }

  all<T>(text: string, params: SqlValue[] = []): Promise<T[]> {
    return this.guard(async () => (await this.prepare(text, params).all<T>()).results ?? []);
  }

  first<T>(text: string, params: SqlValue[] = []): Promise<T | null> {
    return this.guard(async () => (await this.prepare(text, params).first<T>()) ?? null);
  }

  run(text: string, params: SqlValue[] = []): Promise<SqlRunResult> {
    return this.guard(async () => changesOf(await this.prepare(text, params).run()));
  }

  batch(statements: SqlStatement[]): Promise<SqlRunResult[]> {
    if (statements.length === 0) return Promise.resolve([]);
    return this.guard(async () => {
      const results = await this.db.batch(statements.map((s) => this.prepare(s.sql, s.params)));
      return results.map(changesOf);
    });
  }

  async close(): Promise<void> {
    // A binding has nothing to close; the runtime owns the connection.
  }
}
