// Runs the registry's Workers entry in workerd with a local D1 database, the way `npm run dev:worker`
// does: wrangler applies the migrations from wrangler.toml's migrations_dir, then wrangler's dev server
// (unstable_startWorker) bundles registry/worker/index.ts and serves it from workerd. Offline: no
// telemetry, no Request.cf download.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { D1Database } from '../../registry/d1/index.js';
import { BASE, type RegistryTarget } from '../helpers/registry-client.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const WRANGLER_CONFIG = join(ROOT, 'wrangler.toml');
const WRANGLER_BIN = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

export const OFFLINE_ENV = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' } as const;
Object.assign(process.env, OFFLINE_ENV);

const run = promisify(execFile);

/** Runs the wrangler CLI of this repo; resolves with its output, rejects with it on failure. */
export async function runWrangler(args: string[]): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [WRANGLER_BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV, CI: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return `${stdout}${stderr}`;
}

/** `wrangler d1 migrations apply DB --local`: the files in registry/migrations, into the persisted local D1. */
export function applyD1Migrations(persistDir: string): Promise<string> {
  return runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir]);
}

export function makePersistDir(): string {
  return mkdtempSync(join(tmpdir(), 'mcpvet-d1-'));
}

export interface WorkerdTarget extends RegistryTarget {
  url: string;
  persistDir: string;
}

export interface StartOptions {
  adminToken?: string;
  /** An existing persist dir (already migrated); otherwise a fresh one is made and migrated. */
  persistDir?: string;
  vars?: Record<string, string>;
}

export const DEFAULT_ADMIN_TOKEN = `workerd-admin-${'w'.repeat(40)}`;

/** Starts the Worker in workerd on a loopback port; requests go over real HTTP to wrangler's dev server. */
export async function startWorkerd(options: StartOptions = {}): Promise<WorkerdTarget> {
  const { unstable_startWorker } = await import('wrangler');
  const owned = options.persistDir === undefined;
  const persistDir = options.persistDir ?? makePersistDir();
  if (owned) await applyD1Migrations(persistDir);
  const adminToken = options.adminToken ?? DEFAULT_ADMIN_TOKEN;
  const bindings: Record<string, { type: 'secret_text' | 'plain_text'; value: string }> = {
    MCPVET_ADMIN_TOKEN: { type: 'secret_text', value: adminToken },
  };
  for (const [k, v] of Object.entries(options.vars ?? {})) bindings[k] = { type: 'plain_text', value: v };
  const worker = await unstable_startWorker({
    config: WRANGLER_CONFIG,
    bindings,
    dev: {
      persist: persistDir,
      server: { hostname: '127.0.0.1', port: 0 },
      // request.url inside the Worker reads like the in-process targets' (URLs the API builds match).
      origin: { hostname: new URL(BASE).hostname, secure: false },
      inspector: false,
      watch: false,
      logLevel: 'error',
    },
  });
  await worker.ready;
  const url = (await worker.url).origin;
  return {
    url,
    persistDir,
    adminToken,
    async fetch(request: Request): Promise<Response> {
      const target = new URL(request.url);
      const body =
        request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
      return fetch(`${url}${target.pathname}${target.search}`, {
        method: request.method,
        headers: request.headers,
        body,
        redirect: 'manual',
      });
    },
    async close() {
      await worker.dispose();
      if (owned) rmSync(persistDir, { recursive: true, force: true });
    },
  };
}

export interface LocalD1 {
  db: D1Database;
  dispose(): Promise<void>;
}

/**
 * The local D1 database in persistDir, reachable from Node through wrangler's platform proxy: the same
 * binding implementation workerd gives the Worker. Do not hold it open while a Worker uses the same dir.
 */
export async function openLocalD1(persistDir: string): Promise<LocalD1> {
  const { getPlatformProxy } = await import('wrangler');
  const proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: WRANGLER_CONFIG,
    persist: { path: join(persistDir, 'v3') },
    remoteBindings: false,
  });
  return { db: proxy.env.DB, dispose: () => proxy.dispose() };
}
