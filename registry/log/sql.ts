import { RegistryError } from '../errors/index.js';
import { fromHex, toHexString } from '../records/bytes.js';
import type { LogEntry } from '../records/types.generated.js';
import { type SqlDriver, type SqlStatement, sql } from '../store/driver.js';
import { encodeLogEntry } from './entry.js';
import { HASH_SIZE } from './hash.js';
import type { NodeId } from './plan.js';
import { type AppendResult, appendLeaves, hashLeaves, type LogHashReader, type NodeRow } from './tree.js';

/** D1 binds at most 100 parameters per statement; three per node row. */
const NODE_ROWS_PER_INSERT = 33;
/** The most entries one GET /v1/log/entries page returns. */
export const MAX_ENTRIES_PER_READ = 1000;

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

export interface PreparedAppend extends AppendResult {
  /** Insert the entries and node rows: run them in the same batch as the event they log. */
  statements: SqlStatement[];
}

/**
 * The log over the registry's SQL database (tables of migrations/0002_transparency_log.sql), on
 * better-sqlite3 and D1 alike. Each proof is one query; an append is statements for the caller's batch.
 */
export class SqlLog implements LogHashReader {
  constructor(private readonly db: SqlDriver) {}

  async getSize(): Promise<number> {
    const row = await this.db.first<{ size: number }>(
      'SELECT COALESCE(MAX(idx) + 1, 0) AS size FROM log_entries',
    );
    return row?.size ?? 0;
  }

  async getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    if (ids.length === 0) return [];
    // One statement whatever the count: the ids travel as one JSON parameter (D1 caps bound parameters).
    const rows = await this.db.all<{ level: number; idx: number; hash: string }>(
      `SELECT n.level AS level, n.idx AS idx, n.hash AS hash FROM json_each(?) AS j
       JOIN log_nodes AS n ON n.level = json_extract(j.value, '$[0]') AND n.idx = json_extract(j.value, '$[1]')`,
      [JSON.stringify(ids.map((id) => [id.level, id.index]))],
    );
    const found = new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.hash]));
    return ids.map((id) => {
      const hash = fromHex(found.get(`${id.level}/${id.index}`) ?? '');
      if (hash?.length !== HASH_SIZE) {
        throw new RegistryError('internal', `log node ${id.level}/${id.index} is missing from the store`);
      }
      return hash;
    });
  }

  /**
   * Statements appending `entries` (leaf bytes) at `expectedStart` (default: the current size). When
   * something else appended first, the batch fails with 'conflict' on the entry index: retry from the
   * start, including whatever recorded the index (a release attestation's logIndex).
   */
  async prepareAppend(entries: readonly Uint8Array[], expectedStart?: number): Promise<PreparedAppend> {
    const start = expectedStart ?? (await this.getSize());
    const result = await appendLeaves(this, await hashLeaves(entries), start);
    const statements = entries.map((entry, i) =>
      sql('INSERT INTO log_entries (idx, entry) VALUES (?, ?)', start + i, decodeEntry(entry)),
    );
    statements.push(...nodeInserts(result.rows));
    return { ...result, statements };
  }

  /** Append on its own (no other writes in the batch), retrying when a concurrent append won the race. */
  async append(entries: readonly Uint8Array[], attempts = 5): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const prepared = await this.prepareAppend(entries);
      try {
        await this.db.batch(prepared.statements);
        const { statements: _, ...result } = prepared;
        return result;
      } catch (error) {
        if (attempt >= attempts || !isConflict(error)) throw error;
      }
    }
  }

  /** Entries [start, end) as stored; at most MAX_ENTRIES_PER_READ. */
  async getEntries(start: number, end: number): Promise<Uint8Array[]> {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
      throw new RegistryError('bad_request', 'entries need 0 ≤ start ≤ end');
    }
    if (end - start > MAX_ENTRIES_PER_READ) {
      throw new RegistryError('bad_request', `at most ${MAX_ENTRIES_PER_READ} entries per read`);
    }
    const rows = await this.db.all<{ idx: number; entry: string }>(
      'SELECT idx, entry FROM log_entries WHERE idx >= ? AND idx < ? ORDER BY idx',
      [start, end],
    );
    return rows.map((r) => encoder.encode(r.entry));
  }
}

export interface LoggedEvent<T> {
  /** The entry to log, built knowing its index (e.g. after signing an attestation with that logIndex). */
  entry: LogEntry;
  /** The event's own writes, run in the same batch as the log rows: both happen or neither. */
  statements: SqlStatement[];
  result: T;
}

/**
 * Record an event and its log entry atomically. `build` gets the index the entry will occupy; when a
 * concurrent append takes that index first, the batch fails and `build` runs again with the next one.
 * A failure while the log did not move is the event's own (a genuine conflict) and is rethrown.
 */
export async function appendEventAtomically<T>(
  db: SqlDriver,
  log: SqlLog,
  build: (index: number) => Promise<LoggedEvent<T>>,
  attempts = 5,
): Promise<{ result: T; index: number; size: number; root: Uint8Array }> {
  for (let attempt = 1; ; attempt++) {
    const index = await log.getSize();
    const event = await build(index);
    const prepared = await log.prepareAppend([encodeLogEntry(event.entry)], index);
    try {
      await db.batch([...event.statements, ...prepared.statements]);
      return { result: event.result, index, size: prepared.size, root: prepared.root };
    } catch (error) {
      if (attempt >= attempts || (await log.getSize()) === index) throw error;
    }
  }
}

function decodeEntry(entry: Uint8Array): string {
  try {
    return decoder.decode(entry);
  } catch (error) {
    throw new RegistryError('bad_request', 'log entries are UTF-8 text (canonical JSON)', { cause: error });
  }
}

function nodeInserts(rows: readonly NodeRow[]): SqlStatement[] {
  const out: SqlStatement[] = [];
  for (let i = 0; i < rows.length; i += NODE_ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + NODE_ROWS_PER_INSERT);
    out.push(
      sql(
        `INSERT INTO log_nodes (level, idx, hash) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
        ...chunk.flatMap((r) => [r.level, r.index, toHexString(r.hash)]),
      ),
    );
  }
  return out;
}

// A lost race shows up as the primary key of the entry or node, or as the dense-index trigger's abort
// (SQLite checks the BEFORE INSERT trigger first); drivers wrap the engine error, so walk the causes.
function isConflict(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 5; depth++) {
    if (e instanceof RegistryError && e.code === 'conflict') return true;
    if (/UNIQUE|PRIMARY KEY|appended at the current size/i.test(String((e as Error)?.message ?? '')))
      return true;
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}
