import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  computeRoot,
  EMPTY_ROOT_HASH,
  hashChildren,
  hashLeaf,
  type LogHashReader,
  MemoryLog,
  type NodeId,
  planInclusion,
  proveConsistency,
  proveInclusion,
  rebuildTree,
  toHexString,
  verifyConsistency,
  verifyInclusion,
} from '../../registry/log/index.js';
import { buildLog, flipBit, leafInput } from './helpers.js';

const MAX = 600;
let log: MemoryLog;
const roots: Uint8Array[] = []; // roots[n]: root of the first n leaves by the reference definition below

// MTH straight from RFC 9162 §2.1.1, memoised on ranges: a reference that shares no code with the store.
async function referenceRoots(leaves: Uint8Array[]): Promise<Uint8Array[]> {
  const memo = new Map<string, Promise<Uint8Array>>();
  const mth = (lo: number, hi: number): Promise<Uint8Array> => {
    const key = `${lo}:${hi}`;
    let hash = memo.get(key);
    if (!hash) {
      if (hi - lo === 1) hash = hashLeaf(leaves[lo] as Uint8Array);
      else {
        let k = 1;
        while (k * 2 < hi - lo) k *= 2;
        hash = Promise.all([mth(lo, lo + k), mth(lo + k, hi)]).then(([l, r]) => hashChildren(l, r));
      }
      memo.set(key, hash);
    }
    return hash;
  };
  const out = [EMPTY_ROOT_HASH];
  for (let n = 1; n <= leaves.length; n++) out.push(await mth(0, n));
  return out;
}

beforeAll(async () => {
  log = await buildLog(MAX, 13);
  roots.push(...(await referenceRoots(Array.from({ length: MAX }, (_, i) => leafInput(i)))));
});

const sizeAndIndex = fc
  .integer({ min: 1, max: MAX })
  .chain((size) => fc.record({ size: fc.constant(size), index: fc.nat({ max: size - 1 }) }));

const fromTo = fc
  .integer({ min: 1, max: MAX })
  .chain((to) => fc.record({ to: fc.constant(to), from: fc.integer({ min: 1, max: to }) }));

function ceilLog2(n: number): number {
  return n <= 1 ? 0 : Math.ceil(Math.log2(n));
}

