// Registry read throughput with 100,000 releases, as a ratio to a bare Hono hello-world, same machine, same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import type { Release } from '../registry/records/index.js';
import { toDigest } from '../registry/records/index.js';
import { openSqliteStore } from '../registry/sqlite/index.js';
import type { StoreDump, StoredRelease } from '../registry/store/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');
const OFFICIAL = join(ROOT, '..', 'shared', 'data', 'official-registry', 'servers-2025-12-18.json');

/** Release documents shaped like the official registry's real records (or a built-in shape without ../shared). */
export function generateReleases(count: number): Release[] {
  let shapes: Release[] = [];
  if (existsSync(OFFICIAL)) {
    const records = JSON.parse(readFileSync(OFFICIAL, 'utf8')) as { server: Release }[];
    shapes = records
      .map((r) => r.server)
      .filter(
        (s) => (s.packages?.length ?? 0) > 0 && s.packages?.every((p) => p.version && p.version !== 'latest'),
      );
  }
  if (shapes.length === 0) {
    shapes = [
      {
        name: 'io.github.bench/srv',
        version: '1.0.0',
        description: 'Benchmark server',
        packages: [
          { registryType: 'npm', identifier: '@bench/srv', version: '1.0.0', transport: { type: 'stdio' } },
        ],
      },
    ];
  }
  const out: Release[] = [];
  for (let i = 0; i < count; i++) {
    const shape = shapes[i % shapes.length] as Release;
    const server = Math.floor(i / 10);
    const version = `1.${i % 10}.0`;
    const { repository, ...rest } = shape;
    out.push({
      ...rest,
      ...(repository && Object.keys(repository).length > 0 ? { repository } : {}),
      name: `io.github.bench${server % 97}/server-${server}`,
      version,
      packages: shape.packages?.map((p) => ({ ...p, identifier: `${p.identifier}-${server}`, version })),
    });
  }
  return out;
}

export async function seedStore(
  dataDir: string,
  count: number,
): Promise<{ names: string[]; seconds: number }> {
  const started = performance.now();
  const { store } = await openSqliteStore(join(dataDir, 'registry.db'));
  const releases = generateReleases(count);
  const at = new Date().toISOString();
  const stored: StoredRelease[] = [];
  for (const doc of releases) {
    stored.push({
      name: doc.name,
      version: doc.version,
      status: 'approved',
      statusReason: null,
      document: doc,
      releaseDigest: await toDigest(doc),
      publishedAt: at,
      publishedBy: 'bench',
      publisherSubject: 'bench',
      updatedAt: at,
      statusChangedAt: at,
      statusChangedBy: 'bench',
      assessment: null,
      attestation: null,
    });
  }
  const names = [...new Set(releases.map((r) => r.name))];
  const dump: StoreDump = {
    format: 'mcpvet-store-dump/v1',
    servers: names.map((name) => ({
      name,
      namespace: name.split('/')[0] as string,
      description: 'Benchmark server',
      title: null,
      releaseCount: 10,
      createdAt: at,
      updatedAt: at,
    })),
    releases: stored,
    events: [],
    assessments: [],
    tokens: [],
    audit: [],
    meta: {},
  };
  await store.importDump(dump);
  await store.close();
  return { names, seconds: (performance.now() - started) / 1000 };
}

async function startChild(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  const started = Date.now();
  while (!/listening on (http:\/\/\S+)/.test(out)) {
    if (child.exitCode !== null || Date.now() - started > 30_000)
      throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, url: /listening on (http:\/\/\S+)/.exec(out)?.[1] as string };
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, connections: number, seconds: number): Promise<LoadResult> {
  const r = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx + r.timeouts,
  };
}

export async function runRegistryBench(options: { releases?: number; seconds?: number } = {}) {
  const count = options.releases ?? 100_000;
  const seconds = options.seconds ?? 4;
  const dir = mkdtempSync(join(tmpdir(), 'mcpvet-bench-'));
  const results: Record<string, number> = {};
  const children: ChildProcess[] = [];
  try {
    const seeded = await seedStore(join(dir, 'data'), count);
    results['registry.seed_seconds'] = seeded.seconds;
    const registry = await startChild(
      [
        `--import=${TSX}`,
        join(ROOT, 'verifier/cli/main.ts'),
        'serve',
        '--port',
        '0',
        '--data-dir',
        join(dir, 'data'),
      ],
      {
        MCPVET_CLI_MAIN: '1',
        MCPVET_ADMIN_TOKEN: `bench-admin-${'b'.repeat(40)}`,
      },
    );
    children.push(registry.child);
    const hello = await startChild([`--import=${TSX}`, join(ROOT, 'bench/hello-server.ts')]);
    children.push(hello.child);
    const probe = seeded.names[Math.floor(seeded.names.length / 2)] as string;
    const targets = {
      one: `${registry.url}/v1/servers/${encodeURIComponent(probe)}/releases/1.5.0`,
      list: `${registry.url}/v1/servers?limit=30&cursor=${encodeURIComponent(probe)}`,
    };
    for (const [label, url] of Object.entries(targets)) {
      const check = await fetch(url);
      if (check.status !== 200) throw new Error(`${label} answered ${check.status}`);
    }
    for (const connections of [1, 16, 64]) {
      const base = await load(`${hello.url}/`, connections, seconds);
      results[`hello.c${connections}.rps`] = base.rps;
      for (const [label, url] of Object.entries(targets)) {
        const r = await load(url, connections, seconds);
        results[`registry.get_${label}.c${connections}.rps`] = r.rps;
        results[`registry.get_${label}.c${connections}.p50_ms`] = r.p50;
        results[`registry.get_${label}.c${connections}.p99_ms`] = r.p99;
        results[`registry.get_${label}.c${connections}.errors`] = r.errors;
        results[`registry.get_${label}.c${connections}.ratio_to_hello`] = r.rps / base.rps;
      }
    }
    results['registry.releases'] = count;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runRegistryBench({
    releases: Number(process.env.BENCH_RELEASES ?? 100_000),
    seconds: Number(process.env.BENCH_SECONDS ?? 4),
  });
  console.table(results);
}
