import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startRegistry } from '../../registry/node/index.js';
import type { Capabilities, Release } from '../../registry/records/index.js';
import { captureServer } from '../../verifier/capture/index.js';
import { runCli } from '../../verifier/cli/main.js';
import { ROOT, realServer } from '../capture/helpers.js';
import { startGateInProcess } from './helpers.js';

const ADMIN = `gate-admin-${'x'.repeat(40)}`;
const tmp = mkdtempSync(join(tmpdir(), 'mcpvet-gate-registry-'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version: string; integrity: string }>;
};
const installed = (pkg: string) =>
  lock.packages[`node_modules/@modelcontextprotocol/${pkg}`] as { version: string; integrity: string };
const command = (pkg: string) => [
  process.execPath,
  join(ROOT, 'node_modules/@modelcontextprotocol', pkg, 'dist/index.js'),
];

let registry: RunningRegistry;
let dataDir: string;
// exec --registry admits only on the registry's signed word: the root is pinned here (trust init)
const trustHome = join(tmp, 'trust-home');
const gateEnv = (extra: Record<string, string> = {}) => ({
  ...process.env,
  MCPVET_HOME: trustHome,
  ...extra,
});

async function call(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${registry.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function publish(
  pkg: string,
  capabilities: Capabilities,
  status: string[],
  digest?: string,
): Promise<void> {
  const { version, integrity } = installed(pkg);
  const name = `io.github.modelcontextprotocol/${pkg}`;
  const release: Release = {
    name,
    version,
    description: `${pkg} for the gate tests`,
    packages: [
      {
        registryType: 'npm',
        identifier: `@modelcontextprotocol/${pkg}`,
        version,
        transport: { type: 'stdio' },
        digest: digest ?? integrity,
        environmentVariables: pkg === 'server-memory' ? [{ name: 'MEMORY_FILE_PATH' }] : [],
      },
    ],
    capabilities,
  };
  const publisher = String(
    (
      await call('POST', '/v1/tokens', ADMIN, {
        role: 'publisher',
        namespaces: ['io.github.modelcontextprotocol/*'],
        subject: 'publisher',
      })
    ).token,
  );
  const reviewer = String(
    (await call('POST', '/v1/tokens', ADMIN, { role: 'reviewer', subject: 'reviewer' })).token,
  );
  await call('POST', '/v1/releases', publisher, release);
  for (const s of status) {
    await call('POST', `/v1/servers/${encodeURIComponent(name)}/releases/${version}/status`, reviewer, {
      status: s,
      reason: `test ${s}`,
    });
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mcpvet-gate-registry-data-'));
  registry = await startRegistry({ host: '127.0.0.1', port: 0, dataDir, adminToken: ADMIN });
  const memory = await captureServer(
    realServer('server-memory', [], { MEMORY_FILE_PATH: join(tmp, 'vetting.jsonl') }),
  );
  const thinking = await captureServer(realServer('server-sequential-thinking'));
  const fs = await captureServer(realServer('server-filesystem', [tmp]));
  await publish('server-memory', memory.capabilities as Capabilities, ['approved']);
  await publish('server-sequential-thinking', thinking.capabilities as Capabilities, ['approved', 'revoked']);
  const other = `sha512-${createHash('sha512').update('other bytes').digest('base64')}`;
  await publish('server-filesystem', fs.capabilities as Capabilities, ['approved'], other);
  const pinned = await runCli(
    ['trust', 'init', '--registry', registry.url, '--root', join(dataDir, 'trust', 'root-1.json')],
    {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      env: { MCPVET_HOME: trustHome },
      cwd: tmp,
    },
  );
  expect(pinned).toBe(0);
});

afterAll(async () => {
  await registry?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('mcpvet exec --registry', () => {
  it('starts an approved release with its declared variables and relays a real session', async () => {
    const memoryFile = join(tmp, 'memory.jsonl');
    const env = gateEnv({ MEMORY_FILE_PATH: memoryFile });
    {
      const gate = startGateInProcess(
        ['--registry', registry.url, '--', ...command('server-memory')],
        ROOT,
        env,
      );
      const client = new Client({ name: 't', version: '1' });
      await client.connect(gate.transport);
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
      await client.callTool({
        name: 'create_entities',
        arguments: { entities: [{ name: 'gate', entityType: 'test', observations: ['relayed'] }] },
      });
      expect((await client.callTool({ name: 'read_graph', arguments: {} })).content).toEqual([
        expect.objectContaining({ type: 'text', text: expect.stringContaining('relayed') }),
      ]);
      await client.close();
      expect(await gate.exit).toBe(0);
      // the declared variable reached the server: it wrote where MEMORY_FILE_PATH said
      expect(existsSync(memoryFile)).toBe(true);
      expect(gate.decisions()[0]).toMatchObject({
        event: 'start',
        source: `${registry.url} io.github.modelcontextprotocol/server-memory@${installed('server-memory').version}`,
      });
    }
  });

  it.each([
    ['server-sequential-thinking', 'revoked', /revoked/],
    ['server-everything', 'unlisted', /not in the registry/],
    ['server-filesystem', 'digest_differs', /digest|differ/i],
  ])('refuses %s (%s) with exit 1 before starting it', async (pkg, code, message) => {
    const gate = startGateInProcess(
      ['--registry', registry.url, '--', ...command(pkg), tmp],
      ROOT,
      gateEnv(),
    );
    expect(await gate.exit).toBe(1);
    const [decision] = gate.decisions();
    expect(decision).toMatchObject({ event: 'admission', decision: 'deny', reason: code });
    expect(gate.stderr()).toMatch(message);
    console.log(
      `[gate/registry] ${pkg}: ${gate
        .stderr()
        .split('\n')
        .find((l) => l.startsWith('mcpvet exec'))}`,
    );
    expect(gate.decisions().some((d) => d.event === 'start')).toBe(false);
  });

  it('exits 3 when the registry cannot be reached', async () => {
    const gate = startGateInProcess(
      ['--registry', 'http://127.0.0.1:9', '--', ...command('server-memory')],
      ROOT,
    );
    expect(await gate.exit).toBe(3);
    expect(gate.stderr()).toContain('registry_unreachable');
  });

  it('refuses with exit 3 (untrusted) when no root is pinned for the registry', async () => {
    const gate = startGateInProcess(
      ['--registry', registry.url, '--', ...command('server-memory')],
      ROOT,
      gateEnv({ MCPVET_HOME: join(tmp, 'nobody') }),
    );
    expect(await gate.exit).toBe(3);
    expect(gate.decisions()[0]).toMatchObject({ event: 'admission', decision: 'deny', reason: 'untrusted' });
    expect(gate.stderr()).toContain('no root is pinned');
  });

  it('refuses a revoked release flipped back to approved in SQLite (record_status_mismatch, exit 3)', async () => {
    const name = 'io.github.modelcontextprotocol/server-sequential-thinking';
    const db = new Database(registry.dbPath);
    try {
      db.prepare("UPDATE releases SET status = 'approved', status_reason = NULL WHERE name = ?").run(name);
    } finally {
      db.close();
    }
    const gate = startGateInProcess(
      ['--registry', registry.url, '--', ...command('server-sequential-thinking')],
      ROOT,
      gateEnv(),
    );
    expect(await gate.exit).toBe(3);
    expect(gate.decisions()[0]).toMatchObject({ event: 'admission', decision: 'deny', reason: 'untrusted' });
    expect(gate.stderr()).toContain('record_status_mismatch');
    expect(gate.decisions().some((d) => d.event === 'start')).toBe(false);
  });
});
