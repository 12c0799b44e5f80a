import { mkdtempSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type RunningRegistry, startRegistry } from '../../registry/node/index.js';
import type { Capabilities, ProvenanceIdentity, Release } from '../../registry/records/index.js';
import type { Report } from '../../registry/records/types.generated.js';
import { importSigningKey, type SignedRoot, type SigningKey } from '../../registry/signing/index.js';
import { runCliCaptured } from '../helpers/cli.js';

export const ROOT = join(import.meta.dirname, '../..');
const ADMIN = `tamper-admin-${'t'.repeat(40)}`;

const npmLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version: string; integrity: string }>;
};

/** A real MCP server installed in this repository: its version and package-lock integrity. */
export function installed(pkg: string): { name: string; version: string; integrity: string; path: string } {
  const entry = npmLock.packages[`node_modules/@modelcontextprotocol/${pkg}`];
  if (!entry) throw new Error(`${pkg} is not installed`);
  return {
    name: `@modelcontextprotocol/${pkg}`,
    version: entry.version,
    integrity: entry.integrity,
    path: join(ROOT, 'node_modules/@modelcontextprotocol', pkg, 'dist/index.js'),
  };
}

/** How a config entry runs an installed server: `node <repo>/node_modules/<pkg>/dist/index.js` (an installed npm package). */
export function entryFor(pkg: string, args: string[] = [], env: Record<string, string> = {}) {
  return { command: process.execPath, args: [installed(pkg).path, ...args], env };
}

export type Override = (request: {
  method: string;
  url: URL;
}) => Promise<Response | undefined> | Response | undefined;

/**
 * A loopback proxy in front of the registry: passes everything through unless an override answers. The
 * registry's root names the proxy's origin, so a verifier only ever talks to the proxy; what the proxy
 * serves in place of the registry's answer is the attack under test.
 */
export interface Proxy {
  url: string;
  target: string;
  override: Override | undefined;
  requests: string[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startProxy(): Promise<Proxy> {
  const proxy: Proxy = {
    url: '',
    target: '',
    override: undefined,
    requests: [],
    close: async () => undefined,
  };
  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', proxy.url);
      proxy.requests.push(`${req.method} ${url.pathname}${url.search}`);
      const body = await readBody(req);
      let response = await proxy.override?.({ method: req.method ?? 'GET', url });
      if (response === undefined) {
        const headers: Record<string, string> = {};
        for (const name of ['authorization', 'content-type', 'accept']) {
          const value = req.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        response = await fetch(`${proxy.target}${url.pathname}${url.search}`, {
          method: req.method,
          headers,
          ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
        });
      }
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (name === 'content-type' || name.startsWith('x-mcpvet')) out[name] = value;
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, { ...out, 'content-length': bytes.length });
      res.end(bytes);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'unavailable', message: String(error) }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return proxy;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  report: Report | undefined;
}

export async function runIn(cwd: string, env: Record<string, string>, argv: string[]): Promise<CliRun> {
  const run = await runCliCaptured(argv, { env, cwd });
  let report: Report | undefined;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    report = undefined;
  }
  return { ...run, report };
}

/** Finding codes of a report that fail the run, sorted (what each tamper test asserts). */
export function failingCodes(run: CliRun): string[] {
  return (run.report?.findings ?? [])
    .filter((f) => f.fails)
    .map((f) => f.code)
    .sort();
}

export interface Project {
  dir: string;
  cwd: string;
  env: Record<string, string>;
  policyPath: string;
}

