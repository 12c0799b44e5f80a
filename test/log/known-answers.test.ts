import { describe, expect, it } from 'vitest';
import {
  computeRoot,
  EMPTY_ROOT_HASH,
  hashChildren,
  hashLeaf,
  MemoryLog,
  proveConsistency,
  proveInclusion,
  rebuildTree,
  rootFromInclusionProof,
  toHexString,
  verifyConsistency,
  verifyInclusion,
} from '../../registry/log/index.js';
import { hex } from './helpers.js';
import { CONSISTENCY_VECTORS, HASHER_VECTORS, INCLUSION_VECTORS, LEAVES_HEX, ROOTS_HEX } from './vectors.js';

const text = (s: string) => new TextEncoder().encode(s);
const SOME_HASH = hex('abacaba000000000000000000000000000000000000000000060061e00123456');

async function treeOf(count: number): Promise<MemoryLog> {
  const log = new MemoryLog();
  await log.append(LEAVES_HEX.slice(0, count).map(hex));
  return log;
}

describe('RFC 6962 hashing (transparency-dev/merkle rfc6962_test.go)', () => {
  it('matches the empty root, leaf and node vectors', async () => {
    expect(toHexString(EMPTY_ROOT_HASH)).toBe(HASHER_VECTORS.emptyRoot);
    expect(toHexString(await hashLeaf(new Uint8Array()))).toBe(HASHER_VECTORS.emptyLeaf);
    expect(toHexString(await hashLeaf(text('L123456')))).toBe(HASHER_VECTORS.leafL123456);
    expect(toHexString(await hashChildren(text('N123'), text('N456')))).toBe(HASHER_VECTORS.nodeN123N456);
  });

  it('keeps leaves and nodes apart and orders children', async () => {
    const a = await hashLeaf(text('Hello'));
    const b = await hashLeaf(text('World'));
    const node = await hashChildren(a, b);
    const forged = await hashLeaf(new Uint8Array([...a, ...b]));
    expect(toHexString(node)).not.toBe(toHexString(forged));
    expect(toHexString(await hashChildren(b, a))).not.toBe(toHexString(node));
  });
});

