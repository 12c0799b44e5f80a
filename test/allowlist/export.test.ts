import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRegistry, startRegistry } from '../../registry/node/index.js';
import { runCli } from '../../verifier/cli/main.js';
import { captureIO } from '../sigstore/cli-io.js';

const ADMIN = `policy-admin-${'p'.repeat(40)}`;
let dir: string;
let registry: RunningRegistry;

async function call(method: string, path: string, token: string, body?: unknown) {
  const r = await fetch(`${registry.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

function release(name: string, version: string, extra: Record<string, unknown> = {}) {
  return { name, version, description: `${name} server`, ...extra };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcpvet-policy-'));
  registry = await startRegistry({ host: '127.0.0.1', port: 0, dataDir: dir, adminToken: ADMIN });
  const reviewer = (await call('POST', '/v1/tokens', ADMIN, { role: 'reviewer', subject: 'rev' })).token;
  const publish = async (body: Record<string, unknown>, status?: string) => {
    await call('POST', '/v1/releases', ADMIN, body);
    if (status) {
      const path = `/v1/servers/${encodeURIComponent(body.name as string)}/releases/${body.version}/status`;
      await call('POST', path, reviewer, { status });
    }
  };
  const npm = (v: string) => ({
    packages: [
      { registryType: 'npm', identifier: '@acme/weather-mcp', version: v, transport: { type: 'stdio' } },
    ],
  });
  await publish(release('io.github.acme/weather', '1.2.3', npm('1.2.3')), 'approved');
  await publish(release('io.github.acme/weather', '1.3.0', npm('1.3.0')), 'approved');
  await publish(release('io.github.acme/weather', '2.0.0', npm('2.0.0')));
  await publish(
    release('com.example/notes', '1.0.0', {
      remotes: [{ type: 'streamable-http', url: 'https://notes.example.com/mcp' }],
    }),
    'approved',
  );
  await publish(
    release('io.github.acme/bundle', '1.0.0', {
      packages: [
        {
          registryType: 'mcpb',
          identifier: 'https://example.com/x.mcpb',
          transport: { type: 'stdio' },
          fileSha256: 'a'.repeat(64),
        },
      ],
    }),
    'approved',
  );
});

afterAll(async () => {
  await registry.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('mcpvet policy export', () => {
  it('writes Claude Code managed settings from the approved releases only', async () => {
    const io = captureIO(dir, {});
    expect(
      await runCli(['policy', 'export', '--client', 'claude-code', '--registry', registry.url], io),
    ).toBe(0);
    expect(JSON.parse(io.out())).toEqual({
      allowManagedMcpServersOnly: true,
      allowedMcpServers: [
        { serverUrl: 'https://notes.example.com/mcp' },
        { serverCommand: ['npx', '-y', '@acme/weather-mcp@1.2.3'] },
        { serverCommand: ['npx', '-y', '@acme/weather-mcp@1.3.0'] },
      ],
    });
    expect(io.err()).toContain('note: io.github.acme/bundle@1.0.0 [unsupported_package]');
  });

  it('wraps commands in mcpvet exec and writes managed-mcp.json to --out', async () => {
    const out = join(dir, 'managed-mcp.json');
    const io = captureIO(dir, {});
    const argv = ['policy', 'export', '--client', 'claude-code', '--target', 'managed-mcp', '--wrap-exec'];
    expect(await runCli([...argv, '--registry', `${registry.url}/`, '--out', out], io)).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      mcpServers: {
        'com-example-notes': { type: 'http', url: 'https://notes.example.com/mcp' },
        'io-github-acme-weather': {
          type: 'stdio',
          command: 'mcpvet',
          args: ['exec', '--registry', registry.url, '--', 'npx', '-y', '@acme/weather-mcp@1.3.0'],
        },
      },
    });
    expect(io.err()).toContain(`wrote ${out}`);
  });

  it('exports every other client', async () => {
    const get = async (client: string) => {
      const io = captureIO(dir, {});
      expect(await runCli(['policy', 'export', '--client', client, '--registry', registry.url], io)).toBe(0);
      return JSON.parse(io.out());
    };
    expect((await get('copilot')).allowedMcpServers).toHaveLength(3);
    expect(await get('vscode')).toEqual({
      'chat.mcp.gallery.serviceUrl': registry.url,
      'chat.mcp.access': 'registry',
    });
    expect(Object.keys((await get('cursor')).mcpServers)).toEqual([
      'com-example-notes',
      'io-github-acme-weather',
    ]);
    const windsurf = await get('windsurf');
    expect(windsurf.servers.map((s: { serverId: string }) => s.serverId)).toEqual([
      'com-example-notes',
      'io-github-acme-weather',
      'io-github-acme-weather',
    ]);
  });

  it('refuses bad usage with exit 2', async () => {
    for (const argv of [
      ['policy'],
      ['policy', 'import', '--client', 'cursor'],
      ['policy', 'export'],
      ['policy', 'export', '--client', 'emacs'],
      ['policy', 'export', '--client', 'cursor', '--target', 'managed-mcp'],
      ['policy', 'export', '--client', 'claude-code', '--target', 'other'],
    ]) {
      expect(await runCli(argv, captureIO(dir, {})), argv.join(' ')).toBe(2);
    }
    // an unreachable registry is a trust failure, 3
    const io = captureIO(dir, {});
    expect(
      await runCli(['policy', 'export', '--client', 'cursor', '--registry', 'http://127.0.0.1:9'], io),
    ).toBe(3);
  });
});
