// Import of the 2,794 real official-registry records into a fresh signing store (each release signed and
// logged as a publish would be), beside the same import into an unsigned store: the cost of trust.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createStoreSink, importRecords, readOfficialRecords } from '../registry/import/index.js';
import { loadOrCreateTrust } from '../registry/node/keys.js';
import { openSqliteStore } from '../registry/sqlite/index.js';

const FILE = resolve(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'data',
  'official-registry',
  'servers-2025-12-18.json',
);

async function importOnce(signed: boolean): Promise<{ seconds: number; imported: number; rejected: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'mcpvet-bench-import-'));
  try {
    const records = readOfficialRecords(JSON.parse(readFileSync(FILE, 'utf8')));
    const { store } = await openSqliteStore(join(dir, 'registry.db'));
    const trust = signed
      ? (await loadOrCreateTrust(dir, { registry: 'http://127.0.0.1:8787', explicitRegistry: true })).trust
      : undefined;
    const started = performance.now();
    const report = await importRecords(
      records,
      createStoreSink(store, { actor: 'bench', ...(trust ? { trust } : {}) }),
    );
    const seconds = (performance.now() - started) / 1000;
    await store.close();
    return { seconds, imported: report.imported, rejected: report.rejections.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runImportBench(): Promise<Record<string, number>> {
  if (!existsSync(FILE)) {
    console.log('import: skipped (../shared/data/official-registry is not present)');
    return {};
  }
  const unsigned = await importOnce(false);
  const signed = await importOnce(true);
  return {
    'import.records': signed.imported + signed.rejected,
    'import.imported': signed.imported,
    'import.rejected': signed.rejected,
    'import.signed_seconds': signed.seconds,
    'import.signed_ms_per_record': (signed.seconds * 1000) / (signed.imported + signed.rejected),
    'import.unsigned_seconds': unsigned.seconds,
    'import.signed_ratio_to_unsigned': signed.seconds / unsigned.seconds,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await runImportBench());
