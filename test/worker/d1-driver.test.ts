import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { D1Driver, toRegistryErrorFromD1 } from '../../registry/d1/index.js';
import { RegistryError } from '../../registry/errors/index.js';
import type { Release } from '../../registry/records/index.js';
import { SqlRegistryStore, sql } from '../../registry/store/index.js';
import { applyD1Migrations, type LocalD1, makePersistDir, openLocalD1 } from './workerd.js';

const AUDIT = {
  at: '2026-01-01T00:00:00.000Z',
  requestId: 'req',
  actor: 'tester',
  role: 'admin' as const,
  action: 'test',
  target: null,
  result: 'allowed' as const,
  code: null,
  details: null,
};

function release(version: string): Release {
  return {
    name: 'io.github.d1/driver',
    version,
    description: 'driver test',
    packages: [
      {
        registryType: 'npm' as const,
        identifier: '@d1/driver',
        version,
        transport: { type: 'stdio' as const },
      },
    ],
  };
}

describe('D1Driver against local D1 (migrated by wrangler)', () => {
  let dir: string;
  let local: LocalD1;
  let driver: D1Driver;
  beforeAll(async () => {
    dir = makePersistDir();
    await applyD1Migrations(dir);
    local = await openLocalD1(dir);
    driver = new D1Driver(local.db);
  });
  afterAll(async () => {
    await local?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads rows, returns null for no row and reports changes from meta.changes', async () => {
    expect((await driver.run('INSERT INTO meta (key, value) VALUES (?, ?)', ['k1', 'v1'])).changes).toBe(1);
    expect(await driver.first('SELECT value FROM meta WHERE key = ?', ['k1'])).toEqual({ value: 'v1' });
    expect(await driver.first('SELECT value FROM meta WHERE key = ?', ['nope'])).toBeNull();
    expect(await driver.all('SELECT key FROM meta WHERE key LIKE ? ORDER BY key', ['k%'])).toEqual([
      { key: 'k1' },
    ]);
    expect((await driver.run("UPDATE meta SET value = 'x' WHERE key = ?", ['nope'])).changes).toBe(0);
    expect(
      (await driver.run('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)', ['k1', 'v2'])).changes,
    ).toBe(0);
  });

  it('maps a UNIQUE violation to conflict and a trigger abort to internal', async () => {
    const dup = await driver
      .run('INSERT INTO meta (key, value) VALUES (?, ?)', ['k1', 'again'])
      .catch((e) => e);
    expect(dup).toBeInstanceOf(RegistryError);
    expect(dup.code).toBe('conflict');
    await driver.run(
      "INSERT INTO audit (at, request_id, actor, action, result) VALUES ('t', 'r', 'a', 'x', 'allowed')",
    );
    const edit = await driver.run("UPDATE audit SET actor = 'someone else'").catch((e) => e);
    expect(edit).toBeInstanceOf(RegistryError);
    expect(edit.code).toBe('internal');
    expect(String(edit.cause)).toMatch(/append-only/);
  });

  it('runs a batch atomically: a failing statement undoes the ones before it', async () => {
    const failed = await driver
      .batch([
        sql('INSERT INTO meta (key, value) VALUES (?, ?)', 'batch-a', '1'),
        sql('INSERT INTO meta (key, value) VALUES (?, ?)', 'k1', 'duplicate'),
      ])
      .catch((e) => e);
    expect(failed.code).toBe('conflict');
    expect(await driver.first('SELECT * FROM meta WHERE key = ?', ['batch-a'])).toBeNull();
    const ok = await driver.batch([
      sql('INSERT INTO meta (key, value) VALUES (?, ?)', 'batch-a', '1'),
      sql("UPDATE meta SET value = '2' WHERE key = ?", 'batch-a'),
    ]);
    expect(ok).toEqual([{ changes: 1 }, { changes: 1 }]);
    expect(await driver.batch([])).toEqual([]);
  });

  it('lets changes() inside a batch gate the statements after a compare-and-set', async () => {
    const results = await driver.batch([
      sql("UPDATE meta SET value = 'cas' WHERE key = ? AND value = ?", 'batch-a', 'not-the-value'),
      sql("INSERT INTO meta (key, value) SELECT 'gated-1', 'x' WHERE changes() = 1"),
      sql("UPDATE meta SET value = 'cas' WHERE key = ? AND value = ?", 'batch-a', '2'),
      sql("INSERT INTO meta (key, value) SELECT 'gated-2', 'x' WHERE changes() = 1"),
    ]);
    expect(results.map((r) => r.changes)).toEqual([0, 0, 1, 1]);
    expect(await driver.first("SELECT * FROM meta WHERE key = 'gated-1'")).toBeNull();
    expect(await driver.first("SELECT value FROM meta WHERE key = 'gated-2'")).toEqual({ value: 'x' });
  });

  it('keeps integers integers where the schema says INTEGER (D1 binds JS numbers as REAL)', async () => {
    expect(await driver.first('SELECT typeof(?) AS t', [3])).toEqual({ t: 'real' });
    const store = new SqlRegistryStore(driver);
    await store.createRelease(
      {
        document: release('1.0.0'),
        releaseDigest: `sha256:${'0'.repeat(64)}`,
        publishedAt: '2026-01-01T00:00:00.000Z',
        publishedBy: 'tester',
        publisherSubject: 'tester',
      },
      AUDIT,
    );
    const row = await driver.first<{ t: string; n: number }>(
      "SELECT typeof(release_count) AS t, release_count AS n FROM servers WHERE name = 'io.github.d1/driver'",
    );
    expect(row).toEqual({ t: 'integer', n: 1 });
    const page = await store.listAudit({ limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(Number.isInteger(page.items[0]?.seq)).toBe(true);
  });

  it('runs the store compare-and-set so a lost race leaves no event and no audit', async () => {
    const store = new SqlRegistryStore(driver);
    const current = await store.getRelease('io.github.d1/driver', '1.0.0');
    const change = {
      name: 'io.github.d1/driver',
      version: '1.0.0',
      expectUpdatedAt: current?.updatedAt ?? '',
      from: 'submitted' as const,
      to: 'approved' as const,
      reason: null,
      actor: 'tester',
      at: '2026-01-02T00:00:00.000Z',
    };
    const auditBefore = (await store.listAudit({ limit: 500 })).items.length;
    const [first, second] = await Promise.all([
      store.changeStatus(change, { ...AUDIT, action: 'release.status' }),
      store.changeStatus({ ...change, to: 'rejected' }, { ...AUDIT, action: 'release.status' }),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    const events = await store.listStatusEvents('io.github.d1/driver', '1.0.0');
    expect(events.map((e) => e.toStatus)).toEqual(['submitted', first ? 'approved' : 'rejected']);
    expect((await store.listAudit({ limit: 500 })).items.length).toBe(auditBefore + 1);
  });
});

describe('toRegistryErrorFromD1', () => {
  it.each([
    ['D1_ERROR: D1 DB reset because its code was updated.', 'unavailable'],
    ['D1_ERROR: Internal error while starting up D1 DB storage caused object to be reset.', 'unavailable'],
    ['D1_ERROR: Network connection lost.', 'unavailable'],
    ['D1_ERROR: D1 DB is overloaded. Too many requests queued.', 'unavailable'],
    ['D1_ERROR: D1 DB storage operation exceeded timeout which caused object to be reset.', 'unavailable'],
    ['D1_ERROR: Exceeded maximum DB size', 'unavailable'],
    ['D1_ERROR: database is locked: SQLITE_BUSY', 'unavailable'],
    ['D1_ERROR: UNIQUE constraint failed: releases.name, releases.version: SQLITE_CONSTRAINT', 'conflict'],
    ['D1_ERROR: CHECK constraint failed: status: SQLITE_CONSTRAINT', 'internal'],
    ['D1_ERROR: no such table: releases: SQLITE_ERROR', 'internal'],
    ['D1_ERROR: string or blob too big: SQLITE_TOOBIG', 'payload_too_large'],
    ['D1_ERROR: LIKE or GLOB pattern too complex: SQLITE_ERROR', 'bad_request'],
    ['D1_ERROR: statement too long: SQLITE_TOOBIG', 'internal'],
  ])('%s -> %s', (message, code) => {
    expect(toRegistryErrorFromD1(new Error(message)).code).toBe(code);
  });

  it('looks through causes and keeps RegistryErrors as they are', () => {
    const wrapped = new Error('D1_ERROR', { cause: new Error('Network connection lost.') });
    expect(toRegistryErrorFromD1(wrapped).code).toBe('unavailable');
    const own = new RegistryError('not_found', 'x');
    expect(toRegistryErrorFromD1(own)).toBe(own);
  });
});
