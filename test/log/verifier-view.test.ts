import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateNoteKeys,
  MemoryLog,
  type NoteSigner,
  type NoteVerifier,
  parseSignerKey,
  parseVerifierKey,
  proveConsistency,
  proveInclusion,
  signCheckpoint,
} from '../../registry/log/index.js';
import { EXIT_CODES, VerifierError } from '../../verifier/errors/index.js';
import {
  decideLogUpdate,
  emptyLogViewState,
  fileLogStateStore,
  type LogViewState,
  memoryLogStateStore,
  requiredConsistencyProof,
  syncLogView,
  verifyEntryInclusion,
} from '../../verifier/log/index.js';
import { leafInput } from './helpers.js';

const ORIGIN = 'registry.example.com/log';
const REGISTRY = 'https://registry.example.com';
const NOW = '2026-03-01T00:00:00.000Z';
let signer: NoteSigner;
let verifier: NoteVerifier;

/** The honest log and a fork that agrees on the first 5 entries and then diverges. */
let honest: MemoryLog;
let forked: MemoryLog;

async function note(log: MemoryLog, size: number, by: NoteSigner = signer): Promise<string> {
  const { computeRoot } = await import('../../registry/log/index.js');
  return signCheckpoint({ origin: ORIGIN, size, rootHash: await computeRoot(log, size) }, [by]);
}

async function decide(state: LogViewState, text: string, proof: Uint8Array[] = []) {
  return decideLogUpdate({ registry: REGISTRY, state, note: text, verifiers: [verifier], proof, now: NOW });
}

beforeAll(async () => {
  const keys = await generateNoteKeys(ORIGIN);
  signer = await parseSignerKey(keys.signerKey);
  verifier = await parseVerifierKey(keys.verifierKey);
  honest = new MemoryLog();
  forked = new MemoryLog();
  const common = Array.from({ length: 5 }, (_, i) => leafInput(i));
  await honest.append(common);
  await forked.append(common);
  await honest.append(Array.from({ length: 15 }, (_, i) => leafInput(100 + i)));
  await forked.append(Array.from({ length: 15 }, (_, i) => leafInput(200 + i)));
});

describe('deciding whether a checkpoint extends the last one seen', () => {
  it('trusts the first checkpoint, keeps an unchanged one and advances with a valid proof', async () => {
    const first = await decide(emptyLogViewState(), await note(honest, 8));
    expect(first).toMatchObject({ accepted: true, code: 'log_first_seen', severity: 'info' });
    expect(first.state.logs[REGISTRY]).toMatchObject({ origin: ORIGIN, size: 8, seenAt: NOW });

    const same = await decide(first.state, await note(honest, 8));
    expect(same).toMatchObject({ accepted: true, code: 'log_unchanged' });
    expect(same.state).toBe(first.state);

    const next = await note(honest, 13);
    expect(
      requiredConsistencyProof(first.state.logs[REGISTRY], {
        origin: ORIGIN,
        size: 13,
        rootHash: new Uint8Array(32),
      }),
    ).toEqual({
      from: 8,
      to: 13,
    });
    const advanced = await decide(first.state, next, await proveConsistency(honest, 8, 13));
    expect(advanced).toMatchObject({
      accepted: true,
      code: 'log_advanced',
      evidence: { previousSize: 8, size: 13 },
    });
    expect(advanced.state.logs[REGISTRY]?.size).toBe(13);
  });

  it('detects a fork: two signed checkpoints of the same size with different roots', async () => {
    const seen = (await decide(emptyLogViewState(), await note(honest, 10))).state;
    const fork = await decide(seen, await note(forked, 10));
    expect(fork).toMatchObject({ accepted: false, code: 'log_fork', severity: 'critical' });
    expect(fork.state).toBe(seen);
    // the evidence carries both signed checkpoints, so the fork can be shown to others
    expect(fork.evidence.savedNote).toBe(seen.logs[REGISTRY]?.note);
    expect(fork.evidence.note).toContain(`${ORIGIN}\n10\n`);
    expect(EXIT_CODES.log_fork).toBe(3);
  });

  it('detects a shrinking log', async () => {
    const seen = (await decide(emptyLogViewState(), await note(honest, 12))).state;
    const shrunk = await decide(seen, await note(honest, 11));
    expect(shrunk).toMatchObject({
      accepted: false,
      code: 'log_inconsistent',
      evidence: { reason: 'size_decreased' },
    });
    expect(shrunk.state).toBe(seen);
  });

  it('rejects growth the log cannot prove: a rewritten history, a missing or a tampered proof', async () => {
    const seen = (await decide(emptyLogViewState(), await note(honest, 7))).state;
    // the fork grew past the checkpoint we saw, but its history differs from entry 5 on
    const rewritten = await decide(seen, await note(forked, 16), await proveConsistency(forked, 7, 16));
    expect(rewritten).toMatchObject({
      accepted: false,
      code: 'log_inconsistent',
      evidence: { reason: 'bad_consistency_proof' },
    });
    const next = await note(honest, 16);
    expect(await decide(seen, next, [])).toMatchObject({ accepted: false, code: 'log_inconsistent' });
    const proof = await proveConsistency(honest, 7, 16);
    const tampered = proof.map((p, i) => (i === 1 ? p.map((b, j) => (j === 0 ? b ^ 1 : b)) : p));
    expect(await decide(seen, next, tampered)).toMatchObject({ accepted: false, code: 'log_inconsistent' });
    expect(await decide(seen, next, proof)).toMatchObject({ accepted: true, code: 'log_advanced' });
  });

  it('rejects checkpoints signed by an untrusted key or for another log', async () => {
    const other = await parseSignerKey((await generateNoteKeys(ORIGIN)).signerKey);
    const byOther = await decide(emptyLogViewState(), await note(honest, 4, other));
    expect(byOther).toMatchObject({
      accepted: false,
      code: 'signature_invalid',
      evidence: { reason: 'unverified' },
    });
    const seen = (await decide(emptyLogViewState(), await note(honest, 4))).state;
    const foreignKeys = await generateNoteKeys('elsewhere.example/log');
    const foreign = await signCheckpoint(
      { origin: 'elsewhere.example/log', size: 5, rootHash: new Uint8Array(32) },
      [await parseSignerKey(foreignKeys.signerKey)],
    );
    const result = await decideLogUpdate({
      registry: REGISTRY,
      state: seen,
      note: foreign,
      verifiers: [verifier, await parseVerifierKey(foreignKeys.verifierKey)],
      now: NOW,
    });
    expect(result).toMatchObject({
      accepted: false,
      code: 'trust_failure',
      evidence: { reason: 'origin_mismatch' },
    });
  });
});

