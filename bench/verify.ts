// `mcpvet verify --offline` of a project with 100 MCP servers: the lock, the saved snapshot and the
// pinned root alone (registry stopped, npm unreachable), wall time and per server. Baselines measured in
// the same run: the same project verified offline from cached registry records without signature checks
// (requireSignatures: false, what --offline did before locks), and online against the live registry.
// Run alone: node --import tsx bench/verify.ts
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { startRegistry } from '../registry/node/index.js';
import type { Release } from '../registry/records/index.js';
import { runCli } from '../verifier/cli/main.js';

const ROOT = resolve(import.meta.dirname, '..');
const SERVERS = 100;
const RUNS = 3;
const ADMIN = `bench-admin-${'b'.repeat(40)}`;

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function cli(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; ms: number; out: string; err: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const started = performance.now();
  const code = await runCli(argv, { stdout, stderr, env, cwd });
  return { code, ms: performance.now() - started, out: stdout.text, err: stderr.text };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

async function timed(
  runs: number,
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  expect: number,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const run = await cli(argv, cwd, env);
    if (run.code !== expect)
      throw new Error(
        `${argv.join(' ')}: exit ${run.code}, expected ${expect}\n${run.err}\n${run.out.slice(0, 2000)}`,
      );
    times.push(run.ms);
  }
  return median(times);
}

function sri(i: number): string {
  return `sha512-${Buffer.alloc(64, i % 251).toString('base64')}`;
}

export async function runVerifyBench(): Promise<Record<string, number>> {
  const tmp = mkdtempSync(join(tmpdir(), 'mcpvet-bench-verify-'));
  const dataDir = join(tmp, 'registry');
  const registry = await startRegistry({ host: '127.0.0.1', port: 0, dataDir, adminToken: ADMIN });
  try {
    const call = async (path: string, token: string, body: unknown) => {
      const response = await fetch(`${registry.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { token?: string };
    };
    const publisher = String(
      (await call('/v1/tokens', ADMIN, { role: 'publisher', namespaces: ['io.github.bench/*'] })).token,
    );
    const reviewer = String((await call('/v1/tokens', ADMIN, { role: 'reviewer' })).token);

    const cwd = join(tmp, 'project');
    const servers: Record<string, { command: string; args: string[] }> = {};
    const locked: Record<string, { version: string; integrity: string }> = {};
    for (let i = 0; i < SERVERS; i += 1) {
      const identifier = `@bench/server-${i}`;
      const release: Release = {
        name: `io.github.bench/server-${i}`,
        version: '1.0.0',
        description: `bench server ${i}`,
        packages: [
          { registryType: 'npm', identifier, version: '1.0.0', transport: { type: 'stdio' }, digest: sri(i) },
        ],
        capabilities: {
          tools: [
            {
              name: 'read',
              description: `read things ${i}`,
              inputSchema: { type: 'object', properties: { id: { type: 'string' } } },
            },
            { name: 'write', description: `write things ${i}`, inputSchema: { type: 'object' } },
          ],
        },
      };
      await call('/v1/releases', publisher, release);
      await call(`/v1/servers/${encodeURIComponent(release.name)}/releases/1.0.0/status`, reviewer, {
        status: 'approved',
      });
      servers[`s${i}`] = { command: 'npx', args: ['-y', `${identifier}@1.0.0`] };
      writeJson(join(cwd, 'node_modules', identifier, 'package.json'), {
        name: identifier,
        version: '1.0.0',
      });
      locked[`node_modules/${identifier}`] = { version: '1.0.0', integrity: sri(i) };
    }
    writeJson(join(cwd, '.vscode', 'mcp.json'), { servers });
    writeJson(join(cwd, 'package-lock.json'), {
      name: 'project',
      lockfileVersion: 3,
      packages: { '': {}, ...locked },
    });
    writeJson(join(cwd, 'mcpvet.policy.json'), {
      registries: [registry.url],
      trust: { root: join(dataDir, 'trust', 'root-1.json') },
    });
    writeJson(join(cwd, 'unsigned.policy.json'), { registries: [registry.url], requireSignatures: false });
    const env: Record<string, string> = {
      HOME: join(tmp, 'home'),
      MCPVET_HOME: join(tmp, 'home'),
      MCPVET_CACHE_DIR: join(tmp, 'cache'),
      npm_config_cache: join(tmp, 'npm-cache'),
      npm_config_registry: 'http://127.0.0.1:9/',
      PATH: process.env.PATH ?? '',
    };
    const verify = ['verify', '--project-only', '--format', 'json'];

    const onlineMs = await timed(RUNS, verify, cwd, env, 0);
    const cachedUnsignedMs = await timed(
      RUNS,
      [...verify, '--offline', '--policy', 'unsigned.policy.json'],
      cwd,
      env,
      0,
    );
    const lockMs = await timed(1, ['lock', '--project-only'], cwd, env, 0);
    await registry.close();
    const offlineMs = await timed(RUNS, [...verify, '--offline'], cwd, env, 0);
    // the real binary, start-up (Node + tsx) included
    const started = performance.now();
    const code = await new Promise<number>((done) =>
      execFile(
        process.execPath,
        [
          '--import',
          pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
          join(ROOT, 'verifier/cli/main.ts'),
          ...verify,
          '--offline',
        ],
        { cwd, env: { ...env, MCPVET_CLI_MAIN: '1' }, maxBuffer: 64 << 20 },
        (error) => done(error ? Number(error.code) : 0),
      ),
    );
    if (code !== 0) throw new Error(`mcpvet verify --offline (binary): exit ${code}`);
    const binaryMs = performance.now() - started;
    return {
      servers: SERVERS,
      offlineLockMs: Math.round(offlineMs),
      offlineLockMsPerServer: Number((offlineMs / SERVERS).toFixed(2)),
      offlineBinaryMs: Math.round(binaryMs),
      baselineCachedUnsignedMs: Math.round(cachedUnsignedMs),
      offlineOverUnsigned: Number((offlineMs / cachedUnsignedMs).toFixed(2)),
      onlineSignedMs: Math.round(onlineMs),
      onlineMsPerServer: Number((onlineMs / SERVERS).toFixed(2)),
      lockMs: Math.round(lockMs),
    };
  } finally {
    await registry.close().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  console.table(await runVerifyBench());
}
