import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRegistryError } from '../../registry/errors/index.js';
import {
  encodeLogEntry,
  generateNoteKeys,
  type LogEntry,
  logRoutes,
  type NoteSigner,
  type NoteVerifier,
  parseSignerKey,
  parseVerifierKey,
  SqlLog,
} from '../../registry/log/index.js';
import { type OpenedSqliteStore, openSqliteStore } from '../../registry/sqlite/index.js';
import {
  auditLogEntries,
  createLogClient,
  type LogClient,
  memoryLogStateStore,
  syncLogView,
  verifyEntryInclusion,
} from '../../verifier/log/index.js';

const ORIGIN = 'registry.test/log';
const REGISTRY = 'http://registry.test';
let signer: NoteSigner;
let verifier: NoteVerifier;
const opened: OpenedSqliteStore[] = [];

function event(i: number, variant = 'a'): LogEntry {
  return {
    v: 1,
    type: 'status_changed',
    time: `2026-03-01T12:00:${String(i % 60).padStart(2, '0')}Z`,
    actor: `reviewer:${variant}`,
    attestationDigest: `sha256:${i.toString(16).padStart(64, '0')}`,
    name: 'io.github.acme/weather',
    version: `1.0.${i}`,
    from: 'submitted',
    to: 'approved',
  };
}

/** A registry: real SQLite with the real migrations, the log routes behind the API's error mapping. */
async function registry(): Promise<{ log: SqlLog; app: Hono; client: LogClient }> {
  const store = await openSqliteStore(':memory:');
  opened.push(store);
  const log = new SqlLog(store.driver);
  const app = new Hono();
  app.route('/', logRoutes({ resolve: () => ({ log, origin: ORIGIN, signers: [signer] }) }));
  app.onError((error, c) =>
    isRegistryError(error)
      ? c.json({ code: error.code, message: error.message }, error.status as 400)
      : c.json({ code: 'internal' }, 500),
  );
  const client = createLogClient({ registry: REGISTRY, fetch: async (request) => app.fetch(request) });
  return { log, app, client };
}

async function append(log: SqlLog, from: number, to: number, variant = 'a'): Promise<void> {
  await log.append(Array.from({ length: to - from }, (_, i) => encodeLogEntry(event(from + i, variant))));
}

beforeEach(async () => {
  const keys = await generateNoteKeys(ORIGIN);
  signer = await parseSignerKey(keys.signerKey);
  verifier = await parseVerifierKey(keys.verifierKey);
});
afterEach(async () => {
  for (const o of opened.splice(0)) await o.driver.close();
});

describe('the log endpoints, end to end with the verifier', () => {
  it('serve a signed checkpoint, proofs and entries the verifier accepts and audits', async () => {
    const { log, app, client } = await registry();
    await append(log, 0, 5);
    const store = memoryLogStateStore();
    const sync = () =>
      syncLogView({ registry: REGISTRY, verifiers: [verifier], origin: ORIGIN, store, ...client });

    const first = await sync();
    expect(first).toMatchObject({ code: 'log_first_seen', evidence: { size: 5 } });
    await append(log, 5, 23);
    const second = await sync();
    expect(second).toMatchObject({ code: 'log_advanced', evidence: { previousSize: 5, size: 23 } });
    const checkpoint = second.checkpoint;
    if (!checkpoint) throw new Error('no checkpoint');

    const response = await app.request('/v1/log/checkpoint');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(
      new RegExp(`^${ORIGIN}\\n23\\n[A-Za-z0-9+/]{43}=\\n\\n\u2014 ${ORIGIN} `),
    );

    const page = await client.fetchEntries(10, 12);
    expect(new TextDecoder().decode(page.entries[0])).toBe(
      new TextDecoder().decode(encodeLogEntry(event(10))),
    );
    const proof = await client.fetchInclusionProof(10, 23);
    expect(
      await verifyEntryInclusion({ entry: page.entries[0] as Uint8Array, index: 10, proof, checkpoint }),
    ).toMatchObject({
      included: true,
    });
    expect(await auditLogEntries(client, checkpoint)).toMatchObject({ ok: true, code: 'log_rebuilt' });
  });

  it('answers bad ranges with 400 and caps entry pages', async () => {
    const { log, app } = await registry();
    await append(log, 0, 3);
    for (const path of [
      '/v1/log/proof/inclusion?index=3&size=3',
      '/v1/log/proof/inclusion?index=0&size=4',
      '/v1/log/proof/inclusion?index=-1&size=2',
      '/v1/log/proof/inclusion?index=01&size=2',
      '/v1/log/proof/consistency?from=3&to=2',
      '/v1/log/proof/consistency?from=1&to=9',
      '/v1/log/entries?start=4',
      '/v1/log/entries',
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'bad_request' });
    }
    const all = (await (await app.request('/v1/log/entries?start=0&end=100')).json()) as {
      end: number;
      entries: string[];
    };
    expect(all).toMatchObject({ end: 3, size: 3 });
    expect(all.entries).toHaveLength(3);
    expect(await (await app.request('/v1/log/proof/consistency?from=0&to=3')).json()).toEqual({
      from: 0,
      to: 3,
      proof: [],
    });
  });

  it('catches a registry that forks or rewrites its log, through HTTP', async () => {
    const honest = await registry();
    const fork = await registry();
    await append(honest.log, 0, 8);
    await append(fork.log, 0, 6);
    await append(fork.log, 6, 8, 'evil');
    const store = memoryLogStateStore();
    const base = { registry: REGISTRY, verifiers: [verifier], origin: ORIGIN, store };
    await syncLogView({ ...base, ...honest.client });
    await expect(syncLogView({ ...base, ...fork.client })).rejects.toMatchObject({
      code: 'log_fork',
      exitCode: 3,
    });
    await append(fork.log, 8, 12, 'evil');
    await expect(syncLogView({ ...base, ...fork.client })).rejects.toMatchObject({
      code: 'log_inconsistent',
      exitCode: 3,
    });
    expect((await store.read()).logs[REGISTRY]?.size).toBe(8);
  });

  it('an audit catches entries that do not match the signed root', async () => {
    const { log, client } = await registry();
    await append(log, 0, 9);
    const decision = await syncLogView({
      registry: REGISTRY,
      verifiers: [verifier],
      store: memoryLogStateStore(),
      ...client,
    });
    const checkpoint = decision.checkpoint;
    if (!checkpoint) throw new Error('no checkpoint');
    const swapped: LogClient = {
      ...client,
      fetchEntries: async (start, end) => {
        const page = await client.fetchEntries(start, end);
        page.entries[4] = encodeLogEntry(event(4, 'rewritten'));
        return page;
      },
    };
    expect(await auditLogEntries(swapped, checkpoint)).toMatchObject({
      ok: false,
      code: 'log_root_mismatch',
    });
    const short: LogClient = {
      ...client,
      fetchEntries: async (start, end) => client.fetchEntries(start, Math.min(end, 7)),
    };
    expect(await auditLogEntries(short, checkpoint)).toMatchObject({
      ok: false,
      code: 'log_entries_missing',
    });
  });
});
