import { equalBytes } from '../records/bytes.js';
import { EMPTY_ROOT_HASH, hashChildren, hashLeaf } from './hash.js';

export interface RebuiltTree {
  size: number;
  root: Uint8Array;
}

const CHUNK = 1024;

/**
 * Re-derive the tree from its entries alone, keeping only the right frontier (one hash per level), so
 * an auditor can check a checkpoint against everything the log served without trusting any stored node.
 */
export async function rebuildTree(
  entries: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<RebuiltTree> {
  const frontier: (Uint8Array | undefined)[] = []; // frontier[L]: pending left subtree of 2^L leaves, if any
  let size = 0;
  const absorb = async (leaf: Uint8Array): Promise<void> => {
    let hash = leaf;
    let level = 0;
    for (let n = size; n % 2 === 1; n = Math.floor(n / 2), level++) {
      hash = await hashChildren(frontier[level] as Uint8Array, hash);
      frontier[level] = undefined;
    }
    frontier[level] = hash;
    size++;
  };
  let chunk: Uint8Array[] = [];
  const flush = async (): Promise<void> => {
    const hashes = await Promise.all(chunk.map((entry) => hashLeaf(entry)));
    for (const h of hashes) await absorb(h);
    chunk = [];
  };
  for await (const entry of entries) {
    chunk.push(entry);
    if (chunk.length === CHUNK) await flush();
  }
  await flush();
  let root: Uint8Array | undefined;
  for (let level = 0; level < frontier.length; level++) {
    const hash = frontier[level];
    if (hash) root = root === undefined ? hash : await hashChildren(hash, root);
  }
  return { size, root: root ?? EMPTY_ROOT_HASH };
}

export interface RebuildComparison {
  ok: boolean;
  size: number;
  root: Uint8Array;
  expectedSize: number;
  expectedRoot: Uint8Array;
}

/** Rebuild from entries and compare with a (verified) checkpoint's size and root. */
export async function compareRebuild(
  entries: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  expected: { size: number; rootHash: Uint8Array },
): Promise<RebuildComparison> {
  const tree = await rebuildTree(entries);
  return {
    ok: tree.size === expected.size && equalBytes(tree.root, expected.rootHash),
    size: tree.size,
    root: tree.root,
    expectedSize: expected.size,
    expectedRoot: expected.rootHash,
  };
}
