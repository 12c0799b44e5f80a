import { describe, expect, it } from 'vitest';
import type { ServerEntry } from '../../verifier/discovery/index.js';
import {
  describeIdentity,
  type Identity,
  identifyEntry,
  parseOciRef,
  parsePypiSpec,
  splitShellWords,
} from '../../verifier/identity/index.js';

const ctx = { cwd: '/work/project', home: '/home/me' };

function stdio(command: string, args: string[] = [], env: Record<string, string> = {}): ServerEntry {
  return { transport: 'stdio', command, args, env };
}

function identify(command: string, ...args: string[]): Identity {
  return identifyEntry(stdio(command, args), ctx);
}

describe('identifyEntry: npm launchers', () => {
  it.each([
    [
      ['npx', '-y', '@modelcontextprotocol/server-memory@2026.8.31'],
      '@modelcontextprotocol/server-memory',
      '2026.8.31',
      true,
      'npx',
    ],
    [['npx', '--yes', 'server-foo@1.2.3', '--port', '1'], 'server-foo', '1.2.3', true, 'npx'],
    [['npx', '-y', '@scope/pkg'], '@scope/pkg', null, false, 'npx'],
    [['npx', '-y', '@scope/pkg@latest'], '@scope/pkg', null, false, 'npx'],
    [['npx', '-y', 'pkg@^1.2.0'], 'pkg', null, false, 'npx'],
    [['npx', '--package=@scope/pkg@2.0.0', '--', 'bin-name', '--flag'], '@scope/pkg', '2.0.0', true, 'npx'],
    [['npx', '-p', 'pkg@3.0.0', 'run-it'], 'pkg', '3.0.0', true, 'npx'],
    [['npm', 'exec', '--yes', '--', 'pkg@1.0.0'], 'pkg', '1.0.0', true, 'npm-exec'],
    [['pnpm', 'dlx', 'pkg@1.0.0'], 'pkg', '1.0.0', true, 'pnpm-dlx'],
    [['pnpm', '--package=pkg@1.0.0', 'dlx', 'bin'], 'pkg', '1.0.0', true, 'pnpm-dlx'],
    [['yarn', 'dlx', 'pkg'], 'pkg', null, false, 'yarn-dlx'],
    [['bunx', 'pkg@1.0.0'], 'pkg', '1.0.0', true, 'bunx'],
    [['bun', 'x', 'pkg@v1.0.0'], 'pkg', '1.0.0', true, 'bunx'],
    [['/usr/local/bin/npx', '-y', 'pkg@1.0.0'], 'pkg', '1.0.0', true, 'npx'],
    [['C:\\Program Files\\nodejs\\npx.cmd', '-y', 'pkg@1.0.0'], 'pkg', '1.0.0', true, 'npx'],
    [['cmd', '/c', 'npx', '-y', 'pkg@1.0.0'], 'pkg', '1.0.0', true, 'npx'],
    [['sh', '-c', 'npx -y "pkg@1.0.0" --x'], 'pkg', '1.0.0', true, 'npx'],
    [['npx', '-y', 'alias@npm:real-pkg@4.0.0'], 'real-pkg', '4.0.0', true, 'npx'],
  ])('%j → %s %s pinned=%s', ([command, ...args], identifier, version, pinned, launcher) => {
    expect(identify(command as string, ...args)).toMatchObject({
      kind: 'package',
      registryType: 'npm',
      identifier,
      version,
      pinned,
      launcher,
    });
  });

  it('records the requested tag or range of an unpinned spec', () => {
    expect(identify('npx', '-y', 'pkg@latest')).toMatchObject({ requested: 'latest', version: null });
    expect(identify('npx', '-y', 'pkg@^1')).toMatchObject({ requested: '^1' });
    expect(identify('npx', '-y', 'pkg')).toMatchObject({ requested: null });
  });

  it('keeps a registry named by --registry or the entry env', () => {
    expect(identify('npx', '--registry', 'http://r.example/', '-y', 'pkg@1.0.0')).toMatchObject({
      npmRegistry: 'http://r.example/',
    });
    const viaEnv = identifyEntry(
      stdio('npx', ['-y', 'pkg@1.0.0'], { npm_config_registry: 'http://e.example/' }),
      ctx,
    );
    expect(viaEnv).toMatchObject({ npmRegistry: 'http://e.example/' });
  });

  it('does not treat git, tarball or directory specs as registry packages', () => {
    expect(identify('npx', '-y', 'github:acme/server').kind).toBe('unknown');
    expect(identify('npx', '-y', 'https://example.com/x.tgz').kind).toBe('unknown');
    expect(identify('npx', '-c', 'echo hi').kind).toBe('unknown');
    expect(identify('npx').kind).toBe('unknown');
  });

  it('maps node …/node_modules/<pkg>/… to the installed package, and other scripts to local paths', () => {
    expect(identify('node', '/opt/app/node_modules/@acme/mcp/dist/index.js', '--x')).toEqual({
      kind: 'package',
      registryType: 'npm',
      identifier: '@acme/mcp',
      requested: null,
      version: null,
      pinned: true,
      launcher: 'node',
      spec: '@acme/mcp',
      installPath: '/opt/app/node_modules/@acme/mcp',
    });
    expect(identify('node', '--enable-source-maps', 'node_modules/srv/index.js')).toMatchObject({
      identifier: 'srv',
      installPath: '/work/project/node_modules/srv',
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a VS Code variable, written as configs write it
    expect(identify('node', '${workspaceFolder}/build/index.js')).toEqual({
      kind: 'local',
      path: '/work/project/build/index.js',
      launcher: 'node',
    });
    expect(identify('node', '-e', 'require("x")').kind).toBe('unknown');
  });
});

describe('identifyEntry: Python, containers, local programs, remotes', () => {
  it.each([
    [['uvx', 'mcp-server-fetch'], 'mcp-server-fetch', null, false],
    [['uvx', 'mcp-server-git==2025.1.14'], 'mcp-server-git', '2025.1.14', true],
    [['uvx', 'mcp_server.Git@2025.1.14'], 'mcp-server-git', '2025.1.14', true],
    [['uvx', 'pkg@latest'], 'pkg', null, false],
    [['uvx', '--from', 'pkg[extra]==1.0', 'pkg-cli'], 'pkg', '1.0', true],
    [['uvx', '--python', '3.12', 'pkg>=1'], 'pkg', null, false],
    [['uv', 'tool', 'run', 'pkg==2.0.0'], 'pkg', '2.0.0', true],
    [['pipx', 'run', 'pkg==1.0.0'], 'pkg', '1.0.0', true],
    [['pipx', 'run', '--spec', 'pkg==1.0.0', 'pkg-app'], 'pkg', '1.0.0', true],
  ])('%j → pypi %s %s pinned=%s', ([command, ...args], identifier, version, pinned) => {
    expect(identify(command as string, ...args)).toMatchObject({
      kind: 'package',
      registryType: 'pypi',
      identifier,
      version,
      pinned,
    });
  });

  it.each([
    [['docker', 'run', '-i', '--rm', 'mcp/time'], 'mcp/time', null, undefined, false],
    [
      ['docker', 'run', '-i', '--rm', '-e', 'TOKEN', '-v', '/a:/b', 'ghcr.io/acme/x:1.2'],
      'ghcr.io/acme/x',
      '1.2',
      undefined,
      false,
    ],
    [
      [
        'docker',
        'run',
        '-it',
        '--env=A=b',
        '--name',
        'n',
        `docker.io/library/alpine:3@sha256:${'a'.repeat(64)}`,
        'sh',
      ],
      'alpine',
      '3',
      `sha256:${'a'.repeat(64)}`,
      true,
    ],
    [
      ['podman', 'container', 'run', '-eX=1', `quay.io/x/y@sha256:${'b'.repeat(64)}`],
      'quay.io/x/y',
      null,
      `sha256:${'b'.repeat(64)}`,
      true,
    ],
  ])('%j → oci %s', ([command, ...args], identifier, version, digest, pinned) => {
    const id = identify(command as string, ...args);
    expect(id).toMatchObject({ kind: 'package', registryType: 'oci', identifier, version, pinned });
    expect(id.kind === 'package' ? id.digest : 'none').toBe(digest);
  });

  it('maps paths to local programs, PATH programs to unknown, urls to remotes', () => {
    expect(identify('/opt/mcp/server', '--stdio')).toEqual({
      kind: 'local',
      path: '/opt/mcp/server',
      launcher: null,
    });
    expect(identify('./bin/server')).toEqual({
      kind: 'local',
      path: '/work/project/bin/server',
      launcher: null,
    });
    expect(identify('uv', 'run', '--directory', '/srv/tool', 'server.py')).toMatchObject({
      kind: 'local',
      path: '/srv/tool',
    });
    expect(identify('python', '-m', 'my_server')).toMatchObject({ kind: 'unknown', command: 'python' });
    expect(identify('docker', 'compose', 'up').kind).toBe('unknown');
    expect(identifyEntry({ transport: 'http', url: 'https://x.example/mcp', headers: {} }, ctx)).toEqual({
      kind: 'remote',
      url: 'https://x.example/mcp',
      transport: 'http',
    });
    expect(identifyEntry({ transport: 'extension', extension: '' }, ctx).kind).toBe('unknown');
  });

  it('describes identities in one line', () => {
    expect(describeIdentity(identify('npx', '-y', '@a/b@1.0.0'))).toBe('npm:@a/b@1.0.0');
    expect(describeIdentity(identify('npx', '-y', '@a/b@latest'))).toBe('npm:@a/b@latest');
    expect(describeIdentity(identify('uvx', 'x==1'))).toBe('pypi:x==1');
    expect(describeIdentity(identify('docker', 'run', 'x:1'))).toBe('oci:x:1');
  });
});

describe('spec parsers', () => {
  it('parses OCI references', () => {
    expect(parseOciRef('localhost:5000/x/y:tag')).toEqual({
      repository: 'localhost:5000/x/y',
      tag: 'tag',
      digest: null,
    });
    expect(parseOciRef('Docker.io/Acme/X')).toEqual({ repository: 'acme/x', tag: null, digest: null });
  });

  it('parses PyPI requirements and rejects URLs', () => {
    expect(parsePypiSpec('Foo_Bar==1.0')).toMatchObject({ ok: true, name: 'foo-bar', version: '1.0' });
    expect(parsePypiSpec('pkg==1.*')).toMatchObject({ ok: true, version: null });
    expect(parsePypiSpec('git+https://github.com/a/b').ok).toBe(false);
  });

  it('splits shell words with quotes', () => {
    expect(splitShellWords(`npx -y "a b" 'c d' e\\ f ""`)).toEqual(['npx', '-y', 'a b', 'c d', 'e f', '']);
  });
});
