// Transparency log: append throughput, and inclusion/consistency proof generation and verification at
// 10^3 vs 10^6 entries over the in-memory store, with node reads counted per proof. The goal is O(log n):
// a proof at 10^6 should cost no more than about twice one at 10^3 (log2 10^6 / log2 10^3 = 2).
// Run alone: node --import tsx bench/log.ts
import { pathToFileURL } from 'node:url';
import {
  computeRoot,
  encodeLogEntry,
  hashLeaves,
  type LogEntry,
  MemoryLog,
  proveConsistency,
  proveInclusion,
  verifyConsistency,
  verifyInclusion,
} from '../registry/log/index.js';

const SMALL = 1_000;
const LARGE = 1_000_000;
const SAMPLES = 1_000;
const BATCH = 1_000;

const encoder = new TextEncoder();

// A realistic leaf: the canonical JSON of a status change, ~330 bytes, made unique by its index.
function entryBytes(i: number): Uint8Array {
  const hex = i.toString(16).padStart(64, '0');
  return encoder.encode(
    `{"actor":"reviewer:ann","attestationDigest":"sha256:${hex}","from":"submitted","name":"io.github.acme/server-${i}","reason":"reviewed","time":"2026-03-01T12:00:00Z","to":"approved","type":"status_changed","v":1,"version":"1.0.${i % 1000}"}`,
  );
}

// Deterministic sampling so runs compare.
function sampler(seed: number): (max: number) => number {
  let s = seed >>> 0;
  return (max) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Math.floor((s / 2 ** 32) * max);
  };
}

async function build(size: number): Promise<{ log: MemoryLog; ms: number }> {
  const log = new MemoryLog();
  const started = performance.now();
  for (let start = 0; start < size; start += BATCH) {
    const entries: Uint8Array[] = [];
    for (let i = start; i < Math.min(size, start + BATCH); i++) entries.push(entryBytes(i));
    await log.appendHashes(await hashLeaves(entries));
  }
  return { log, ms: performance.now() - started };
}

interface ProofFigures {
  inclusionProveUs: number;
  inclusionVerifyUs: number;
  inclusionReads: number;
  inclusionReadsMax: number;
  inclusionHashes: number;
  consistencyProveUs: number;
  consistencyVerifyUs: number;
  consistencyReads: number;
  consistencyReadsMax: number;
  consistencyHashes: number;
}

async function measureProofs(log: MemoryLog, size: number): Promise<ProofFigures> {
  const root = await computeRoot(log, size);
  const random = sampler(size);
  const indices = Array.from({ length: SAMPLES }, () => random(size));
  const froms = Array.from({ length: SAMPLES }, () => 1 + random(size - 1));
  const leafHashes = await log.getNodes(indices.map((index) => ({ level: 0, index })));
  const oldRoots = await Promise.all(froms.map((from) => computeRoot(log, from)));

  // warm up both paths before timing
  for (let i = 0; i < 50; i++) {
    await verifyInclusion(
      leafHashes[i] as Uint8Array,
      indices[i] as number,
      size,
      await proveInclusion(log, indices[i] as number, size),
      root,
    );
  }

  log.resetCounters();
  let readsMax = 0;
  let t = performance.now();
  const inclusion: Uint8Array[][] = [];
  for (const index of indices) {
    const before = log.nodeReads;
    inclusion.push(await proveInclusion(log, index, size));
    readsMax = Math.max(readsMax, log.nodeReads - before);
  }
  const inclusionProveUs = ((performance.now() - t) * 1000) / SAMPLES;
  const inclusionReads = log.nodeReads / SAMPLES;
  const inclusionReadsMax = readsMax;
  t = performance.now();
  for (let i = 0; i < SAMPLES; i++) {
    const ok = await verifyInclusion(
      leafHashes[i] as Uint8Array,
      indices[i] as number,
      size,
      inclusion[i] as Uint8Array[],
      root,
    );
    if (!ok) throw new Error(`inclusion proof ${indices[i]}@${size} did not verify`);
  }
  const inclusionVerifyUs = ((performance.now() - t) * 1000) / SAMPLES;

  log.resetCounters();
  readsMax = 0;
  t = performance.now();
  const consistency: Uint8Array[][] = [];
  for (const from of froms) {
    const before = log.nodeReads;
    consistency.push(await proveConsistency(log, from, size));
    readsMax = Math.max(readsMax, log.nodeReads - before);
  }
  const consistencyProveUs = ((performance.now() - t) * 1000) / SAMPLES;
  const consistencyReads = log.nodeReads / SAMPLES;
  const consistencyReadsMax = readsMax;
  t = performance.now();
  for (let i = 0; i < SAMPLES; i++) {
    const ok = await verifyConsistency(
      froms[i] as number,
      size,
      consistency[i] as Uint8Array[],
      oldRoots[i] as Uint8Array,
      root,
    );
    if (!ok) throw new Error(`consistency proof ${froms[i]}→${size} did not verify`);
  }
  const consistencyVerifyUs = ((performance.now() - t) * 1000) / SAMPLES;

  const mean = (proofs: Uint8Array[][]) => proofs.reduce((n, p) => n + p.length, 0) / proofs.length;
  return {
    inclusionProveUs,
    inclusionVerifyUs,
    inclusionReads,
    inclusionReadsMax,
    inclusionHashes: mean(inclusion),
    consistencyProveUs,
    consistencyVerifyUs,
    consistencyReads,
    consistencyReadsMax,
    consistencyHashes: mean(consistency),
  };
}

