import { equalBytes } from '../records/bytes.js';
import { hashChildren, isHash } from './hash.js';

// RFC 9162 §2.1.3.2 and §2.1.4.2, written over JS numbers: "right-shift" is a halving and LSB a parity
// test, because bit operators would truncate sizes above 2^31.

function isSize(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

const odd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

/**
 * The root an inclusion proof leads to, or undefined when the proof cannot be valid for (index, size)
 * at all (wrong length, malformed hashes). Callers compare it with a root they trust.
 */
export async function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Promise<Uint8Array | undefined> {
  if (!isSize(index) || !isSize(size) || index >= size || !isHash(leafHash)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (!isHash(p) || sn === 0) return undefined;
    if (odd(fn) || fn === sn) {
      r = await hashChildren(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

/** True when `proof` shows the leaf with `leafHash` at `index` in the tree of `size` leaves with `root`. */
export async function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!isHash(root)) return false;
  const computed = await rootFromInclusionProof(leafHash, index, size, proof);
  return computed !== undefined && equalBytes(computed, root);
}

/**
 * True when `proof` shows the tree of `from` leaves with `oldRoot` is a prefix of the tree of `to`
 * leaves with `newRoot`. From the empty tree every tree is consistent (empty proof); equal sizes need
 * equal roots and an empty proof.
 */
export async function verifyConsistency(
  from: number,
  to: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): Promise<boolean> {
  if (!isSize(from) || !isSize(to) || from > to) return false;
  if (from === to) return proof.length === 0 && isHash(oldRoot) && equalBytes(oldRoot, newRoot);
  if (from === 0) return proof.length === 0;
  if (proof.length === 0 || !isHash(oldRoot) || !isHash(newRoot)) return false;
  if (!proof.every(isHash)) return false;
  // A power-of-two old tree is a complete subtree of the new one: its root starts the path.
  const path = isPowerOfTwo(from) ? [oldRoot, ...proof] : proof;
  let fn = from - 1;
  let sn = to - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      // independent hashes: let Web Crypto run them concurrently
      [fr, sr] = await Promise.all([hashChildren(c, fr), hashChildren(c, sr)]);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = await hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, oldRoot) && equalBytes(sr, newRoot);
}
