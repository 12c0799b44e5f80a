import { describe, expect, it } from 'vitest';
import type { Release, ReleaseRecord, ReleaseStatus } from '../../registry/records/index.js';
import {
  escapeRegExp,
  toClaudeCodeManagedMcp,
  toClaudeCodeSettings,
  toCopilotSettings,
  toCursorConfig,
  toExactPattern,
  toLaunches,
  toTemplatePattern,
  toVsCodeSettings,
  toWindsurfWhitelist,
} from '../../verifier/allowlist/index.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;

function record(release: Release, status: ReleaseStatus = 'approved'): ReleaseRecord {
  return {
    name: release.name,
    version: release.version,
    status,
    release,
    publishedAt: '2025-10-01T00:00:00.000Z',
    publishedBy: 'tok',
    updatedAt: '2025-10-01T00:00:00.000Z',
  };
}

function npmRelease(version: string): Release {
  return {
    name: 'io.github.acme/weather',
    version,
    description: 'Weather',
    packages: [
      { registryType: 'npm', identifier: '@acme/weather-mcp', version, transport: { type: 'stdio' } },
    ],
  };
}

const RECORDS: ReleaseRecord[] = [
  record(npmRelease('1.10.0')),
  record(npmRelease('1.2.3')),
  record(npmRelease('2.0.0'), 'submitted'),
  record(npmRelease('0.9.0'), 'revoked'),
  record({
    name: 'com.example/notes',
    version: '3.1.0',
    description: 'Notes',
    remotes: [
      { type: 'streamable-http', url: 'https://notes.example.com/mcp' },
      { type: 'sse', url: 'https://{tenant}.notes.example.com/sse' },
    ],
  }),
  record({
    name: 'io.github.py/reddit',
    version: '0.1.1',
    description: 'Reddit',
    packages: [
      {
        registryType: 'pypi',
        identifier: 'reddit-research-mcp',
        version: '0.1.1',
        transport: { type: 'stdio' },
        packageArguments: [
          { type: 'positional', value: 'serve' },
          { type: 'named', name: '--mode', value: 'read-only' },
        ],
      },
    ],
  }),
  record({
    name: 'io.github.box/sandbox',
    version: '2.0.0',
    description: 'Sandbox',
    packages: [
      {
        registryType: 'oci',
        identifier: 'docker.io/box/sandbox:2.0.0',
        transport: { type: 'stdio' },
        digest: DIGEST,
        runtimeArguments: [{ type: 'named', name: '-e', value: 'TOKEN={token}', variables: {} }],
      },
      {
        registryType: 'mcpb',
        identifier: 'https://github.com/box/sandbox/releases/download/v2.0.0/sandbox.mcpb',
        transport: { type: 'stdio' },
        fileSha256: 'c'.repeat(64),
      },
    ],
  }),
];

const NPX_1_2_3 = ['npx', '-y', '@acme/weather-mcp@1.2.3'];
const NPX_1_10_0 = ['npx', '-y', '@acme/weather-mcp@1.10.0'];
const UVX = ['uvx', 'reddit-research-mcp==0.1.1', 'serve', '--mode', 'read-only'];
const DOCKER = ['docker', 'run', '-i', '--rm', `docker.io/box/sandbox:2.0.0@${DIGEST}`];

describe('pinned launches', () => {
  it('pins every approved release and says what it could not express', () => {
    const { launches, notes } = toLaunches(RECORDS);
    expect(launches.map((l) => (l.kind === 'stdio' ? l.command.join(' ') : l.url))).toEqual([
      'https://notes.example.com/mcp',
      'https://{tenant}.notes.example.com/sse',
      NPX_1_2_3.join(' '),
      NPX_1_10_0.join(' '),
      DOCKER.join(' '),
      UVX.join(' '),
    ]);
    expect(notes.map((n) => `${n.name}@${n.version} ${n.code}`)).toEqual([
      'com.example/notes@3.1.0 url_template',
      'io.github.box/sandbox@2.0.0 user_arguments',
      'io.github.box/sandbox@2.0.0 unsupported_package',
    ]);
  });

  it('wraps stdio commands in mcpvet exec when asked', () => {
    const wrap = ['mcpvet', 'exec', '--registry', 'https://registry.acme.example', '--'];
    const { launches } = toLaunches([record(npmRelease('1.2.3'))], { wrap });
    expect(launches[0]).toMatchObject({ command: [...wrap, ...NPX_1_2_3] });
  });
});

describe('Claude Code', () => {
  it('managed settings: exact commands per approved version, URLs, managed-only', () => {
    expect(toClaudeCodeSettings(RECORDS).document).toEqual({
      allowManagedMcpServersOnly: true,
      allowedMcpServers: [
        { serverUrl: 'https://notes.example.com/mcp' },
        { serverUrl: 'https://*.notes.example.com/sse' },
        { serverCommand: NPX_1_2_3 },
        { serverCommand: NPX_1_10_0 },
        { serverCommand: DOCKER },
        { serverCommand: UVX },
      ],
    });
  });

  it('managed-mcp.json: one server per name at its newest approved version (semver, not text)', () => {
    expect(toClaudeCodeManagedMcp(RECORDS).document).toEqual({
      mcpServers: {
        'com-example-notes': { type: 'http', url: 'https://notes.example.com/mcp' },
        'io-github-box-sandbox': { type: 'stdio', command: 'docker', args: DOCKER.slice(1) },
        'io-github-py-reddit': { type: 'stdio', command: 'uvx', args: UVX.slice(1) },
        'io-github-acme-weather': { type: 'stdio', command: 'npx', args: NPX_1_10_0.slice(1) },
      },
    });
  });
});

