import { RegistryError } from '../errors/index.js';
import type { NodeId } from './plan.js';
import { type AppendResult, appendLeaves, hashLeaves, type LogHashReader, type NodeRow } from './tree.js';

/**
 * An in-memory log with the same contract as a SQL store: rows are insert-only, reads go through
 * getNodes. It counts node reads so tests and benchmarks can check proofs stay O(log n).
 */
export class MemoryLog implements LogHashReader {
  private readonly levels: Uint8Array[][] = [];
  private readonly entries: Uint8Array[] = [];
  /** Nodes returned by getNodes since the last resetCounters. */
  nodeReads = 0;
  /** getNodes calls since the last resetCounters. */
  readCalls = 0;

  async getSize(): Promise<number> {
    return this.levels[0]?.length ?? 0;
  }

  async getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    this.readCalls++;
    this.nodeReads += ids.length;
    return ids.map((id) => {
      const hash = this.levels[id.level]?.[id.index];
      if (!hash) throw new RegistryError('not_found', `log node ${id.level}/${id.index} does not exist`);
      return hash;
    });
  }

  /** Insert rows as a store would: an existing (level, index) is a conflict, never an overwrite. */
  insertRows(rows: readonly NodeRow[]): void {
    for (const row of rows) {
      const level = this.levels[row.level] ?? [];
      this.levels[row.level] = level;
      if (level[row.index] !== undefined) {
        throw new RegistryError('conflict', `log node ${row.level}/${row.index} already exists`);
      }
      if (row.index !== level.length) {
        throw new RegistryError('internal', `log node ${row.level}/${row.index} would leave a gap`);
      }
      level.push(row.hash);
    }
  }

  /** Append entries (their bytes are kept for getEntries) and return the new size and root. */
  async append(entries: readonly Uint8Array[]): Promise<AppendResult> {
    return this.appendHashes(await hashLeaves(entries), entries);
  }

  /** Append precomputed leaf hashes; entries are optional so benchmarks can skip keeping them. */
  async appendHashes(
    leafHashes: readonly Uint8Array[],
    entries?: readonly Uint8Array[],
  ): Promise<AppendResult> {
    const result = await appendLeaves(this, leafHashes);
    this.insertRows(result.rows);
    if (entries) this.entries.push(...entries);
    return result;
  }

  getEntries(start: number, end: number): Uint8Array[] {
    return this.entries.slice(start, end);
  }

  resetCounters(): void {
    this.nodeReads = 0;
    this.readCalls = 0;
  }
}