export interface World {
  /** The registry's identity: the proxy in front of it. */
  url: string;
  proxy: Proxy;
  running: RunningRegistry;
  dataDir: string;
  tmp: string;
  rootFile: string;
  call(method: string, path: string, token: string, body?: unknown): Promise<Record<string, unknown>>;
  publisher: string;
  reviewer: string;
  /** Publish a release of an installed server (its declared capabilities) and walk it through statuses. */
  publish(
    name: string,
    pkg: string,
    capabilities: Capabilities | undefined,
    statuses: string[],
    extra?: { digest?: string; provenance?: ProvenanceIdentity },
  ): Promise<Release>;
  setStatus(name: string, version: string, status: string, reason?: string): Promise<void>;
  keys(): Promise<{ root: SigningKey; online: SigningKey }>;
  /** A project whose .vscode/mcp.json runs `servers`, with a policy pinning the registry's root. */
  project(
    label: string,
    servers: Record<string, ReturnType<typeof entryFor>>,
    policy?: Record<string, unknown>,
  ): Promise<Project>;
  verify(project: Project, extra?: string[]): Promise<CliRun>;
  /** Stop the registry and the proxy: connections to the registry's origin are refused from now on. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** The real registry (startRegistry, SQLite in a temp dir) behind a loopback proxy that its root names. */
export async function startWorld(namespace = 'io.github.modelcontextprotocol/*'): Promise<World> {
  const tmp = mkdtempSync(join(tmpdir(), 'mcpvet-tamper-'));
  const dataDir = join(tmp, 'registry');
  const proxy = await startProxy();
  const running = await startRegistry({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    adminToken: ADMIN,
    publicUrl: proxy.url,
  });
  proxy.target = running.url;
  let stopped = false;
  async function call(method: string, path: string, token: string, body?: unknown) {
    const response = await fetch(`${proxy.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  }
  const publisher = String(
    (
      await call('POST', '/v1/tokens', ADMIN, {
        role: 'publisher',
        namespaces: [namespace],
        subject: 'publisher',
      })
    ).token,
  );
  const reviewer = String(
    (await call('POST', '/v1/tokens', ADMIN, { role: 'reviewer', subject: 'reviewer' })).token,
  );
  const setStatus = async (name: string, version: string, status: string, reason?: string) => {
    await call('POST', `/v1/servers/${encodeURIComponent(name)}/releases/${version}/status`, reviewer, {
      status,
      ...(reason ? { reason } : {}),
    });
  };
  let projects = 0;
  const world: World = {
    url: proxy.url,
    proxy,
    running,
    dataDir,
    tmp,
    rootFile: join(dataDir, 'trust', 'root-1.json'),
    call,
    publisher,
    reviewer,
    setStatus,
    async publish(name, pkg, capabilities, statuses, extra = {}) {
      const { name: identifier, version, integrity } = installed(pkg);
      const release: Release = {
        name,
        version,
        description: `${pkg} (trust tests)`,
        packages: [
          {
            registryType: 'npm',
            identifier,
            version,
            transport: { type: 'stdio' },
            digest: extra.digest ?? integrity,
            ...(extra.provenance ? { provenance: extra.provenance } : {}),
          },
        ],
        ...(capabilities ? { capabilities } : {}),
      };
      await call('POST', '/v1/releases', publisher, release);
      for (const status of statuses) await setStatus(name, version, status, `test ${status}`);
      return release;
    },
    async keys() {
      return {
        root: await importSigningKey(readFileSync(join(dataDir, 'keys', 'root-1.pem'), 'utf8')),
        online: await importSigningKey(readFileSync(join(dataDir, 'keys', 'online.pem'), 'utf8')),
      };
    },
    async project(label, servers, policy = {}) {
      projects += 1;
      const dir = join(tmp, `p${projects}-${label}`);
      const cwd = join(dir, 'project');
      await mkdir(join(cwd, '.vscode'), { recursive: true });
      await writeFile(join(cwd, '.vscode', 'mcp.json'), `${JSON.stringify({ servers }, null, 2)}\n`);
      const policyPath = join(cwd, 'mcpvet.policy.json');
      await writeFile(
        policyPath,
        `${JSON.stringify({ registries: [proxy.url], trust: { root: world.rootFile }, ...policy }, null, 2)}\n`,
      );
      const env = {
        HOME: join(dir, 'home'),
        MCPVET_HOME: join(dir, 'home'),
        MCPVET_CACHE_DIR: join(dir, 'cache'),
        MCPVET_SYSTEM_ROOT: join(dir, 'system'),
        npm_config_cache: join(dir, 'npm-cache'),
        // nothing here may need npm: every server is installed in this repository
        npm_config_registry: 'http://127.0.0.1:9/',
        PATH: process.env.PATH ?? '',
      };
      return { dir, cwd, env, policyPath };
    },
    verify: (project, extra = []) =>
      runIn(project.cwd, project.env, ['verify', '--project-only', '--format', 'json', ...extra]),
    async stop() {
      if (stopped) return;
      stopped = true;
      await running.close();
      await proxy.close();
    },
    async close() {
      await world.stop();
      await proxy.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
  return world;
}

/** Read a JSON answer of the registry directly (what the proxy would pass through). */
export async function getJson<T>(world: World, path: string): Promise<T> {
  const response = await fetch(`${world.running.url}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

export type { SignedRoot };
