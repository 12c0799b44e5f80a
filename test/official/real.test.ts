import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../registry/api/index.js';
import { createStoreSink, fetchOfficialRecords, importRecords } from '../../registry/import/index.js';
import { OFFICIAL_META_KEY } from '../../registry/official/index.js';
import { openSqliteStore } from '../../registry/sqlite/index.js';
import { approveInStore } from './approve.js';

// Optional: real records of the official registry (../shared, read in place), served back on /v0.1.
const FILE = resolve(import.meta.dirname, '../../../shared/data/official-registry/servers-2025-12-18.json');
const present = existsSync(FILE);
if (!present)
  console.log(`[official] skipping the real-data round trip: ${FILE} is absent (needs ../shared)`);

describe.runIf(present)('the v0.1 API over the real official records', () => {
  it('serves every approved real record with the server object exactly as the official registry did', async () => {
    const records = JSON.parse(readFileSync(FILE, 'utf8')) as Array<{ server: Record<string, unknown> }>;
    // in memory: this measures the API, not the disk's fsync
    const { store } = await openSqliteStore(':memory:');
    try {
      const report = await importRecords(records, createStoreSink(store, { actor: 'import:official' }));
      const rejected = new Set(report.rejections.map((r) => r.index));
      const at = '2026-01-01T00:00:00.000Z';
      const expected = new Map<string, Record<string, unknown>>();
      for (const [i, r] of records.entries()) {
        if (rejected.has(i)) continue;
        const { name, version } = r.server as { name: string; version: string };
        await approveInStore(store, name, version, at);
        const server = { ...r.server };
        // the single normalisation import makes
        if (JSON.stringify(server.repository) === '{}') delete server.repository;
        expected.set(`${name}@${version}`, server);
      }
      const app = createApp({ store });
      const served = (await fetchOfficialRecords('http://registry.test', {
        fetch: async (url, init) => app.request(new Request(url, init)),
      })) as Array<{ server: { name: string; version: string }; _meta: Record<string, any> }>;
      console.log(
        `[official] served ${served.length} of ${records.length} real records (${report.rejected} rejected at import)`,
      );
      expect(served.length).toBe(expected.size);
      const latestPerName = new Map<string, number>();
      for (const item of served) {
        const key = `${item.server.name}@${item.server.version}`;
        expect(JSON.stringify(item.server), key).toBe(JSON.stringify(expected.get(key)));
        const official = item._meta[OFFICIAL_META_KEY];
        expect(Object.keys(official)).toEqual(['status', 'publishedAt', 'updatedAt', 'isLatest']);
        if (official.isLatest)
          latestPerName.set(item.server.name, (latestPerName.get(item.server.name) ?? 0) + 1);
      }
      const names = new Set(served.map((s) => s.server.name));
      expect([...latestPerName.values()].every((n) => n === 1)).toBe(true);
      expect(latestPerName.size).toBe(names.size);
      const latest = await fetchOfficialRecords('http://registry.test', {
        updatedSince: undefined,
        fetch: async (url, init) => app.request(new Request(`${url}&version=latest`, init)),
      });
      expect(latest.length).toBe(names.size);
    } finally {
      await store.close();
    }
  }, 120_000);
});
