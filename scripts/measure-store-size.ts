// Sizing for D1 (10 GB per database): loads real official-registry records into a temporary SQLite
// registry through the store (the same SQL D1 runs), then reports bytes per release and releases per GB.
//   node --import tsx scripts/measure-store-size.ts [records.json] [--json]
// Default input: ../shared/data/official-registry/servers-2025-12-18.json; skipped with a note when absent.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createStoreSink, importRecords, readOfficialRecords } from '../registry/import/index.js';
import { openSqliteStore } from '../registry/sqlite/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_RECORDS = join(
  root,
  '..',
  'shared',
  'data',
  'official-registry',
  'servers-2025-12-18.json',
);

export interface StoreSizeReport {
  records: number;
  imported: number;
  rejected: number;
  rejectedByRule: Record<string, number>;
  normalised: Record<string, number>;
  servers: number;
  dbBytes: number;
  bytesPerRelease: number;
  releasesPerGB: number;
  releasesPer10GB: number;
  /** Bytes per table and index (SQLite dbstat), largest first. */
  objects: { name: string; bytes: number }[];
  document: { meanBytes: number; maxBytes: number; maxName: string };
}

/** Loads the records into a fresh SQLite store in a temp dir and measures the database after VACUUM. */
export async function measureStoreSize(records: readonly unknown[]): Promise<StoreSizeReport> {
  const dir = mkdtempSync(join(tmpdir(), 'mcpvet-size-'));
  const dbPath = join(dir, 'registry.db');
  const { store, driver } = await openSqliteStore(dbPath);
  try {
    const report = await importRecords(records, createStoreSink(store, { actor: 'sizing' }));
    const db = driver.db;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    const dbBytes = statSync(dbPath).size;
    const objects = db
      .prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
      .all() as { name: string; bytes: number }[];
    const docs = db
      .prepare(
        `SELECT AVG(length(CAST(document AS BLOB))) AS mean,
                MAX(length(CAST(document AS BLOB))) AS max FROM releases`,
      )
      .get() as { mean: number | null; max: number | null };
    const largest = db
      .prepare(
        "SELECT name || '@' || version AS id FROM releases ORDER BY length(CAST(document AS BLOB)) DESC LIMIT 1",
      )
      .get() as { id: string } | undefined;
    const servers = (db.prepare('SELECT count(*) AS n FROM servers').get() as { n: number }).n;
    const bytesPerRelease = report.imported > 0 ? dbBytes / report.imported : 0;
    return {
      records: report.total,
      imported: report.imported,
      rejected: report.rejected,
      rejectedByRule: report.rejectedByRule,
      normalised: report.changes,
      servers,
      dbBytes,
      bytesPerRelease: Math.round(bytesPerRelease),
      releasesPerGB: bytesPerRelease > 0 ? Math.floor(1e9 / bytesPerRelease) : 0,
      releasesPer10GB: bytesPerRelease > 0 ? Math.floor(10e9 / bytesPerRelease) : 0,
      objects,
      document: {
        meanBytes: Math.round(docs.mean ?? 0),
        maxBytes: docs.max ?? 0,
        maxName: largest?.id ?? '',
      },
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function render(file: string, r: StoreSizeReport): string {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
  return [
    `records: ${r.records} in ${file}`,
    `imported: ${r.imported} releases of ${r.servers} servers; rejected by validation: ${r.rejected}`,
    ...Object.entries(r.rejectedByRule).map(([rule, n]) => `  rejected ${rule}: ${n}`),
    ...Object.entries(r.normalised).map(([rule, n]) => `  normalised ${rule}: ${n}`),
    `database after VACUUM: ${r.dbBytes} bytes (${mib(r.dbBytes)})`,
    `per release: ${r.bytesPerRelease} bytes (all tables and indexes, audit and events included)`,
    `releases per GB: ${r.releasesPerGB}; per 10 GB D1 database: ${r.releasesPer10GB}`,
    `release document JSON: mean ${r.document.meanBytes} bytes, max ${r.document.maxBytes} bytes (${r.document.maxName})`,
    'by table/index:',
    ...r.objects.map((o) => `  ${o.name.padEnd(40)} ${String(o.bytes).padStart(10)}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  const file = resolve(positionals[0] ?? DEFAULT_RECORDS);
  if (!existsSync(file)) {
    process.stderr.write(
      `measure-store-size: skipped, ${file} is absent (it lives in ../shared, outside the repo)\n`,
    );
    return 0;
  }
  const report = await measureStoreSize(readOfficialRecords(JSON.parse(readFileSync(file, 'utf8'))));
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${render(file, report)}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`measure-store-size: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
