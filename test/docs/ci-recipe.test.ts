import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeNpmRegistry, startFakeNpmRegistry } from '../helpers/fake-npm.js';
import { serverPackage, serverRelease } from '../helpers/npm-server.js';
import { startTestRegistry, type TestRegistry } from '../verify/harness.js';

// docs/ci.md's shell recipe, run as written: `mcpvet` is a shim on PATH that runs this repository's CLI
// (node --import tsx verifier/cli/main.ts), the way an installed mcpvet would be found in CI. The registry
// is the real one (startRegistry on loopback), npm the loopback fake, the project pins the registry's root
// through the policy block docs/ci.md shows, and the lock and fork-PR steps are taken from the example
// workflow.

const ROOT = resolve(import.meta.dirname, '../..');
const CI_MD = readFileSync(join(ROOT, 'docs/ci.md'), 'utf8');
const WORKFLOW = load(readFileSync(join(ROOT, 'docs/examples/github-actions.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Array<{ name?: string; run?: string }> }>;
};

/** The fenced block between `<!-- name:start -->` and `<!-- name:end -->` in docs/ci.md. */
function marked(name: string): string {
  const block = new RegExp(
    `<!-- ${name}:start -->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`,
  ).exec(CI_MD)?.[1];
  if (!block) throw new Error(`docs/ci.md has no ${name} block`);
  return block;
}

/** The `run:` of the example workflow's step named `name` in `job`. */
function workflowStep(job: string, name: string): string {
  const run = WORKFLOW.jobs[job]?.steps.find((s) => s.name === name)?.run;
  if (!run) throw new Error(`docs/examples/github-actions.yml: no step '${name}' with a run in job ${job}`);
  return run;
}

const WEATHER = serverPackage('@acme/weather-mcp', '1.2.0', 'io.github.acme/weather');
const NAME = 'io.github.acme/weather';

let npm: FakeNpmRegistry;
let registry: TestRegistry;
let tmp: string;
let bin: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A CI machine: its own home, trust state, npm cache and mcpvet answer cache. */
function runner(label: string): Record<string, string> {
  const dir = join(tmp, 'runners', label);
  return {
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: join(dir, 'home'),
    MCPVET_HOME: join(dir, 'home'),
    MCPVET_CACHE_DIR: join(dir, 'mcpvet-cache'),
    MCPVET_SYSTEM_ROOT: join(dir, 'system'),
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_registry: npm.url,
  };
}

/** A checkout of the project: .vscode/mcp.json with the pinned server, the root, the policy, the recipe. */
async function checkout(label: string, options: { pinRoot?: boolean } = {}): Promise<string> {
  const repo = join(tmp, 'repos', label);
  await mkdir(join(repo, '.vscode'), { recursive: true });
  await mkdir(join(repo, 'ci'), { recursive: true });
  await writeFile(
    join(repo, '.vscode', 'mcp.json'),
    `${JSON.stringify({ servers: { weather: { command: 'npx', args: ['-y', '@acme/weather-mcp@1.2.0'] } } }, null, 2)}\n`,
  );
  // the operator's root v1, as `mcpvet serve` wrote it on its first start
  await copyFile(join(registry.dataDir, 'trust', 'root-1.json'), join(repo, 'registry-root.json'));
  const policy = marked('ci-policy').replaceAll('https://registry.acme.example', registry.url);
  await writeFile(
    join(repo, 'mcpvet.policy.json'),
    options.pinRoot === false ? policy.replace(/^\s*"trust":.*$/m, '') : policy,
  );
  await writeFile(join(repo, 'ci', 'mcpvet-verify.sh'), marked('ci-recipe'));
  return repo;
}

function sh(script: string, cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    const child = spawn('sh', ['-c', script], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const recipe = (repo: string, env: Record<string, string>) => sh('sh ci/mcpvet-verify.sh', repo, env);
const offlineRecipe = (repo: string, env: Record<string, string>) =>
  sh('sh ci/mcpvet-verify.sh', repo, { ...env, MCPVET_OFFLINE: '1' });

/** The JUnit the recipe wrote: [failure type, message] of each failing finding. */
async function failures(repo: string): Promise<string[]> {
  const xml = await readFile(join(repo, 'mcpvet-junit.xml'), 'utf8');
  expect(xml).toContain('<testsuites');
  return [...xml.matchAll(/<failure type="([a-z_]+)"/g)].map((m) => m[1] as string);
}

let repo: string;
let lockBytes: string;

beforeAll(async () => {
  npm = await startFakeNpmRegistry([WEATHER]);
  registry = await startTestRegistry(['io.github.acme/*']);
  await registry.publish(serverRelease(NAME, '1.2.0', WEATHER, npm.integrity(WEATHER.name, '1.2.0')));
  await registry.setStatus(NAME, '1.2.0', 'approved');
  tmp = await mkdtemp(join(tmpdir(), 'mcpvet-ci-recipe-'));
  bin = join(tmp, 'bin');
  await mkdir(bin);
  await writeFile(
    join(bin, 'mcpvet'),
    [
      '#!/bin/sh',
      `MCPVET_CLI_MAIN=1 exec "${process.execPath}" --import "${join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')}" "${join(ROOT, 'verifier/cli/main.ts')}" "$@"`,
      '',
    ].join('\n'),
  );
  await chmod(join(bin, 'mcpvet'), 0o755);
  repo = await checkout('main');
});

afterAll(async () => {
  await registry?.close();
  await npm?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('docs/ci.md: the CI recipe against a real registry', () => {
  it('exits 0 online: the one configured server runs an approved release whose signatures verify under the pinned root', async () => {
    const run = await recipe(repo, runner('main'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('mcpvet: every MCP server verified');
    expect(await failures(repo)).toEqual([]);
  });

  it('the lock job writes mcpvet.lock and mcpvet.snapshot.json; a fresh runner then passes offline from them', async () => {
    const lock = await sh(workflowStep('lock', 'Lock'), repo, runner('main'));
    expect(lock.code, lock.stderr).toBe(0);
    expect(lock.stdout).toContain('locked 1 server(s) to mcpvet.lock');
    expect((await stat(join(repo, 'mcpvet.snapshot.json'))).size).toBeGreaterThan(0);
    lockBytes = await readFile(join(repo, 'mcpvet.lock'), 'utf8');
    expect(
      JSON.parse(lockBytes).servers.map((s: { name: string; status: string }) => [s.name, s.status]),
    ).toEqual([[NAME, 'approved']]);

    // a fresh runner, as a fork pull request gets: empty trust state and npm cache
    const fork = runner('fork');
    const fetched = await sh(workflowStep('verify-fork', "Fetch the servers' packages"), repo, fork);
    expect(fetched.code, fetched.stderr).toBe(0);
    const offline = await offlineRecipe(repo, fork);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stderr).toContain('mcpvet: every MCP server verified');
  });

  it("the fork job's offline verify passes with the base branch's policy and root, never reading the fork's", async () => {
    // the pull request's checkout: the committed lock, and a policy of its own that is not even JSON
    const pr = await checkout('fork-pr');
    for (const file of ['mcpvet.lock', 'mcpvet.snapshot.json'])
      await copyFile(join(repo, file), join(pr, file));
    await writeFile(join(pr, 'mcpvet.policy.json'), '{ "trust": { "root": "fork-root.json" ');
    // the sparse checkout of the base branch
    await mkdir(join(pr, '.mcpvet-base'));
    for (const file of ['mcpvet.policy.json', 'registry-root.json'])
      await copyFile(join(repo, file), join(pr, '.mcpvet-base', file));
    const run = await sh(
      workflowStep('verify-fork', 'Verify MCP servers (offline, from mcpvet.lock)'),
      pr,
      runner('fork'),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(join(pr, 'mcpvet-junit.xml'), 'utf8')).not.toContain('<failure');
    // without the base branch's policy the fork's own is read, and it is refused
    const own = await offlineRecipe(pr, runner('fork'));
    expect(own.code).toBe(2);
  });

  it('exits 3 when no root is pinned, and 2 offline without a lock', async () => {
    const [unpinned, unlocked] = await Promise.all([
      checkout('unpinned', { pinRoot: false }),
      checkout('unlocked'),
    ]);
    const [trust, usage] = await Promise.all([
      recipe(unpinned, runner('unpinned')),
      offlineRecipe(unlocked, runner('unlocked')),
    ]);
    expect(trust.code, trust.stderr).toBe(3);
    expect(trust.stderr).toContain('mcpvet: trust could not be established');
    expect(await failures(unpinned)).toEqual(['trust_unverified']);
    expect(usage.code, usage.stderr).toBe(2);
    expect(usage.stderr).toContain('mcpvet: usage or configuration error');
    expect(usage.stderr).toContain('mcpvet.lock');
  });

  it('after the release is revoked: online exits 1 naming it, the older lock still passes offline until refreshed, and lock writes nothing', async () => {
    await registry.setStatus(NAME, '1.2.0', 'revoked', 'exfiltrates environment variables');

    const online = await recipe(repo, runner('main'));
    expect(online.code, online.stderr).toBe(1);
    expect(online.stderr).toContain('mcpvet: policy violations');
    expect(online.stderr).toMatch(/ {2}revoked: \[critical\] .*exfiltrates environment variables/);
    expect(await failures(repo)).toEqual(['revoked']);

    // what docs/ci.md section 4 says: the lock vouches offline until it is refreshed or too old ...
    const fork = await offlineRecipe(repo, runner('fork'));
    expect(fork.code, fork.stderr).toBe(0);
    // ... except on a runner that has already seen the newer snapshot: rollback, exit 3
    const seen = await offlineRecipe(repo, runner('main'));
    expect(seen.code, seen.stderr).toBe(3);
    expect(await failures(repo)).toEqual(['snapshot_rollback']);

    const lock = await sh(workflowStep('lock', 'Lock'), repo, runner('main'));
    expect(lock.code).toBe(1);
    expect(lock.stderr).toContain('no lock written');
    expect(await readFile(join(repo, 'mcpvet.lock'), 'utf8')).toBe(lockBytes);
  });
});