describe('syncing against a registry with a state file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpvet-log-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function fakeRegistry(log: MemoryLog, size: number) {
    const asked: [number, number][] = [];
    return {
      asked,
      fetchCheckpoint: () => note(log, size),
      fetchConsistencyProof: async (from: number, to: number) => {
        asked.push([from, to]);
        return proveConsistency(log, from, to);
      },
    };
  }

  it('saves the first checkpoint, fetches proofs for growth and refuses a fork without touching the file', async () => {
    const path = join(dir, 'nested', 'log-state.json');
    const store = fileLogStateStore(path);
    const base = { registry: REGISTRY, verifiers: [verifier], store, now: () => new Date(NOW) };

    const first = await syncLogView({ ...base, ...fakeRegistry(honest, 6) });
    expect(first.code).toBe('log_first_seen');
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(saved.logs[REGISTRY]).toMatchObject({ origin: ORIGIN, size: 6 });

    const growing = fakeRegistry(honest, 9);
    expect((await syncLogView({ ...base, ...growing })).code).toBe('log_advanced');
    expect(growing.asked).toEqual([[6, 9]]);

    const before = await readFile(path, 'utf8');
    const error = await syncLogView({ ...base, ...fakeRegistry(forked, 9) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerifierError);
    expect(error).toMatchObject({ code: 'log_fork', exitCode: 3 });
    const rewritten = await syncLogView({ ...base, ...fakeRegistry(forked, 12) }).catch((e: unknown) => e);
    expect(rewritten).toMatchObject({ code: 'log_inconsistent', exitCode: 3 });
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('refuses a corrupted state file instead of starting over', async () => {
    const path = join(dir, 'corrupt.json');
    await writeFile(path, '{"version":1,"logs":{"x":{"size":"big"}}}');
    await expect(fileLogStateStore(path).read()).rejects.toMatchObject({ code: 'config_invalid' });
    expect(await fileLogStateStore(join(dir, 'absent.json')).read()).toEqual(emptyLogViewState());
  });

  it('keeps the view in memory when asked', async () => {
    const store = memoryLogStateStore();
    await syncLogView({ registry: REGISTRY, verifiers: [verifier], store, ...fakeRegistry(honest, 3) });
    expect((await store.read()).logs[REGISTRY]?.size).toBe(3);
  });
});

describe('entry inclusion against an accepted checkpoint', () => {
  it('accepts the real entry and refuses another entry, index or proof', async () => {
    const decision = await decide(emptyLogViewState(), await note(honest, 20));
    const checkpoint = decision.checkpoint;
    if (!checkpoint) throw new Error('no checkpoint');
    const proof = await proveInclusion(honest, 7, 20);
    const entry = leafInput(102); // index 7 = 5 common + third honest entry
    expect(await verifyEntryInclusion({ entry, index: 7, proof, checkpoint })).toMatchObject({
      included: true,
      code: 'log_entry_included',
    });
    for (const probe of [
      { entry: leafInput(202), index: 7, proof },
      { entry, index: 8, proof },
      { entry, index: 7, proof: proof.slice(1) },
    ]) {
      expect(await verifyEntryInclusion({ ...probe, checkpoint })).toMatchObject({
        included: false,
        code: 'log_entry_not_included',
        severity: 'critical',
      });
    }
  });
});
