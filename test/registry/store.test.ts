import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../registry/bootstrap/index.js';
import { applyMigrations } from '../../registry/migrate/index.js';
import { splitStatements } from '../../registry/migrate/migrate.js';
import { BetterSqliteDriver, openSqliteStore, readMigrations } from '../../registry/sqlite/index.js';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcpvet-store-'));
  dirs.push(dir);
  return join(dir, 'registry.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('creates the schema from empty, records it like wrangler, and re-runs as a no-op', async () => {
    const file = tempDb();
    const all = readMigrations().map((m) => m.name);
    expect(all[0]).toBe('0001_init.sql');
    const first = await openSqliteStore(file);
    expect(first.migrations.applied).toEqual(all);
    await first.store.close();
    const second = await openSqliteStore(file);
    expect(second.migrations).toEqual({ applied: [], skipped: all });
    await second.store.close();
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT id, name, applied_at FROM d1_migrations').all() as { name: string }[];
    expect(rows.map((r) => r.name)).toEqual(all);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('applies only the pending files, in name order', async () => {
    const driver = new BetterSqliteDriver(tempDb());
    const base = readMigrations();
    await applyMigrations(driver, base);
    const report = await applyMigrations(driver, [
      ...base,
      { name: '0003_c.sql', sql: 'CREATE TABLE c (x INTEGER);' },
      { name: '0002_b.sql', sql: 'CREATE TABLE b (x INTEGER);' },
    ]);
    expect(report.applied).toEqual(['0002_b.sql', '0003_c.sql']);
    await driver.close();
  });

  it('keeps trigger bodies whole when splitting statements', () => {
    const parts = splitStatements(
      "CREATE TABLE t (x);\n-- note; with a semicolon\nCREATE TRIGGER g BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no'); END;\n",
    );
    expect(parts).toHaveLength(2);
    expect(parts[1]).toMatch(/^CREATE TRIGGER[\s\S]*END;$/);
  });

  it('rolls back a failed migration whole', async () => {
    const driver = new BetterSqliteDriver(tempDb());
    await expect(
      applyMigrations(driver, [{ name: '0001_bad.sql', sql: 'CREATE TABLE ok (x);\nCREATE TABLE ok (x);' }]),
    ).rejects.toThrow();
    expect(await driver.first("SELECT name FROM sqlite_master WHERE name = 'ok'")).toBeNull();
    expect(await driver.all('SELECT name FROM d1_migrations')).toEqual([]);
    await driver.close();
  });
});

describe('append-only history', () => {
  it('refuses to edit or delete audit entries, status events and release documents', async () => {
    const { store, driver } = await openSqliteStore(tempDb());
    await store.appendAudit({
      at: new Date().toISOString(),
      requestId: 'r1',
      actor: 'a',
      role: null,
      action: 'x',
      target: null,
      result: 'denied',
      code: 'forbidden',
      details: null,
    });
    await expect(driver.run("UPDATE audit SET result = 'allowed'")).rejects.toThrow();
    await expect(driver.run('DELETE FROM audit')).rejects.toThrow();
    expect((await store.listAudit({ limit: 10 })).items).toHaveLength(1);
    await store.close();
  });
});

describe('bootstrap', () => {
  it('issues one admin token on first start and none after', async () => {
    const file = tempDb();
    const a = await openSqliteStore(file);
    const first = await bootstrapAdmin(a.store);
    expect(first.kind).toBe('issued');
    const second = await bootstrapAdmin(a.store);
    expect(second.kind).toBe('already-bootstrapped');
    const tokens = await a.store.listTokens();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.role).toBe('admin');
    if (first.kind === 'issued') expect(tokens[0]?.hash).not.toContain(first.token);
    await a.store.close();
  });

  it('registers an operator-given token once and rejects a short one', async () => {
    const { store } = await openSqliteStore(tempDb());
    const token = 'operator-secret-0123456789abcdefghijklmnop';
    expect(await bootstrapAdmin(store, { envToken: token })).toMatchObject({
      kind: 'from-env',
      created: true,
    });
    expect(await bootstrapAdmin(store, { envToken: token })).toMatchObject({
      kind: 'from-env',
      created: false,
    });
    await expect(bootstrapAdmin(store, { envToken: 'short' })).rejects.toMatchObject({ code: 'bad_request' });
    expect(await bootstrapAdmin(store)).toEqual({ kind: 'already-bootstrapped' });
    await store.close();
  });
});
