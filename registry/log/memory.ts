import { RegistryError } from '../errors/index.js';
import { HASH_SIZE } from './hash.js';
import type { NodeId } from './plan.js';
import { type AppendResult, appendLeaves, hashLeaves, type LogHashReader, type NodeRow } from './tree.js';

/**
 * An in-memory log with the same contract as a SQL store: rows are insert-only, reads go through
 * getNodes. It counts node reads so tests and benchmarks can check proofs stay O(log n).
 */
export class MemoryLog implements LogHashReader {
  // One contiguous buffer per level (32 bytes a node) rather than an object per node: a 10^6-leaf log
  // is then ~64 MB of bytes instead of 2·10^6 heap objects for the garbage collector to walk.
  private readonly levels: { bytes: Uint8Array; count: number }[] = [];
  private readonly entries: Uint8Array[] = [];
  /** Nodes returned by getNodes since the last resetCounters. */
  nodeReads = 0;
  /** getNodes calls since the last resetCounters. */
  readCalls = 0;

  async getSize(): Promise<number> {
    return this.levels[0]?.count ?? 0;
  }

  async getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    this.readCalls++;
    this.nodeReads += ids.length;
    return ids.map((id) => {
      const level = this.levels[id.level];
      if (!level || !Number.isSafeInteger(id.index) || id.index < 0 || id.index >= level.count) {
        throw new RegistryError('not_found', `log node ${id.level}/${id.index} does not exist`);
      }
      // a copy, so no caller can change what the store holds
      return level.bytes.slice(id.index * HASH_SIZE, (id.index + 1) * HASH_SIZE);
    });
  }

  /** Insert rows as a store would: an existing (level, index) is a conflict, never an overwrite. */
  insertRows(rows: readonly NodeRow[]): void {
    for (const row of rows) {
      if (row.hash.length !== HASH_SIZE)
        throw new RegistryError('bad_request', 'log node hashes are 32 bytes');
      const level = this.levels[row.level] ?? { bytes: new Uint8Array(64 * HASH_SIZE), count: 0 };
      this.levels[row.level] = level;
      if (row.index < level.count) {
        throw new RegistryError('conflict', `log node ${row.level}/${row.index} already exists`);
      }
      if (row.index !== level.count) {
        throw new RegistryError('internal', `log node ${row.level}/${row.index} would leave a gap`);
      }
      if ((level.count + 1) * HASH_SIZE > level.bytes.length) {
        const grown = new Uint8Array(level.bytes.length * 2);
        grown.set(level.bytes);
        level.bytes = grown;
      }
      level.bytes.set(row.hash, level.count * HASH_SIZE);
      level.count++;
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

  async getEntries(start: number, end: number): Promise<Uint8Array[]> {
    return this.entries.slice(start, end);
  }

  resetCounters(): void {
    this.nodeReads = 0;
    this.readCalls = 0;
  }
}
