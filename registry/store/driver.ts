/** The SQL engines mcpvet runs on (better-sqlite3, Cloudflare D1) reduced to what the store needs. */
export type SqlValue = string | number | null;

export interface SqlStatement {
  sql: string;
  params: SqlValue[];
}

export interface SqlRunResult {
  changes: number;
}

export interface SqlDriver {
  all<T>(sql: string, params?: SqlValue[]): Promise<T[]>;
  first<T>(sql: string, params?: SqlValue[]): Promise<T | null>;
  run(sql: string, params?: SqlValue[]): Promise<SqlRunResult>;
  /** Runs the statements atomically, in order: all or none. */
  batch(statements: SqlStatement[]): Promise<SqlRunResult[]>;
  close(): Promise<void>;
}

export function sql(text: string, ...params: SqlValue[]): SqlStatement {
  return { sql: text, params };
}