describe('GitHub Copilot, VS Code, Cursor', () => {
  it('Copilot managed settings carry the same entries without the Claude-only key', () => {
    const doc = toCopilotSettings(RECORDS).document;
    expect(doc).toEqual({ allowedMcpServers: toClaudeCodeSettings(RECORDS).document.allowedMcpServers });
    expect('allowManagedMcpServersOnly' in doc).toBe(false);
  });

  it('VS Code points its gallery at the registry and allows only gallery servers', () => {
    expect(toVsCodeSettings('https://registry.acme.example/').document).toEqual({
      'chat.mcp.gallery.serviceUrl': 'https://registry.acme.example',
      'chat.mcp.access': 'registry',
    });
  });

  it('Cursor gets its mcp.json shape, newest approved version of each server', () => {
    expect(toCursorConfig(RECORDS).document).toEqual({
      mcpServers: {
        'com-example-notes': { url: 'https://notes.example.com/mcp' },
        'io-github-box-sandbox': { command: 'docker', args: DOCKER.slice(1) },
        'io-github-py-reddit': { command: 'uvx', args: UVX.slice(1) },
        'io-github-acme-weather': { command: 'npx', args: NPX_1_10_0.slice(1) },
      },
    });
  });
});

/** Windsurf's matching: each pattern wrapped in ^(?:…)$, command and every argument, equal lengths. */
function windsurfAccepts(config: { command: string; args: string[] }, argv: string[]): boolean {
  const [command, ...args] = argv;
  const full = (pattern: string, text: string) => new RegExp(`^(?:${pattern})$`, 'u').test(text);
  return (
    command !== undefined &&
    full(config.command, command) &&
    args.length === config.args.length &&
    args.every((a, i) => full(config.args[i]!, a))
  );
}

describe('Windsurf', () => {
  const { servers } = toWindsurfWhitelist(RECORDS).document;
  const weather = servers.filter((s) => s.serverId === 'io-github-acme-weather');

  it('renders escaped, anchored patterns', () => {
    expect(weather.map((s) => s.serverConfig)).toEqual([
      { command: '^npx$', args: ['^-y$', '^@acme/weather-mcp@1\\.2\\.3$'] },
      { command: '^npx$', args: ['^-y$', '^@acme/weather-mcp@1\\.10\\.0$'] },
    ]);
    expect(servers.find((s) => s.serverId === 'com-example-notes' && 'serverUrl' in s.serverConfig)).toEqual({
      serverId: 'com-example-notes',
      serverConfig: { serverUrl: '^https://notes\\.example\\.com/mcp$' },
    });
  });

  it('accepts the pinned command and rejects any other version or decoration', () => {
    const pinned = weather[0]!.serverConfig as { command: string; args: string[] };
    expect(windsurfAccepts(pinned, NPX_1_2_3)).toBe(true);
    for (const other of [
      ['npx', '-y', '@acme/weather-mcp@1.2.4'],
      ['npx', '-y', '@acme/weather-mcp@1x2x3'],
      ['npx', '-y', '@acme/weather-mcp@1.2.3-rc.1'],
      ['npx', '-y', '@acme/weather-mcp@latest'],
      ['npx', '-y', '@acme/weather-mcp'],
      ['npx', '-y', 'x@acme/weather-mcp@1.2.3'],
      ['npx', '-y', '@acme/weather-mcp@1.2.3', '--evil'],
      ['npx', '@acme/weather-mcp@1.2.3'],
      ['xnpx', '-y', '@acme/weather-mcp@1.2.3'],
    ]) {
      expect(windsurfAccepts(pinned, other), other.join(' ')).toBe(false);
    }
    // and the patterns mean the same anchored or not
    for (const p of [pinned.command, ...pinned.args]) {
      expect(new RegExp(p, 'u').test('@acme/weather-mcp@1.2.3')).toBe(p === pinned.args[1]);
    }
  });

  it('turns URL template variables into one-segment wildcards', () => {
    const sse = servers.find(
      (s) => 'serverUrl' in s.serverConfig && s.serverConfig.serverUrl.includes('sse'),
    )!.serverConfig as { serverUrl: string };
    expect(sse.serverUrl).toBe('^https://[^/]+\\.notes\\.example\\.com/sse$');
    const re = new RegExp(sse.serverUrl, 'u');
    expect(re.test('https://acme.notes.example.com/sse')).toBe(true);
    expect(re.test('https://evil.example/x.notes.example.com/sse')).toBe(false);
    expect(re.test('https://acme.notes.example.com/sse/other')).toBe(false);
  });
});

describe('regex escaping', () => {
  it('escapes every special character and keeps the text literal', () => {
    const nasty = 'a.b*c+d?e^f$g(h)i[j]k{l}m|n\\o/p-q';
    const re = new RegExp(toExactPattern(nasty), 'u');
    expect(re.test(nasty)).toBe(true);
    expect(re.test(`${nasty}x`)).toBe(false);
    expect(re.test(nasty.replace('.', 'X'))).toBe(false);
    expect(escapeRegExp('1.2.3')).toBe('1\\.2\\.3');
    expect(toTemplatePattern('https://h/{a}/x.{b}')).toBe('^https://h/[^/]+/x\\.[^/]+$');
  });
});
