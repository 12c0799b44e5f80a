// The part of Cloudflare's D1 binding the registry uses, typed structurally so registry code compiles
// without @cloudflare/workers-types' globals (which clash with the DOM lib the rest of the tree uses).

export interface D1Meta {
  changes?: number;
  served_by_primary?: boolean;
}

export interface D1Result<T> {
  results?: T[];
  meta?: D1Meta;
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  run(): Promise<D1Result<unknown>>;
}

/** What both a D1Database and a D1DatabaseSession offer. */
export interface D1Queryable {
  prepare(query: string): D1PreparedStatement;
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
}

export type D1SessionConstraint = 'first-primary' | 'first-unconstrained';

export interface D1DatabaseSession extends D1Queryable {
  getBookmark(): string | null;
}

export interface D1Database extends D1Queryable {
  /** Absent on runtimes older than the Sessions API (read replication). */
  withSession?(constraintOrBookmark?: string): D1DatabaseSession;
}