describe('the CT test tree (transparency-dev/merkle proof/verify_test.go)', () => {
  it('has the published root at every size 1..8, stored or rebuilt', async () => {
    for (let size = 1; size <= 8; size++) {
      const log = await treeOf(size);
      expect(toHexString(await computeRoot(log, size)), `size ${size}`).toBe(ROOTS_HEX[size - 1]);
      const rebuilt = await rebuildTree(LEAVES_HEX.slice(0, size).map(hex));
      expect(toHexString(rebuilt.root)).toBe(ROOTS_HEX[size - 1]);
    }
    const full = await treeOf(8);
    for (let size = 1; size <= 8; size++) {
      expect(toHexString(await computeRoot(full, size)), `prefix ${size} of 8`).toBe(ROOTS_HEX[size - 1]);
    }
    expect(toHexString(await computeRoot(new MemoryLog(), 0))).toBe(HASHER_VECTORS.emptyRoot);
  });

  it('generates exactly the published inclusion proofs', async () => {
    const log = await treeOf(8);
    for (const v of INCLUSION_VECTORS) {
      const proof = await proveInclusion(log, v.index, v.size);
      expect(proof.map(toHexString), `${v.index}@${v.size}`).toEqual(v.proof);
    }
  });

  it('generates exactly the published consistency proofs', async () => {
    const log = await treeOf(8);
    for (const v of CONSISTENCY_VECTORS) {
      const proof = await proveConsistency(log, v.from, v.to);
      expect(proof.map(toHexString), `${v.from}→${v.to}`).toEqual(v.proof);
    }
  });

  it('verifies the published inclusion proofs and rejects every corruption of them', async () => {
    for (const v of INCLUSION_VECTORS) {
      const leaf = await hashLeaf(hex(LEAVES_HEX[v.index] as string));
      const root = hex(ROOTS_HEX[v.size - 1] as string);
      const proof = v.proof.map(hex);
      expect(await verifyInclusion(leaf, v.index, v.size, proof, root), `${v.index}@${v.size}`).toBe(true);
      expect(toHexString((await rootFromInclusionProof(leaf, v.index, v.size, proof)) as Uint8Array)).toBe(
        toHexString(root),
      );
      // The probes of corruptInclusionProof in verify_test.go.
      const probes: [string, number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
        ['index - 1', v.index - 1, v.size, leaf, root, proof],
        ['index + 1', v.index + 1, v.size, leaf, root, proof],
        ['index ^ 2', v.index ^ 2, v.size, leaf, root, proof],
        ['size * 2', v.index, v.size * 2, leaf, root, proof],
        ['size / 2', v.index, Math.floor(v.size / 2), leaf, root, proof],
        ['wrong leaf', v.index, v.size, text('WrongLeaf'), root, proof],
        ['empty root', v.index, v.size, leaf, EMPTY_ROOT_HASH, proof],
        ['random root', v.index, v.size, leaf, SOME_HASH, proof],
        ['trailing garbage', v.index, v.size, leaf, root, [...proof, new Uint8Array()]],
        ['trailing root', v.index, v.size, leaf, root, [...proof, root]],
        ['preceding garbage', v.index, v.size, leaf, root, [new Uint8Array(), ...proof]],
        ['preceding root', v.index, v.size, leaf, root, [root, ...proof]],
      ];
      proof.forEach((_, i) => {
        const wrong = proof.map((p) => p.slice());
        (wrong[i] as Uint8Array)[0] = ((wrong[i] as Uint8Array)[0] as number) ^ 8;
        probes.push([`modified proof[${i}]`, v.index, v.size, leaf, root, wrong]);
      });
      if (proof.length > 0)
        probes.push(['removed component', v.index, v.size, leaf, root, proof.slice(0, -1)]);
      if (proof.length > 1) {
        probes.push([
          'inserted component',
          v.index,
          v.size,
          leaf,
          root,
          [proof[0] as Uint8Array, SOME_HASH, ...proof.slice(1)],
        ]);
      }
      for (const [desc, index, size, l, r, p] of probes) {
        expect(await verifyInclusion(l, index, size, p, r), `${desc} of ${v.index}@${v.size}`).toBe(false);
      }
    }
  });

  it('verifies the published consistency proofs and rejects every corruption of them', async () => {
    for (const v of CONSISTENCY_VECTORS) {
      const r1 = hex(ROOTS_HEX[v.from - 1] as string);
      const r2 = hex(ROOTS_HEX[v.to - 1] as string);
      const proof = v.proof.map(hex);
      expect(await verifyConsistency(v.from, v.to, proof, r1, r2), `${v.from}→${v.to}`).toBe(true);
      if (proof.length === 0) continue;
      // The probes of corruptConsistencyProof in verify_test.go.
      const probes: [string, number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
        ['from - 1', v.from - 1, v.to, r1, r2, proof],
        ['from + 1', v.from + 1, v.to, r1, r2, proof],
        ['from ^ 2', v.from ^ 2, v.to, r1, r2, proof],
        ['to * 2', v.from, v.to * 2, r1, r2, proof],
        ['to / 2', v.from, Math.floor(v.to / 2), r1, r2, proof],
        ['wrong root1', v.from, v.to, text('WrongRoot'), r2, proof],
        ['wrong root2', v.from, v.to, r1, text('WrongRoot'), proof],
        ['swapped roots', v.from, v.to, r2, r1, proof],
        ['empty proof', v.from, v.to, r1, r2, []],
        ['trailing garbage', v.from, v.to, r1, r2, [...proof, new Uint8Array()]],
        ['trailing root1', v.from, v.to, r1, r2, [...proof, r1]],
        ['trailing root2', v.from, v.to, r1, r2, [...proof, r2]],
        ['preceding garbage', v.from, v.to, r1, r2, [new Uint8Array(), ...proof]],
        ['preceding root1', v.from, v.to, r1, r2, [r1, ...proof]],
        ['preceding root2', v.from, v.to, r1, r2, [r2, ...proof]],
        ['preceding proof[0]', v.from, v.to, r1, r2, [proof[0] as Uint8Array, ...proof]],
        ['truncated proof', v.from, v.to, r1, r2, proof.slice(0, -1)],
      ];
      proof.forEach((_, i) => {
        const wrong = proof.map((p) => p.slice());
        (wrong[i] as Uint8Array)[0] = ((wrong[i] as Uint8Array)[0] as number) ^ 16;
        probes.push([`modified proof[${i}]`, v.from, v.to, r1, r2, wrong]);
      });
      for (const [desc, from, to, a, b, p] of probes) {
        expect(await verifyConsistency(from, to, p, a, b), `${desc} of ${v.from}→${v.to}`).toBe(false);
      }
    }
  });

  it('handles the degenerate sizes the way the reference verifier does (TestVerifyConsistency)', async () => {
    const root1 = text("don't care 1");
    const root2 = text("don't care 2");
    const cases: [number, number, Uint8Array, Uint8Array, Uint8Array[], boolean][] = [
      [0, 0, root1, root2, [], false],
      [1, 1, root1, root2, [], false],
      [0, 0, EMPTY_ROOT_HASH, EMPTY_ROOT_HASH, [], true],
      [0, 1, EMPTY_ROOT_HASH, SOME_HASH, [], true],
      [1, 1, SOME_HASH, SOME_HASH, [], true],
      [1, 0, root1, root2, [], false],
      [2, 1, root1, root2, [], false],
      [1, 2, root1, root2, [], false],
      [0, 0, EMPTY_ROOT_HASH, root2, [], false],
      [1, 1, EMPTY_ROOT_HASH, root2, [], false],
      [0, 0, EMPTY_ROOT_HASH, EMPTY_ROOT_HASH, [EMPTY_ROOT_HASH], false],
      [0, 1, EMPTY_ROOT_HASH, EMPTY_ROOT_HASH, [EMPTY_ROOT_HASH], false],
      [1, 1, EMPTY_ROOT_HASH, EMPTY_ROOT_HASH, [EMPTY_ROOT_HASH], false],
    ];
    for (const [from, to, a, b, proof, want] of cases) {
      expect(await verifyConsistency(from, to, proof, a, b), `${from}→${to}`).toBe(want);
    }
  });

  it('rejects inclusion claims that are impossible for the tree size (TestVerifyInclusion)', async () => {
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
    ] as const) {
      expect(await verifyInclusion(SOME_HASH, index, size, [], EMPTY_ROOT_HASH)).toBe(false);
    }
    const leaf = await hashLeaf(text('data'));
    expect(await verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(await verifyInclusion(new Uint8Array(), 0, 1, [], leaf)).toBe(false);
    expect(await verifyInclusion(leaf, 0, 1, [], new Uint8Array())).toBe(false);
  });
});