async function measureSingleAppends(log: MemoryLog, count: number): Promise<{ us: number; reads: number }> {
  const start = await log.getSize();
  log.resetCounters();
  const t = performance.now();
  for (let i = 0; i < count; i++) await log.appendHashes(await hashLeaves([entryBytes(start + i)]));
  return { us: ((performance.now() - t) * 1000) / count, reads: log.nodeReads / count };
}

function measureEncode(count: number): number {
  const entry: LogEntry = {
    v: 1,
    type: 'status_changed',
    time: '2026-03-01T12:00:00Z',
    actor: 'reviewer:ann',
    attestationDigest: `sha256:${'a'.repeat(64)}`,
    name: 'io.github.acme/weather',
    version: '1.2.0',
    from: 'submitted',
    to: 'approved',
  };
  const t = performance.now();
  for (let i = 0; i < count; i++) encodeLogEntry({ ...entry, version: `1.2.${i}` });
  return ((performance.now() - t) * 1000) / count;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

const ROUNDS = 3;

function best(a: ProofFigures, b: ProofFigures): ProofFigures {
  const out = { ...a };
  for (const key of Object.keys(a) as (keyof ProofFigures)[]) out[key] = Math.min(a[key], b[key]);
  return out;
}

export async function runLogBench(): Promise<Record<string, number>> {
  const small = await build(SMALL);
  const large = await build(LARGE);
  const single = await measureSingleAppends(large.log, 2_000);
  // Both trees stay alive and the sizes alternate, best of ROUNDS, so JIT warm-up and GC pressure from
  // the 10^6-node heap weigh on both columns alike.
  let s: ProofFigures | undefined;
  let l: ProofFigures | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const sr = await measureProofs(small.log, SMALL);
    const lr = await measureProofs(large.log, LARGE);
    s = s ? best(s, sr) : sr;
    l = l ? best(l, lr) : lr;
  }
  if (!s || !l) throw new Error('no rounds');
  const encodeUs = measureEncode(2_000);

  const rows: Record<string, { '10^3': number; '10^6': number; ratio: number }> = {};
  for (const key of Object.keys(s) as (keyof ProofFigures)[]) {
    rows[key] = { '10^3': round(s[key]), '10^6': round(l[key]), ratio: round(l[key] / s[key], 2) };
  }
  console.log(
    `log: built 10^6 entries in ${(large.ms / 1000).toFixed(1)} s (batches of ${BATCH}); per proof, best of ${ROUNDS} rounds of ${SAMPLES}:`,
  );
  console.table(rows);

  const figures: Record<string, number> = {
    append_bulk_entries_per_s: round((LARGE / large.ms) * 1000, 0),
    append_single_us_large_tree: round(single.us),
    append_single_node_reads: round(single.reads, 2),
    entry_encode_validate_us: round(encodeUs),
  };
  for (const [key, row] of Object.entries(rows)) {
    figures[`${key}_1e3`] = row['10^3'];
    figures[`${key}_1e6`] = row['10^6'];
    figures[`${key}_ratio`] = row.ratio;
  }
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const figures = await runLogBench();
  // the per-proof figures are in the table above; the append figures are the rest
  console.table(Object.fromEntries(Object.entries(figures).filter(([k]) => !/_(1e3|1e6|ratio)$/.test(k))));
  console.log(`log bench: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
