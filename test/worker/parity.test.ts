import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../registry/api/index.js';
import { bootstrapAdmin } from '../../registry/bootstrap/index.js';
import { openSqliteStore } from '../../registry/sqlite/index.js';
import type { RegistryStore, StoreDump } from '../../registry/store/index.js';
import { importIntoD1 } from '../../scripts/d1-store.js';
import { runCliCaptured } from '../helpers/cli.js';
import { makeRelease, path, TestApi } from '../helpers/registry-client.js';
import {
  applyD1Migrations,
  makePersistDir,
  OFFLINE_ENV,
  openLocalD1,
  ROOT,
  startWorkerd,
  type WorkerdTarget,
} from './workerd.js';

const run = promisify(execFile);
const ADMIN = `parity-admin-${'p'.repeat(40)}`;
const SERVERS = 105; // more than one page of 100: the widest query binds 100 parameters, D1's limit

function cli(argv: string[]) {
  return runCliCaptured(argv, { env: {}, cwd: ROOT });
}

function d1Store(args: string[]) {
  return run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/d1-store.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Fills a registry through its API with every kind of state the store keeps. */
async function populate(api: TestApi): Promise<void> {
  const pub = await api.createToken(ADMIN, {
    role: 'publisher',
    namespaces: ['io.github.parity/*'],
    subject: 'pub',
  });
  const rev = await api.createToken(ADMIN, { role: 'reviewer', subject: 'rev' });
  const asr = await api.createToken(ADMIN, { role: 'assessor', subject: 'asr' });
  const gone = await api.createToken(ADMIN, { role: 'reader' });
  expect((await api.delete(`/v1/tokens/${gone.id}`, ADMIN)).status).toBe(200);
  for (let i = 0; i < SERVERS; i++) {
    const name = `io.github.parity/server-${String(i).padStart(3, '0')}`;
    const versions = i % 10 === 0 ? ['1.0.0', '1.1.0', '2.0.0-rc.1'] : ['1.0.0'];
    for (const v of versions) {
      const extra =
        i % 7 === 0
          ? {
              title: `Server ${i}`,
              remotes: [{ type: 'streamable-http', url: `https://mcp.parity.test/${i}` }],
            }
          : {};
      const r = await api.post('/v1/releases', makeRelease(name, v, extra), pub.token);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    if (i % 3 === 0)
      await api.post(
        path(name, 'releases', '1.0.0', 'status'),
        { status: 'approved', reason: 'ok' },
        rev.token,
      );
    if (i % 9 === 0)
      await api.post(path(name, 'releases', '1.0.0', 'status'), { status: 'deprecated' }, rev.token);
    if (i % 4 === 1)
      await api.post(
        path(name, 'releases', '1.0.0', 'status'),
        { status: 'rejected', reason: 'no' },
        rev.token,
      );
    if (i % 5 === 0) {
      for (const risk of ['low', 'none']) {
        const a = await api.post(
          path(name, 'releases', '1.0.0', 'assessments'),
          {
            assessor: { id: 'parity' },
            method: 'manual',
            tool: { name: 'review', version: '1' },
            findings: [],
            risk,
            verdict: 'approve',
            date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
          },
          asr.token,
        );
        expect(a.status, JSON.stringify(a.body)).toBe(201);
      }
    }
  }
  // A denial, so the audit log holds all three results.
  expect((await api.post('/v1/releases', makeRelease('io.github.other/x', '1.0.0'), pub.token)).status).toBe(
    403,
  );
}

/** Every GET the API offers over this data, admin-only ones included. */
async function readAll(api: TestApi): Promise<Map<string, { status: number; body: unknown }>> {
  const out = new Map<string, { status: number; body: unknown }>();
  const get = async (p: string, token?: string) => {
    const r = await api.get(p, token);
    out.set(p, { status: r.status, body: r.body });
    return r;
  };
  const first = await get('/v1/servers?limit=100');
  await get(`/v1/servers?limit=100&cursor=${encodeURIComponent(first.body.nextCursor)}`);
  await get('/v1/servers?search=server-01');
  await get('/v1/servers?updated_since=2000-01-01T00:00:00Z&limit=5');
  const official = await get('/v0.1/servers?limit=100');
  if (official.body.metadata?.nextCursor) {
    await get(`/v0.1/servers?limit=100&cursor=${encodeURIComponent(official.body.metadata.nextCursor)}`);
  }
  await get('/v1/tokens', ADMIN);
  await get('/v1/audit?limit=500', ADMIN);
  for (let i = 0; i < SERVERS; i++) {
    const name = `io.github.parity/server-${String(i).padStart(3, '0')}`;
    await get(path(name));
    const releases = await get(path(name, 'releases'));
    // The list above carries every full release record; per-release reads for a fifth of the servers
    // (each status, assessments and multi-version servers among them) keep the file fast.
    if (i % 5 !== 0) continue;
    await get(path(name, 'releases', 'latest'));
    await get(`/v0.1/servers/${encodeURIComponent(name)}/versions`);
    await get(`/v0.1/servers/${encodeURIComponent(name)}/versions/latest`);
    for (const r of releases.body.releases as { version: string }[]) {
      await get(path(name, 'releases', r.version));
      await get(path(name, 'releases', r.version, 'history'));
      await get(path(name, 'releases', r.version, 'assessments'));
    }
  }
  return out;
}

describe('store parity: SQLite -> dump -> D1 (workerd) gives the same API answers', () => {
  const dirs: string[] = [];
  let sqlite: RegistryStore;
  let sqliteApi: TestApi;
  let worker: WorkerdTarget | undefined;
  let dump: StoreDump;
  let dumpFile: string;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mcpvet-parity-'));
    dirs.push(dataDir);
    ({ store: sqlite } = await openSqliteStore(join(dataDir, 'registry.db')));
    await bootstrapAdmin(sqlite, { envToken: ADMIN });
    const app = createApp({ store: sqlite });
    sqliteApi = new TestApi({ adminToken: ADMIN, fetch: async (r) => app.request(r), close: async () => {} });
    await populate(sqliteApi);

    dumpFile = join(dataDir, 'dump.json');
    const exported = await cli(['store', 'export', '--data-dir', dataDir, '--out', dumpFile]);
    expect(exported.code, exported.stderr).toBe(0);
    dump = JSON.parse(readFileSync(dumpFile, 'utf8'));

    const persistDir = makePersistDir();
    dirs.push(persistDir);
    await applyD1Migrations(persistDir);
    const local = await openLocalD1(persistDir);
    try {
      await importIntoD1(local.db, dump);
    } finally {
      await local.dispose();
    }
    worker = await startWorkerd({ persistDir, adminToken: ADMIN });
  });

  afterAll(async () => {
    await worker?.close();
    await sqlite?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('exports the same dump through the real mcpvet binary', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'verifier/cli/main.ts'), 'store', 'export', '--data-dir', dirs[0] ?? ''],
      { cwd: ROOT, env: { ...process.env, MCPVET_CLI_MAIN: '1' }, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(JSON.parse(stdout)).toEqual(dump);
  });

  it('exported every kind of row', () => {
    expect(dump.servers).toHaveLength(SERVERS);
    expect(dump.releases.length).toBeGreaterThan(SERVERS);
    expect(new Set(dump.releases.map((r) => r.status))).toEqual(
      new Set(['submitted', 'approved', 'rejected', 'deprecated']),
    );
    expect(dump.assessments.length).toBeGreaterThan(0);
    expect(dump.tokens.some((t) => t.revokedAt !== null)).toBe(true);
    expect(new Set(dump.audit.map((a) => a.result))).toEqual(new Set(['allowed', 'denied', 'failed']));
  });

  it('answers every GET identically from SQLite in Node and from D1 in workerd', async () => {
    if (!worker) throw new Error('worker did not start');
    const fromSqlite = await readAll(sqliteApi);
    const fromD1 = await readAll(new TestApi(worker));
    expect(fromSqlite.size).toBeGreaterThan(SERVERS * 2 + 100);
    expect([...fromD1.keys()]).toEqual([...fromSqlite.keys()]);
    for (const [p, expected] of fromSqlite) expect(fromD1.get(p), p).toEqual(expected);
    expect(fromSqlite.get('/v1/servers?limit=100')?.body).toMatchObject({ nextCursor: expect.any(String) });
  });

  it('keeps working after the move: the admin token from the dump publishes on D1', async () => {
    if (!worker) throw new Error('worker did not start');
    const api = new TestApi(worker);
    const r = await api.post('/v1/releases', makeRelease('io.github.parity/after-move', '1.0.0'), ADMIN);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const again = await api.post('/v1/releases', makeRelease('io.github.parity/server-000', '1.0.0'), ADMIN);
    expect(again.status).toBe(409);
  });

  it('exports from D1 the dump it imported, and that dump loads back into SQLite', async () => {
    if (!worker) throw new Error('worker did not start');
    await worker.close();
    worker = undefined;
    const persistDir = dirs[1] ?? '';
    const { stdout } = await d1Store(['export', '--persist-to', persistDir]);
    const back = JSON.parse(stdout) as StoreDump;
    const moved = (r: { name: string }) => r.name !== 'io.github.parity/after-move';
    expect(back.releases.filter(moved)).toEqual(dump.releases);
    expect(back.assessments).toEqual(dump.assessments);
    expect(back.tokens).toEqual(dump.tokens);
    expect(back.audit.slice(0, dump.audit.length)).toEqual(dump.audit);
    expect(back.events.slice(0, dump.events.length)).toEqual(dump.events);

    const again = mkdtempSync(join(tmpdir(), 'mcpvet-parity-back-'));
    dirs.push(again);
    const input = join(again, 'from-d1.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(input, stdout));
    const imported = await cli(['store', 'import', '--data-dir', again, input]);
    expect(imported.code, imported.stderr).toBe(0);
    const reopened = await openSqliteStore(join(again, 'registry.db'));
    expect(await reopened.store.exportDump()).toEqual(back);
    await reopened.store.close();
  });

  it('refuses a dump whose document no longer matches its digest, and a non-empty target', async () => {
    const tampered = structuredClone(dump);
    const first = tampered.releases[0];
    if (!first) throw new Error('no release');
    first.document.description = 'swapped after export';
    const dir = mkdtempSync(join(tmpdir(), 'mcpvet-parity-bad-'));
    dirs.push(dir);
    const file = join(dir, 'tampered.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(tampered)));
    const bad = await cli(['store', 'import', '--data-dir', dir, file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/does not hash to its recorded digest/);
    const notEmpty = await cli(['store', 'import', '--data-dir', dirs[0] ?? '', dumpFile]);
    expect(notEmpty.code).toBe(2);
    expect(notEmpty.stderr).toMatch(/already holds data/);
  });
});
