import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type RunningRegistry, startRegistry } from '../../registry/node/index.js';
import type { Release } from '../../registry/records/index.js';
import { type CliRun, runCliCaptured } from '../helpers/cli.js';

export type { CliRun };
export const ADMIN_TOKEN = `verify-e2e-admin-${'a'.repeat(40)}`;

/** The real registry app on 127.0.0.1 with a temp SQLite file, plus the calls a test needs to seed it. */
export interface TestRegistry {
  url: string;
  running: RunningRegistry;
  /** The registry's data dir: keys/, and trust/root-1.json (root v1, what an operator hands its users). */
  dataDir: string;
  publisher: string;
  reviewer: string;
  publish(release: Release): Promise<void>;
  /** A new token with the reader role. */
  readerToken(): Promise<string>;
  setStatus(name: string, version: string, status: string, reason?: string): Promise<void>;
  close(): Promise<void>;
}

async function call(url: string, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function startTestRegistry(namespaces: string[], publicReads = true): Promise<TestRegistry> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mcpvet-verify-registry-'));
  const running = await startRegistry({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    adminToken: ADMIN_TOKEN,
    settings: { publicReads },
  });
  const url = running.url;
  const pub = await call(url, 'POST', '/v1/tokens', ADMIN_TOKEN, {
    role: 'publisher',
    namespaces,
    subject: 'publisher',
  });
  const rev = await call(url, 'POST', '/v1/tokens', ADMIN_TOKEN, { role: 'reviewer', subject: 'reviewer' });
  const publisher = String(pub.token);
  const reviewer = String(rev.token);
  return {
    url,
    running,
    dataDir,
    publisher,
    reviewer,
    async publish(release) {
      await call(url, 'POST', '/v1/releases', publisher, release);
    },
    async readerToken() {
      return String(
        (await call(url, 'POST', '/v1/tokens', ADMIN_TOKEN, { role: 'reader', subject: 'ci' })).token,
      );
    },
    async setStatus(name, version, status, reason) {
      await call(
        url,
        'POST',
        `/v1/servers/${encodeURIComponent(name)}/releases/${encodeURIComponent(version)}/status`,
        reviewer,
        { status, ...(reason ? { reason } : {}) },
      );
    },
    async close() {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Pin a registry's root the way a user does (`mcpvet trust init` with the root fetched from
 * GET /v1/trust/root), into MCPVET_HOME=home: verify requires signatures by default.
 */
export async function pinRoot(url: string, home: string, token?: string): Promise<void> {
  const response = await fetch(`${url}/v1/trust/root`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(`GET /v1/trust/root: ${response.status}`);
  const file = await writeText(join(home, 'pinned-root.json'), await response.text());
  const run = await runInProcess(['trust', 'init', '--registry', url, '--root', file, '--force'], home, {
    MCPVET_HOME: home,
  });
  if (run.code !== 0) throw new Error(`trust init: ${run.stderr}`);
}

/** runCli in process, with its own streams, env and cwd. */
export function runInProcess(argv: string[], cwd: string, env: Record<string, string>): Promise<CliRun> {
  return runCliCaptured(argv, { env, cwd });
}

export async function writeText(path: string, text: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  return path;
}

/** 1-based line of the first line containing needle, read independently of the code under test. */
export async function lineOf(file: string, needle: string): Promise<number> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return index + 1;
}
