import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Identity, identifyEntry, resolveIdentity } from '../../verifier/identity/index.js';
import { type FakeNpmRegistry, startFakeNpmRegistry } from '../helpers/fake-npm.js';

let npm: FakeNpmRegistry;
let root: string;

const files = { 'index.js': '#!/usr/bin/env node\nconsole.log("mcp");\n' };

beforeAll(async () => {
  npm = await startFakeNpmRegistry(
    [
      { name: '@acme/weather-mcp', version: '1.0.0', files },
      { name: '@acme/weather-mcp', version: '1.1.0', files: { ...files, 'extra.js': '1' } },
      { name: 'tampered-mcp', version: '2.0.0', files },
    ],
    {
      tamper: (name, _v, tarball) =>
        name === 'tampered-mcp' ? Buffer.concat([tarball, Buffer.from([0])]) : tarball,
    },
  );
  root = await mkdtemp(join(tmpdir(), 'mcpvet-resolve-'));
});

afterAll(async () => {
  await npm.close();
  await rm(root, { recursive: true, force: true });
});

function npx(spec: string): Identity {
  return identifyEntry(
    { transport: 'stdio', command: 'npx', args: ['-y', spec], env: {} },
    { cwd: root, home: root },
  );
}

describe('resolveIdentity (npm through pacote against a loopback registry)', () => {
  it('resolves a pinned version with the packument integrity and the hash of the tarball bytes, then from cache', async () => {
    const cache = join(root, 'cache-pinned');
    const options = { cwd: join(root, 'empty'), npmRegistry: npm.url, npmCache: cache };
    const first = await resolveIdentity(npx('@acme/weather-mcp@1.0.0'), options);
    const expected = npm.integrity('@acme/weather-mcp', '1.0.0');
    expect(first).toEqual({
      status: 'resolved',
      version: '1.0.0',
      integrity: expected,
      tarballIntegrity: expected,
      source: 'npm-registry',
    });
    const before = npm.requests.length;
    const second = await resolveIdentity(npx('@acme/weather-mcp@1.0.0'), options);
    expect(second).toMatchObject({ status: 'resolved', source: 'npm-cache', integrity: expected });
    expect(npm.requests.length).toBe(before);
  });

  it('resolves an unpinned spec to what latest is now', async () => {
    const result = await resolveIdentity(npx('@acme/weather-mcp'), {
      cwd: join(root, 'empty'),
      npmRegistry: npm.url,
      npmCache: join(root, 'cache-latest'),
      fetchTarball: false,
    });
    expect(result).toEqual({
      status: 'resolved',
      version: '1.1.0',
      integrity: npm.integrity('@acme/weather-mcp', '1.1.0'),
      source: 'npm-registry',
    });
  });

  it('reports the digest of tarball bytes that differ from the packument', async () => {
    const result = await resolveIdentity(npx('tampered-mcp@2.0.0'), {
      cwd: join(root, 'empty'),
      npmRegistry: npm.url,
      npmCache: join(root, 'cache-tamper'),
    });
    expect(result.status).toBe('resolved');
    if (result.status !== 'resolved') return;
    expect(result.integrity).toBe(npm.integrity('tampered-mcp', '2.0.0'));
    expect(result.tarballIntegrity).toMatch(/^sha512-/);
    expect(result.tarballIntegrity).not.toBe(result.integrity);
  });

  it('is unresolved for a missing package, and offline with nothing cached', async () => {
    const missing = await resolveIdentity(npx('no-such-mcp@1.0.0'), {
      cwd: root,
      npmRegistry: npm.url,
      npmCache: join(root, 'cache-missing'),
    });
    expect(missing).toMatchObject({ status: 'unresolved' });
    expect(missing.status === 'unresolved' && missing.reason).toContain('no-such-mcp@1.0.0');
    const offline = await resolveIdentity(npx('@acme/weather-mcp@1.0.0'), {
      cwd: root,
      npmRegistry: npm.url,
      npmCache: join(root, 'cache-offline-empty'),
      offline: true,
    });
    expect(offline.status).toBe('unresolved');
  });

  it('prefers the project node_modules copy and its lockfile integrity when it satisfies the spec', async () => {
    const project = join(root, 'project');
    await mkdir(join(project, 'node_modules', '@acme', 'weather-mcp'), { recursive: true });
    await writeFile(
      join(project, 'node_modules', '@acme', 'weather-mcp', 'package.json'),
      JSON.stringify({ name: '@acme/weather-mcp', version: '1.0.0' }),
    );
    await writeFile(
      join(project, 'package-lock.json'),
      JSON.stringify({
        lockfileVersion: 3,
        packages: { 'node_modules/@acme/weather-mcp': { version: '1.0.0', integrity: 'sha512-locked' } },
      }),
    );
    const opts = { cwd: project, npmRegistry: npm.url, npmCache: join(root, 'cache-local') };
    expect(await resolveIdentity(npx('@acme/weather-mcp@1.0.0'), opts)).toEqual({
      status: 'resolved',
      version: '1.0.0',
      integrity: 'sha512-locked',
      source: 'node_modules',
      path: join(project, 'node_modules', '@acme', 'weather-mcp'),
    });
    // a spec the installed copy does not satisfy goes to the registry
    expect(await resolveIdentity(npx('@acme/weather-mcp@1.1.0'), opts)).toMatchObject({
      version: '1.1.0',
      source: 'npm-registry',
    });
    const viaNode = identifyEntry(
      { transport: 'stdio', command: 'node', args: ['node_modules/@acme/weather-mcp/index.js'], env: {} },
      { cwd: project, home: root },
    );
    expect(await resolveIdentity(viaNode, opts)).toMatchObject({
      version: '1.0.0',
      integrity: 'sha512-locked',
    });
  });

  it('takes Python and OCI versions from the config and does not resolve remotes', async () => {
    const opts = { cwd: root };
    const uvx = identifyEntry(
      { transport: 'stdio', command: 'uvx', args: ['x==1.0'], env: {} },
      { cwd: root, home: root },
    );
    expect(await resolveIdentity(uvx, opts)).toEqual({
      status: 'resolved',
      version: '1.0',
      integrity: null,
      source: 'config',
    });
    const digest = `sha256:${'c'.repeat(64)}`;
    const oci = identifyEntry(
      { transport: 'stdio', command: 'docker', args: ['run', `x/y:2@${digest}`], env: {} },
      { cwd: root, home: root },
    );
    expect(await resolveIdentity(oci, opts)).toEqual({
      status: 'resolved',
      version: '2',
      integrity: digest,
      source: 'config',
    });
    expect(await resolveIdentity({ kind: 'remote', url: 'https://x', transport: 'http' }, opts)).toEqual({
      status: 'not_applicable',
    });
  });
});
