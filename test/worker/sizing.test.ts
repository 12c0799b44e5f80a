import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readOfficialRecords } from '../../registry/import/index.js';
import { DEFAULT_RECORDS, measureStoreSize } from '../../scripts/measure-store-size.js';

const record = (name: string, version: string, extra: Record<string, unknown> = {}) => ({
  server: { name, version, description: `server ${name}`, ...extra },
  _meta: {},
});

describe('store sizing for D1', () => {
  it('counts imported, normalised and rejected records and measures the database', async () => {
    const report = await measureStoreSize([
      record('io.github.size/a', '1.0.0', { repository: {} }),
      record('io.github.size/a', '1.1.0'),
      record('io.github.size/b', 'v1'),
    ]);
    expect(report).toMatchObject({ records: 3, imported: 2, rejected: 1, servers: 1 });
    expect(report.normalised).toEqual({ 'import.repository.empty': 1 });
    expect(report.rejectedByRule['release.version.pattern']).toBe(1);
    expect(report.dbBytes).toBeGreaterThan(0);
    expect(report.bytesPerRelease).toBe(Math.round(report.dbBytes / 2));
    expect(report.objects.map((o) => o.name)).toContain('releases');
  });

  if (!existsSync(DEFAULT_RECORDS))
    console.log(`sizing on real records skipped: ${DEFAULT_RECORDS} is absent`);
  describe.runIf(existsSync(DEFAULT_RECORDS))('on the official registry snapshot (../shared)', () => {
    it('loads the 2,794 records and stays far inside a 10 GB D1 database', async () => {
      const records = readOfficialRecords(JSON.parse(await readFile(DEFAULT_RECORDS, 'utf8')));
      expect(records).toHaveLength(2794);
      const report = await measureStoreSize(records);
      expect(report.imported + report.rejected).toBe(2794);
      expect(report.imported).toBeGreaterThan(2700);
      // Row size: D1 allows 2 MB per row; the largest real document is tens of kilobytes.
      expect(report.document.maxBytes).toBeLessThan(1024 * 1024);
      expect(report.releasesPer10GB).toBeGreaterThan(1_000_000);
    });
  });
});
