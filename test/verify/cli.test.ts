import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../registry/records/types.generated.js';
import { validateReport } from '../../verifier/report/index.js';
import { lineOf, runInProcess, writeText } from './harness.js';

let dir: string;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mcpvet-cli-'));
  cwd = join(dir, 'project');
  env = {
    HOME: join(dir, 'home'),
    MCPVET_SYSTEM_ROOT: join(dir, 'system'),
    MCPVET_CACHE_DIR: join(dir, 'cache'),
    npm_config_cache: join(dir, 'npm'),
    npm_config_registry: 'http://127.0.0.1:9/',
  };
  await writeText(
    join(cwd, '.vscode', 'mcp.json'),
    '{\n  "servers": {\n    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@2026.8.31"] },\n    "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] }\n  }\n}\n',
  );
  await writeText(
    join(dir, 'home', '.cursor', 'mcp.json'),
    '{ "mcpServers": { "docs": { "url": "https://docs.example.com/mcp?key=s3cret" } } }',
  );
  await writeText(
    join(dir, 'home', '.gemini', 'settings.json'),
    '{ "mcpServers": { "x": { "command": "npx" ',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mcpvet scan', () => {
  it('lists what discovery found and how each entry was identified, without any registry', async () => {
    const run = await runInProcess(['scan'], cwd, env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /memory\s+vscode\s+project\s+\.vscode\/mcp\.json:3\s+npm:@modelcontextprotocol\/server-memory@2026\.8\.31/,
    );
    expect(run.stdout).toMatch(
      /fetch\s+vscode\s+project\s+\.vscode\/mcp\.json:4\s+pypi:mcp-server-fetch\s+unpinned/,
    );
    expect(run.stdout).toMatch(
      /docs\s+cursor\s+user\s+~\/\.cursor\/mcp\.json:1\s+remote https:\/\/docs\.example\.com\/mcp\?key=\*\*\*/,
    );
    expect(run.stdout).toContain('config_malformed');
    expect(run.stdout).not.toContain('s3cret');
  });

  it('writes a schema-valid JSON report', async () => {
    const run = await runInProcess(['scan', '--format', 'json', '--project-only'], cwd, env);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const valid = validateReport(report);
    expect(valid.ok ? [] : valid.issues).toEqual([]);
    expect(report.command).toBe('scan');
    expect(report.servers.map((s) => [s.name, s.identity.summary, s.verdict])).toEqual([
      ['memory', 'npm:@modelcontextprotocol/server-memory@2026.8.31', 'info'],
      ['fetch', 'pypi:mcp-server-fetch', 'info'],
    ]);
    expect(report.findings.map((f) => [f.code, f.location?.line])).toEqual([
      ['unpinned', await lineOf(join(cwd, '.vscode', 'mcp.json'), '"fetch"')],
    ]);
  });

  it('limits to a client and reads explicit files, and writes to --output', async () => {
    const only = await runInProcess(['scan', '--client', 'cursor', '--format', 'json'], cwd, env);
    expect((JSON.parse(only.stdout) as Report).servers.map((s) => s.name)).toEqual(['docs']);
    const out = join(dir, 'scan.json');
    const explicit = await runInProcess(
      ['scan', '--config', '.vscode/mcp.json', '--format', 'json', '--output', out],
      cwd,
      env,
    );
    expect(explicit.stdout).toBe('');
    const report = JSON.parse(await readFile(out, 'utf8')) as Report;
    expect(report.servers.map((s) => [s.name, s.scope])).toEqual([
      ['memory', 'explicit'],
      ['fetch', 'explicit'],
    ]);
  });
});

describe('usage and config errors exit 2', () => {
  it.each([
    [['scan', '--format', 'sarif'], /--format must be table or json/],
    [['scan', '--client', 'notepad'], /unknown client 'notepad'/],
    [['scan', '--config', 'missing.json'], /config file not found/],
    [['scan', '--bogus'], /Unknown option '--bogus'/],
    [
      ['verify', '--format', 'xml', '--registry', 'http://r.test'],
      /--format must be one of table, json, sarif, junit/,
    ],
    [['verify'], /no registry to verify against/],
    [['verify', '--registry', 'ftp://r.test'], /not a registry URL/],
    [['verify', '--registry', 'http://r.test', '--policy', 'nope.json'], /policy file not found/],
  ])('%j', async (argv, message) => {
    const run = await runInProcess(argv, cwd, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('rejects a malformed policy file with its position', async () => {
    const bad = await writeText(join(dir, 'bad-policy.json'), '{\n  "failOn": ["high",\n}');
    const run = await runInProcess(['verify', '--policy', bad], cwd, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}:3:1`);
  });
});
