import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStoreSink, importRecords } from '../../registry/import/index.js';
import { openSqliteStore } from '../../registry/sqlite/index.js';

// Optional: the 2,794 real records of the official registry (../shared, read in place, never copied).
const FILE = resolve(import.meta.dirname, '../../../shared/data/official-registry/servers-2025-12-18.json');
const present = existsSync(FILE);
if (!present) console.log(`[import] skipping the real-data import: ${FILE} is absent (needs ../shared)`);

describe.runIf(present)('import of the real official registry records', () => {
  it('imports or explains every one of the 2,794 records, and re-imports as already present', async () => {
    const records = JSON.parse(readFileSync(FILE, 'utf8')) as unknown[];
    // in memory: this measures the API, not the disk's fsync
    const { store } = await openSqliteStore(':memory:');
    try {
      const sink = createStoreSink(store, { actor: 'import:official' });
      const report = await importRecords(records, sink);
      const byRule = Object.entries(report.rejectedByRule).sort((a, b) => b[1] - a[1]);
      console.log(
        `[import] ${report.total} records: ${report.imported} imported, ${report.alreadyPresent} already present, ` +
          `${report.rejected} rejected; by rule: ${byRule.map(([r, n]) => `${r}=${n}`).join(', ')}; ` +
          `normalised: ${JSON.stringify(report.changes)}`,
      );
      expect(report.total).toBe(2794);
      expect(report.imported + report.alreadyPresent + report.rejected).toBe(2794);
      // every rejection is explained: at least one issue, each with a path, a rule id and a message
      for (const r of report.rejections) {
        expect(r.issues.length).toBeGreaterThan(0);
        for (const i of r.issues) {
          expect(i.rule).toMatch(/^(release|import)\.[\w.$-]+$/);
          expect(i.message.length).toBeGreaterThan(0);
        }
      }
      // the real file names no version twice, so nothing is already present on a first import
      expect(report.alreadyPresent).toBe(0);
      // a floor, not the exact figure, so schema changes elsewhere show here as numbers, not as failures
      expect(report.imported).toBeGreaterThan(2600);
      expect(report.changes['import.repository.empty']).toBeGreaterThan(0);

      const again = await importRecords(records, sink);
      expect(again.imported).toBe(0);
      expect(again.alreadyPresent).toBe(report.imported);
      expect(again.rejected).toBe(report.rejected);
    } finally {
      await store.close();
    }
  }, 120_000);
});
