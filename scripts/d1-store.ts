// Moves a registry into or out of D1 as a store dump (`mcpvet store export|import` is the SQLite side):
//   node --import tsx scripts/d1-store.ts import <dump.json|-> [--persist-to DIR | --remote]
//   node --import tsx scripts/d1-store.ts export [--out FILE] [--persist-to DIR | --remote]
// It runs the store's own importDump/exportDump over the D1Driver, with the binding that wrangler's
// platform proxy provides: the local D1 of `wrangler dev` (in DIR, default .wrangler/state), or with
// --remote the database named in wrangler.toml (needs `wrangler login`). Going through the binding keeps
// every value a bound parameter: a SQL text file for `wrangler d1 execute --file` would inline each release
// document into its statement, and D1 refuses statements over 100 KB.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type D1Database, D1Driver, isEmptyDump, verifyStoreDump } from '../registry/d1/index.js';
import { SqlRegistryStore, type StoreDump } from '../registry/store/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = join(root, 'wrangler.toml');

interface Target {
  db: D1Database;
  dispose(): Promise<void>;
}

async function openD1(options: { persistTo?: string | undefined; remote: boolean }): Promise<Target> {
  process.env.WRANGLER_SEND_METRICS ??= 'false';
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
  const { getPlatformProxy, unstable_readConfig } = await import('wrangler');
  if (!options.remote) {
    const proxy = await getPlatformProxy<{ DB: D1Database }>({
      configPath: CONFIG,
      persist: { path: join(resolve(options.persistTo ?? join(root, '.wrangler', 'state')), 'v3') },
      remoteBindings: false,
    });
    return { db: proxy.env.DB, dispose: () => proxy.dispose() };
  }
  // Remote: the same binding marked remote, in a throwaway config (wrangler.toml stays local-first).
  const config = unstable_readConfig({ config: CONFIG });
  const d1 = config.d1_databases.find((d: { binding: string }) => d.binding === 'DB');
  if (!d1) throw new Error('wrangler.toml has no DB binding');
  const dir = mkdtempSync(join(tmpdir(), 'mcpvet-d1-remote-'));
  const remoteConfig = join(dir, 'wrangler.json');
  writeFileSync(
    remoteConfig,
    JSON.stringify({
      name: config.name,
      compatibility_date: config.compatibility_date,
      d1_databases: [
        { binding: 'DB', database_name: d1.database_name, database_id: d1.database_id, remote: true },
      ],
    }),
  );
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: remoteConfig,
    remoteBindings: true,
  });
  return {
    db: proxy.env.DB,
    async dispose() {
      await proxy.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function assertMigrated(db: D1Database): Promise<void> {
  const row = await new D1Driver(db)
    .first<{ n: number }>('SELECT count(*) AS n FROM d1_migrations')
    .catch(() => null);
  if (!row || row.n === 0) {
    throw new Error(
      'the D1 database has no schema yet: run `wrangler d1 migrations apply DB --local` (or --remote) first',
    );
  }
}

/** Imports a verified dump into an empty D1 database. */
export async function importIntoD1(db: D1Database, value: unknown): Promise<StoreDump> {
  await assertMigrated(db);
  const dump = await verifyStoreDump(value);
  const store = new SqlRegistryStore(new D1Driver(db));
  if (!isEmptyDump(await store.exportDump())) throw new Error('the D1 database already holds registry data');
  await store.importDump(dump);
  return dump;
}

export async function exportFromD1(db: D1Database): Promise<StoreDump> {
  await assertMigrated(db);
  return new SqlRegistryStore(new D1Driver(db)).exportDump();
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'persist-to': { type: 'string' }, remote: { type: 'boolean' }, out: { type: 'string' } },
  });
  const [action, file] = positionals;
  if (!(action === 'export' && file === undefined) && !(action === 'import' && file !== undefined)) {
    process.stderr.write(
      'usage: d1-store.ts import <dump.json|-> | export [--out FILE]  [--persist-to DIR | --remote]\n',
    );
    return 2;
  }
  const target = await openD1({ persistTo: values['persist-to'], remote: values.remote ?? false });
  try {
    if (action === 'import') {
      const text = readFileSync(file === '-' ? 0 : resolve(file ?? ''), 'utf8');
      const dump = await importIntoD1(target.db, JSON.parse(text));
      process.stderr.write(
        `imported ${dump.servers.length} servers, ${dump.releases.length} releases, ${dump.tokens.length} tokens, ${dump.audit.length} audit entries into D1\n`,
      );
    } else {
      const text = `${JSON.stringify(await exportFromD1(target.db))}\n`;
      if (values.out) writeFileSync(resolve(values.out), text, { mode: 0o600 });
      else process.stdout.write(text);
    }
    return 0;
  } finally {
    await target.dispose();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const details = (error as { details?: { issues?: { path: string; message: string }[] } }).details;
      for (const i of details?.issues ?? []) process.stderr.write(`  ${i.path}  ${i.message}\n`);
      process.stderr.write(`d1-store: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
