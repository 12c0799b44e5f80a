import { RegistryError } from '../errors/index.js';

/**
 * A complete, aligned subtree: level 0 is a leaf, level L index i covers leaves [i·2^L, (i+1)·2^L).
 * These are the only nodes a store keeps; every other hash a proof needs is composed from them.
 */
export interface NodeId {
  level: number;
  index: number;
}

/**
 * One hash of a proof, as the complete subtrees whose right-to-left fold gives it. A single id is a
 * stored node; several ids form an incomplete subtree on the tree's right edge.
 */
export type HashTerm = NodeId[];

// Sizes stay JS numbers (2^53 leaves is plenty); bit operators are avoided because they truncate to
// 32 bits.
export function assertTreeSize(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RegistryError('bad_request', `${what} must be a non-negative integer`, {
      details: { [what]: value },
    });
  }
}

/** Largest power of two strictly below n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete aligned subtrees that tile [start, end), left to right. For a subtree of the RFC 9162
 * recursion (start aligned to a power of two ≥ end - start) their right fold is MTH(D[start:end]), and
 * there are at most log2(end - start) + 1 of them.
 */
export function decomposeRange(start: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  let at = start;
  while (at < end) {
    let width = 1;
    let level = 0;
    while (width * 2 <= end - at && at % (width * 2) === 0) {
      width *= 2;
      level++;
    }
    ids.push({ level, index: at / width });
    at += width;
  }
  return ids;
}

/** MTH(D[0:size]) as one term; the empty tree has no term (its root is SHA-256 of nothing). */
export function planRoot(size: number): HashTerm {
  assertTreeSize(size, 'size');
  return decomposeRange(0, size);
}

/** PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, leaf side first. */
export function planInclusion(index: number, size: number): HashTerm[] {
  assertTreeSize(index, 'index');
  assertTreeSize(size, 'size');
  if (index >= size) {
    throw new RegistryError('bad_request', 'index must be below the tree size', { details: { index, size } });
  }
  const topDown: HashTerm[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      topDown.push(decomposeRange(lo + k, hi));
      hi = lo + k;
    } else {
      topDown.push(decomposeRange(lo, lo + k));
      lo += k;
    }
  }
  return topDown.reverse();
}

/** PROOF(from, D[0:to]) of RFC 9162 §2.1.4.1, deepest node first; empty when from is 0 or equals to. */
export function planConsistency(from: number, to: number): HashTerm[] {
  assertTreeSize(from, 'from');
  assertTreeSize(to, 'to');
  if (from > to) {
    throw new RegistryError('bad_request', 'from must not exceed to', { details: { from, to } });
  }
  if (from === 0 || from === to) return [];
  // SUBPROOF(m, D[lo:hi], b) unrolled, in absolute leaf positions: it ends when the old tree's edge
  // (from) is the current subtree's end.
  const topDown: HashTerm[] = [];
  let lo = 0;
  let hi = to;
  let oldTreeIsPrefix = true; // b: while true, the verifier already knows this subtree's hash (old root)
  while (from !== hi) {
    const k = splitPoint(hi - lo);
    if (from - lo <= k) {
      topDown.push(decomposeRange(lo + k, hi));
      hi = lo + k;
    } else {
      topDown.push(decomposeRange(lo, lo + k));
      lo += k;
      oldTreeIsPrefix = false;
    }
  }
  if (!oldTreeIsPrefix) topDown.push(decomposeRange(lo, hi));
  return topDown.reverse();
}
