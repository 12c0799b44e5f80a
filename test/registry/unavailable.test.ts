import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../registry/api/index.js';
import { bootstrapAdmin } from '../../registry/bootstrap/index.js';
import { BetterSqliteDriver, openSqliteStore } from '../../registry/sqlite/index.js';
import { SqlRegistryStore } from '../../registry/store/index.js';
import { makeRelease, TestApi } from '../helpers/registry-client.js';

const ADMIN = `faults-admin-${'y'.repeat(40)}`;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'mcpvet-unavail-'));
  dirs.push(dir);
  const file = join(dir, 'registry.db');
  const opened = await openSqliteStore(file);
  await bootstrapAdmin(opened.store, { envToken: ADMIN });
  const app = createApp({ store: opened.store });
  const api = new TestApi({ adminToken: ADMIN, fetch: async (r) => app.request(r), close: async () => {} });
  return { ...opened, file, api };
}

describe('storage that cannot take writes', () => {
  it('answers 503 unavailable when the disk is full, loses nothing, and recovers when space returns', async () => {
    const { driver, api, store } = await setup();
    expect((await api.post('/v1/releases', makeRelease('io.github.full/a', '1.0.0'), ADMIN)).status).toBe(
      201,
    );
    const pages = driver.db.pragma('page_count', { simple: true }) as number;
    // SQLite's own limit on the file's pages raises the same SQLITE_FULL a full disk does.
    driver.db.pragma(`max_page_count = ${pages}`);
    let full = await api.post(
      '/v1/releases',
      makeRelease('io.github.full/b', '1.0.0', { _meta: { pad: 'x'.repeat(200_000) } }),
      ADMIN,
    );
    expect(full.status, JSON.stringify(full.body)).toBe(503);
    expect(full.body.code).toBe('unavailable');
    expect(JSON.stringify(full.body)).not.toMatch(/SQLITE|sqlite|disk I\/O|\.ts:/);
    expect((await api.get('/v1/servers/io.github.full%2Fa/releases/1.0.0')).status).toBe(200);
    driver.db.pragma('max_page_count = 1073741823');
    full = await api.post(
      '/v1/releases',
      makeRelease('io.github.full/b', '1.0.0', { _meta: { pad: 'x'.repeat(200_000) } }),
      ADMIN,
    );
    expect(full.status).toBe(201);
    expect(driver.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await store.close();
  });

  it('answers 503 on a read-only database and still serves reads', async () => {
    const { file, store, api: writer } = await setup();
    expect((await writer.post('/v1/releases', makeRelease('io.github.ro/a', '1.0.0'), ADMIN)).status).toBe(
      201,
    );
    await store.close();
    const readonly = new SqlRegistryStore(new BetterSqliteDriver(file, { readonly: true }));
    const app = createApp({ store: readonly });
    const api = new TestApi({ adminToken: ADMIN, fetch: async (r) => app.request(r), close: async () => {} });
    const write = await api.post('/v1/releases', makeRelease('io.github.ro/b', '1.0.0'), ADMIN);
    expect(write.status).toBe(503);
    expect(write.body.code).toBe('unavailable');
    expect((await api.get('/v1/servers/io.github.ro%2Fa/releases/1.0.0')).body.status).toBe('submitted');
    await readonly.close();
  });
});