describe('inclusion proofs over random trees', () => {
  it('every stored root equals the root rebuilt from entries alone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: MAX }), async (size) => {
        expect(toHexString(await computeRoot(log, size))).toBe(toHexString(roots[size] as Uint8Array));
      }),
      { numRuns: 150 },
    );
  });

  it('every proof verifies, within O(log n) node reads in one call', async () => {
    await fc.assert(
      fc.asyncProperty(sizeAndIndex, async ({ size, index }) => {
        log.resetCounters();
        const proof = await proveInclusion(log, index, size);
        expect(log.readCalls).toBe(size === 1 ? 0 : 1);
        expect(log.nodeReads).toBeLessThanOrEqual(2 * ceilLog2(size));
        const leaf = await hashLeaf(leafInput(index));
        expect(await verifyInclusion(leaf, index, size, proof, roots[size] as Uint8Array)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('an altered proof, index, leaf or root fails', async () => {
    await fc.assert(
      fc.asyncProperty(sizeAndIndex, fc.nat(), fc.nat(), async ({ size, index }, pick, bit) => {
        const proof = await proveInclusion(log, index, size);
        const leaf = await hashLeaf(leafInput(index));
        const root = roots[size] as Uint8Array;
        if (proof.length > 0) {
          const at = pick % proof.length;
          const altered = proof.map((p, i) => (i === at ? flipBit(p, bit % 256) : p));
          expect(await verifyInclusion(leaf, index, size, altered, root)).toBe(false);
          expect(await verifyInclusion(leaf, index, size, proof.slice(1), root)).toBe(false);
          expect(await verifyInclusion(leaf, index, size, [...proof, root], root)).toBe(false);
        }
        if (size > 1) {
          const other = (index + 1 + (pick % (size - 1))) % size;
          expect(await verifyInclusion(leaf, other, size, proof, root)).toBe(false);
        }
        expect(await verifyInclusion(flipBit(leaf, bit % 256), index, size, proof, root)).toBe(false);
        expect(await verifyInclusion(leaf, index, size, proof, flipBit(root, bit % 256))).toBe(false);
        expect(await verifyInclusion(leaf, index + size, size, proof, root)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('consistency proofs over random trees', () => {
  it('every proof verifies, within O(log n) node reads in one call', async () => {
    await fc.assert(
      fc.asyncProperty(fromTo, async ({ from, to }) => {
        log.resetCounters();
        const proof = await proveConsistency(log, from, to);
        expect(log.readCalls).toBe(from === to ? 0 : 1);
        expect(log.nodeReads).toBeLessThanOrEqual(2 * ceilLog2(to));
        const ok = await verifyConsistency(
          from,
          to,
          proof,
          roots[from] as Uint8Array,
          roots[to] as Uint8Array,
        );
        expect(ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('an altered proof, size or root fails', async () => {
    await fc.assert(
      fc.asyncProperty(fromTo, fc.nat(), fc.nat(), async ({ from, to }, pick, bit) => {
        const proof = await proveConsistency(log, from, to);
        const oldRoot = roots[from] as Uint8Array;
        const newRoot = roots[to] as Uint8Array;
        expect(await verifyConsistency(from, to, proof, flipBit(oldRoot, bit % 256), newRoot)).toBe(false);
        expect(await verifyConsistency(from, to, proof, oldRoot, flipBit(newRoot, bit % 256))).toBe(false);
        if (proof.length > 0) {
          const at = pick % proof.length;
          const altered = proof.map((p, i) => (i === at ? flipBit(p, bit % 256) : p));
          expect(await verifyConsistency(from, to, altered, oldRoot, newRoot)).toBe(false);
          expect(await verifyConsistency(from, to, proof.slice(0, -1), oldRoot, newRoot)).toBe(false);
          expect(await verifyConsistency(from, to, [...proof, newRoot], oldRoot, newRoot)).toBe(false);
        }
        if (to > 1) {
          const otherFrom = 1 + ((from + (pick % (to - 1))) % to); // a different size in 1..to
          if (otherFrom !== from) {
            expect(await verifyConsistency(otherFrom, to, proof, oldRoot, newRoot)).toBe(false);
          }
        }
        expect(await verifyConsistency(to, from === to ? to - 1 : from, proof, newRoot, oldRoot)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('appending', () => {
  it('any split into batches stores the same 2n − popcount(n) nodes and the same root', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 }),
        async (batches) => {
          const split = new MemoryLog();
          let next = 0;
          let rows = 0;
          for (const count of batches) {
            const result = await split.append(Array.from({ length: count }, (_, i) => leafInput(next + i)));
            expect(result.start).toBe(next);
            next += count;
            rows += result.rows.length;
            expect(toHexString(result.root)).toBe(toHexString(roots[next] as Uint8Array));
          }
          const popcount = next.toString(2).replace(/0/g, '').length;
          expect(rows).toBe(2 * next - popcount);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('rebuilding from entries', () => {
  it('gives the reference root for any prefix', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: MAX }), async (size) => {
        const rebuilt = await rebuildTree(Array.from({ length: size }, (_, i) => leafInput(i)));
        expect(rebuilt.size).toBe(size);
        expect(toHexString(rebuilt.root)).toBe(toHexString(roots[size] as Uint8Array));
      }),
      { numRuns: 25 },
    );
  });
});

/**
 * A valid tree of up to 2^52 identical leaves: every node of level L has the same hash, so a reader can
 * serve any node without storing it. Exercises the size arithmetic far beyond 32 bits.
 */
class UniformTree implements LogHashReader {
  constructor(
    readonly size: number,
    private readonly levels: Uint8Array[],
  ) {}

  levels0(): Uint8Array {
    return this.levels[0] as Uint8Array;
  }

  static async create(size: number): Promise<UniformTree> {
    const levels = [await hashLeaf(leafInput(0))];
    for (let level = 1; level <= 53; level++) {
      const below = levels[level - 1] as Uint8Array;
      levels.push(await hashChildren(below, below));
    }
    return new UniformTree(size, levels);
  }

  async getSize(): Promise<number> {
    return this.size;
  }

  async getNodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    return ids.map(({ level, index }) => {
      if ((index + 1) * 2 ** level > this.size) throw new Error(`node ${level}/${index} beyond the tree`);
      return this.levels[level] as Uint8Array;
    });
  }
}

describe('sizes beyond 2^32', () => {
  const huge = fc.integer({ min: 2 ** 32, max: 2 ** 52 });

  it('inclusion paths tile the tree: the leaf plus the proof subtrees cover [0, size) exactly once', () => {
    fc.assert(
      fc.property(
        huge.chain((size) => fc.record({ size: fc.constant(size), index: fc.nat({ max: size - 1 }) })),
        ({ size, index }) => {
          const ranges = planInclusion(index, size).flatMap((term) =>
            term.map(({ level, index: i }) => [i * 2 ** level, (i + 1) * 2 ** level] as const),
          );
          ranges.push([index, index + 1]);
          ranges.sort((a, b) => a[0] - b[0]);
          let at = 0;
          for (const [start, end] of ranges) {
            expect(start).toBe(at);
            at = end;
          }
          expect(at).toBe(size);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('proofs generated and verified at such sizes agree', async () => {
    await fc.assert(
      fc.asyncProperty(huge, fc.double({ min: 0, max: 1, noNaN: true }), async (size, f) => {
        const tree = await UniformTree.create(size);
        const root = await computeRoot(tree, size);
        const index = Math.min(size - 1, Math.floor(f * size));
        const proof = await proveInclusion(tree, index, size);
        expect(await verifyInclusion(tree.levels0(), index, size, proof, root)).toBe(true);
        const from = Math.max(1, Math.floor(f * size));
        const oldRoot = await computeRoot(tree, from);
        const consistency = await proveConsistency(tree, from, size);
        expect(await verifyConsistency(from, size, consistency, oldRoot, root)).toBe(true);
        expect(await verifyConsistency(from, size, consistency, root, root)).toBe(from === size);
      }),
      { numRuns: 40 },
    );
  });
});
