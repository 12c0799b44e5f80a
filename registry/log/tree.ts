import { RegistryError } from '../errors/index.js';
import { EMPTY_ROOT_HASH, hashChildren, hashLeaf, isHash } from './hash.js';
import {
  assertTreeSize,
  decomposeRange,
  type HashTerm,
  type NodeId,
  planConsistency,
  planInclusion,
  planRoot,
} from './plan.js';

/**
 * What the proof functions need from storage: the hashes of complete aligned subtrees (see NodeId).
 * Stores keep one row per such node, written once by appendLeaves and never updated or deleted.
 */
export interface LogHashReader {
  /** Number of leaves in the log now. */
  getSize(): Promise<number>;
  /**
   * Hashes of the given nodes, in the order asked. Must reject when any node is absent: a proof built
   * over a hole would be wrong, not partial. One call per proof, so a SQL store can answer it in one query.
   */
  getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]>;
}

/** A node row to insert: appending leaf n stores it and every subtree it completes (~2 rows per leaf). */
export interface NodeRow extends NodeId {
  hash: Uint8Array;
}

export interface AppendResult {
  /** Log index of the first appended leaf. */
  start: number;
  /** Tree size after the append. */
  size: number;
  /** Root hash at that size. */
  root: Uint8Array;
  /** Rows to insert together with the entries, in one batch. */
  rows: NodeRow[];
}

function nodeKey(id: NodeId): string {
  return `${id.level}/${id.index}`;
}

async function fold(term: HashTerm, hashes: Map<string, Uint8Array>): Promise<Uint8Array> {
  let acc: Uint8Array | undefined;
  for (let i = term.length - 1; i >= 0; i--) {
    const hash = hashes.get(nodeKey(term[i] as NodeId)) as Uint8Array;
    acc = acc === undefined ? hash : await hashChildren(hash, acc);
  }
  if (acc === undefined) throw new RegistryError('internal', 'empty hash term');
  return acc;
}

/** Fetch every node the terms mention in one reader call, then compose each term. */
export async function readTerms(reader: LogHashReader, terms: readonly HashTerm[]): Promise<Uint8Array[]> {
  const unique = new Map<string, NodeId>();
  for (const term of terms) for (const id of term) unique.set(nodeKey(id), id);
  const ids = [...unique.values()];
  const fetched = ids.length === 0 ? [] : await reader.getNodes(ids);
  if (fetched.length !== ids.length) {
    throw new RegistryError('internal', 'log store returned a different number of nodes than asked');
  }
  const hashes = new Map<string, Uint8Array>();
  ids.forEach((id, i) => {
    const hash = fetched[i];
    if (!isHash(hash))
      throw new RegistryError('internal', `log store returned a malformed node ${nodeKey(id)}`);
    hashes.set(nodeKey(id), hash);
  });
  return Promise.all(terms.map((term) => fold(term, hashes)));
}

/** MTH(D[0:size]) from at most log2(size)+1 stored nodes. */
export async function computeRoot(reader: LogHashReader, size: number): Promise<Uint8Array> {
  const term = planRoot(size);
  if (term.length === 0) return EMPTY_ROOT_HASH;
  const [root] = await readTerms(reader, [term]);
  return root as Uint8Array;
}

/** Inclusion proof (audit path) of leaf `index` in the tree of `size` leaves, leaf side first. */
export async function proveInclusion(
  reader: LogHashReader,
  index: number,
  size: number,
): Promise<Uint8Array[]> {
  return readTerms(reader, planInclusion(index, size));
}

/** Consistency proof between the trees of `from` and `to` leaves. */
export async function proveConsistency(
  reader: LogHashReader,
  from: number,
  to: number,
): Promise<Uint8Array[]> {
  return readTerms(reader, planConsistency(from, to));
}

/** Leaf hashes of entries, computed concurrently (Web Crypto digests are asynchronous). */
export function hashLeaves(entries: readonly Uint8Array[]): Promise<Uint8Array[]> {
  return Promise.all(entries.map((entry) => hashLeaf(entry)));
}

/**
 * The node rows that appending `leafHashes` creates, plus the new size and root. Reads only the current
 * right frontier (≤ log2(size)+1 nodes); returns rows instead of writing them so a store without
 * interactive transactions (D1) can insert entries and rows in one batch. Two concurrent appends compute
 * the same (level, index) keys, so a primary key on them turns a race into a failed batch, not a fork.
 */
export async function appendLeaves(
  reader: LogHashReader,
  leafHashes: readonly Uint8Array[],
  currentSize?: number,
): Promise<AppendResult> {
  const n = currentSize ?? (await reader.getSize());
  assertTreeSize(n, 'size');
  for (const h of leafHashes) {
    if (!isHash(h)) throw new RegistryError('bad_request', 'leaf hashes must be 32 bytes');
  }
  const k = leafHashes.length;
  const frontierIds = decomposeRange(0, n);
  const frontier = frontierIds.length === 0 ? [] : await reader.getNodes(frontierIds);
  // levels[L] maps index → hash for the old frontier and every node created here.
  const levels: Map<number, Uint8Array>[] = [];
  const at = (level: number): Map<number, Uint8Array> => {
    let m = levels[level];
    if (!m) {
      m = new Map();
      levels[level] = m;
    }
    return m;
  };
  frontierIds.forEach((id, i) => {
    const hash = frontier[i];
    if (!isHash(hash))
      throw new RegistryError('internal', `log store is missing frontier node ${nodeKey(id)}`);
    at(id.level).set(id.index, hash);
  });
  const rows: NodeRow[] = [];
  leafHashes.forEach((hash, i) => {
    at(0).set(n + i, hash);
    rows.push({ level: 0, index: n + i, hash });
  });
  // A node is new when its last leaf is new; its right child then is new too, so the first level with
  // no new node ends the climb. Nodes of one level are independent and hashed concurrently.
  for (let level = 1, width = 2; ; level++, width *= 2) {
    const first = Math.floor(n / width);
    const last = Math.floor((n + k) / width) - 1;
    if (last < first) break;
    const below = at(level - 1);
    const pending: Promise<Uint8Array>[] = [];
    for (let index = first; index <= last; index++) {
      const left = below.get(2 * index);
      const right = below.get(2 * index + 1);
      if (!left || !right) throw new RegistryError('internal', `cannot build node ${level}/${index}`);
      pending.push(hashChildren(left, right));
    }
    const hashes = await Promise.all(pending);
    const current = at(level);
    hashes.forEach((hash, i) => {
      current.set(first + i, hash);
      rows.push({ level, index: first + i, hash });
    });
  }
  let root: Uint8Array | undefined;
  const pieces = decomposeRange(0, n + k);
  for (let i = pieces.length - 1; i >= 0; i--) {
    const id = pieces[i] as NodeId;
    const hash = levels[id.level]?.get(id.index) as Uint8Array;
    root = root === undefined ? hash : await hashChildren(hash, root);
  }
  return { start: n, size: n + k, root: root ?? EMPTY_ROOT_HASH, rows };
}
