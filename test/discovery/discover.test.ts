import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DiscoveredServer,
  type DiscoveryOptions,
  discoverServers,
} from '../../verifier/discovery/index.js';
import { isVerifierError } from '../../verifier/errors/index.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/clients');

let root: string;
let home: string;
let project: string;
let sys: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mcpvet-discovery-'));
  home = join(root, 'home');
  project = join(root, 'project');
  sys = join(root, 'sys');
  await mkdir(home, { recursive: true });
  await mkdir(project, { recursive: true });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fixtureText(name: string): Promise<string> {
  return (await readFile(join(FIXTURES, name), 'utf8')).replaceAll('__PROJECT__', project);
}

async function place(fixture: string, target: string): Promise<string> {
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, await fixtureText(fixture));
  return target;
}

/** 1-based line of the first line containing needle (independent of the parser under test). */
async function lineOf(file: string, needle: string): Promise<number> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return index + 1;
}

function options(extra: Partial<DiscoveryOptions> = {}): DiscoveryOptions {
  return { cwd: project, home, platform: 'linux', env: {}, systemRoot: sys, ...extra };
}

function byName(servers: DiscoveredServer[], name: string): DiscoveredServer {
  const found = servers.filter((s) => s.name === name);
  expect(found, `exactly one server named ${name}`).toHaveLength(1);
  return found[0] as DiscoveredServer;
}

describe('discoverServers: every client format (linux paths)', () => {
  it('finds user, project and managed servers with the file and line of each entry', async () => {
    const desktop = await place(
      'claude-desktop/claude_desktop_config.json',
      join(home, '.config/Claude/claude_desktop_config.json'),
    );
    const claudeJson = await place('claude-code/claude.json', join(home, '.claude.json'));
    const mcpJson = await place('claude-code/mcp.json', join(project, '.mcp.json'));
    const managed = await place(
      'claude-code/managed-mcp.json',
      join(sys, 'etc/claude-code/managed-mcp.json'),
    );
    const vsProject = await place('vscode/mcp.json', join(project, '.vscode/mcp.json'));
    const vsUser = await place('vscode/user-mcp.json', join(home, '.config/Code/User/mcp.json'));
    const vsSettings = await place('vscode/settings.json', join(home, '.config/Code/User/settings.json'));
    const cursorProject = await place('cursor/mcp.json', join(project, '.cursor/mcp.json'));
    const windsurf = await place('windsurf/mcp_config.json', join(home, '.codeium/windsurf/mcp_config.json'));
    const gemini = await place('gemini/settings.json', join(project, '.gemini/settings.json'));
    const cline = await place(
      'cline/cline_mcp_settings.json',
      join(home, '.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json'),
    );
    const codex = await place('codex/config.toml', join(home, '.codex/config.toml'));
    const zed = await place('zed/settings.json', join(home, '.config/zed/settings.json'));

    const result = await discoverServers(options());
    expect(result.problems).toEqual([]);
    const { servers } = result;

    const fs = byName(servers, 'filesystem');
    expect(fs).toMatchObject({ client: 'claude-desktop', scope: 'user', disabled: false });
    expect(fs.location).toEqual({ file: desktop, line: await lineOf(desktop, '"filesystem"'), column: 5 });
    expect(fs.entry).toEqual({
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem@2026.8.31', '/Users/me/Desktop'],
      env: {},
    });
    expect(byName(servers, 'memory').entry).toMatchObject({
      env: { MEMORY_FILE_PATH: '/Users/me/memory.json' },
    });

    // ~/.claude.json: top-level (user) and projects.<this project> (project); another project's are not ours
    const ghUser = servers.find((s) => s.name === 'github' && s.client === 'claude-code');
    expect(ghUser).toMatchObject({
      scope: 'user',
      entry: { transport: 'http', url: 'https://api.githubcopilot.com/mcp/' },
    });
    expect(ghUser?.location.line).toBe(await lineOf(claudeJson, '"github"'));
    const local = byName(servers, 'local-db');
    expect(local).toMatchObject({ client: 'claude-code', scope: 'project' });
    expect(local.location).toMatchObject({ file: claudeJson, line: await lineOf(claudeJson, '"local-db"') });
    expect(servers.some((s) => s.name === 'not-this-project')).toBe(false);

    expect(byName(servers, 'everything')).toMatchObject({ client: 'claude-code', scope: 'project' });
    expect(byName(servers, 'everything').location.file).toBe(mcpJson);
    expect(byName(servers, 'sentry').entry).toEqual({
      transport: 'sse',
      url: 'https://mcp.sentry.dev/sse',
      headers: {},
    });
    expect(byName(servers, 'company-tools')).toMatchObject({ client: 'claude-code', scope: 'managed' });
    expect(byName(servers, 'company-tools').location.file).toBe(managed);

    // VS Code: servers (with inputs, comments, trailing commas), user mcp.json, settings.json mcp.servers
    const perplexity = byName(servers, 'perplexity');
    expect(perplexity).toMatchObject({ client: 'vscode', scope: 'project' });
    expect(perplexity.location).toEqual({
      file: vsProject,
      line: await lineOf(vsProject, '"perplexity"'),
      column: 5,
    });
    expect(byName(servers, 'fetch').entry).toMatchObject({ command: 'uvx', args: ['mcp-server-fetch'] });
    expect(servers.find((s) => s.name === 'github' && s.client === 'vscode')?.scope).toBe('project');
    expect(byName(servers, 'playwright')).toMatchObject({ client: 'vscode', scope: 'user' });
    expect(byName(servers, 'playwright').location.file).toBe(vsUser);
    expect(byName(servers, 'time').location).toMatchObject({
      file: vsSettings,
      line: await lineOf(vsSettings, '"time"'),
    });

    expect(byName(servers, 'postgres')).toMatchObject({ client: 'cursor', scope: 'project' });
    expect(byName(servers, 'postgres').location.file).toBe(cursorProject);
    expect(byName(servers, 'remote-docs').entry).toMatchObject({
      transport: 'http',
      url: 'https://docs.example.com/mcp',
    });

    expect(byName(servers, 'figma')).toMatchObject({
      client: 'windsurf',
      entry: { transport: 'http', url: 'https://mcp.figma.com/mcp' },
    });
    expect(byName(servers, 'brave-search').location.file).toBe(windsurf);

    expect(byName(servers, 'httpServer')).toMatchObject({ client: 'gemini', entry: { transport: 'http' } });
    expect(byName(servers, 'sseServer').entry).toMatchObject({
      transport: 'sse',
      url: 'https://sse.example.com/sse',
    });
    expect(byName(servers, 'pythonTools').entry).toMatchObject({
      command: 'python',
      cwd: './mcp-servers/python',
    });
    expect(byName(servers, 'pythonTools').location.file).toBe(gemini);

    expect(byName(servers, 'weather')).toMatchObject({ client: 'cline', disabled: false });
    expect(byName(servers, 'old-tool')).toMatchObject({ client: 'cline', disabled: true });
    expect(byName(servers, 'weather').location.file).toBe(cline);

    // Codex TOML: [mcp_servers.x] headers, a quoted name, an inline table under [mcp_servers]
    const ctx7 = byName(servers, 'context7');
    expect(ctx7).toMatchObject({ client: 'codex', scope: 'user' });
    expect(ctx7.location).toEqual({
      file: codex,
      line: await lineOf(codex, '[mcp_servers.context7]'),
      column: 1,
    });
    expect(ctx7.entry).toEqual({
      transport: 'stdio',
      command: 'npx',
      args: ['-y', '@upstash/context7-mcp@1.0.14'],
      env: { CONTEXT7_API_KEY: 'secret' },
    });
    expect(byName(servers, 'docs-http')).toMatchObject({ disabled: true, entry: { transport: 'http' } });
    expect(byName(servers, 'docs-http').location.line).toBe(await lineOf(codex, '[mcp_servers."docs-http"]'));
    expect(byName(servers, 'inline').location.line).toBe(await lineOf(codex, 'inline = {'));

    // Zed: current (source custom), legacy command object, remote url, extension-provided
    expect(byName(servers, 'mcp-server-git')).toMatchObject({
      client: 'zed',
      entry: { transport: 'stdio', command: 'uvx', args: ['mcp-server-git@2025.1.14'] },
    });
    expect(byName(servers, 'legacy-form').entry).toMatchObject({ command: 'npx' });
    expect(byName(servers, 'you-com').entry).toMatchObject({ transport: 'http' });
    expect(byName(servers, 'postgres-context-server').entry).toEqual({
      transport: 'extension',
      extension: '',
    });
    expect(byName(servers, 'mcp-server-git').location.file).toBe(zed);

    expect(result.files.filter((f) => f.status === 'read')).toHaveLength(13);
  });

  it('limits discovery to the named clients and to the project when user configs are excluded', async () => {
    await place('cursor/mcp.json', join(project, '.cursor/mcp.json'));
    await place('cursor/mcp.json', join(home, '.cursor/mcp.json'));
    await place('vscode/mcp.json', join(project, '.vscode/mcp.json'));
    const onlyCursor = await discoverServers(options({ clients: ['cursor'] }));
    expect(new Set(onlyCursor.servers.map((s) => s.client))).toEqual(new Set(['cursor']));
    expect(
      onlyCursor.servers
        .filter((s) => s.name === 'postgres')
        .map((s) => s.scope)
        .sort(),
    ).toEqual(['project', 'user']);
    const projectOnly = await discoverServers(options({ clients: ['cursor'], includeUser: false }));
    expect(projectOnly.servers.map((s) => s.scope)).toEqual(['project', 'project']);
  });
});

describe('discoverServers: platform paths', () => {
  it('reads macOS Application Support and the managed path under /Library', async () => {
    const desktop = await place(
      'claude-desktop/claude_desktop_config.json',
      join(home, 'Library/Application Support/Claude/claude_desktop_config.json'),
    );
    await place('vscode/user-mcp.json', join(home, 'Library/Application Support/Code/User/mcp.json'));
    await place(
      'claude-code/managed-mcp.json',
      join(sys, 'Library/Application Support/ClaudeCode/managed-mcp.json'),
    );
    const { servers, problems } = await discoverServers(options({ platform: 'darwin' }));
    expect(problems).toEqual([]);
    expect(byName(servers, 'filesystem').location.file).toBe(desktop);
    expect(byName(servers, 'playwright').client).toBe('vscode');
    expect(byName(servers, 'company-tools').scope).toBe('managed');
  });

  it('reads Windows %APPDATA%, Program Files and ProgramData paths', async () => {
    const appData = join(root, 'AppData', 'Roaming');
    const programData = join(root, 'ProgramData');
    await place(
      'claude-desktop/claude_desktop_config.json',
      join(appData, 'Claude/claude_desktop_config.json'),
    );
    await place('zed/settings.json', join(appData, 'Zed/settings.json'));
    await place(
      'cline/cline_mcp_settings.json',
      join(appData, 'Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json'),
    );
    await place('claude-code/managed-mcp.json', join(programData, 'ClaudeCode/managed-mcp.json'));
    const { servers } = await discoverServers(
      options({ platform: 'win32', env: { APPDATA: appData, ProgramData: programData }, systemRoot: '' }),
    );
    expect(byName(servers, 'memory').client).toBe('claude-desktop');
    expect(byName(servers, 'you-com').client).toBe('zed');
    expect(byName(servers, 'weather').client).toBe('cline');
    expect(byName(servers, 'company-tools').scope).toBe('managed');
  });

  it('follows CLAUDE_CONFIG_DIR and CODEX_HOME', async () => {
    const claudeDir = join(root, 'claude-config');
    const codexHome = join(root, 'codex-home');
    await place('claude-code/claude.json', join(claudeDir, '.claude.json'));
    await place('claude-code/claude.json', join(home, '.claude.json'));
    await place('codex/config.toml', join(codexHome, 'config.toml'));
    const { servers } = await discoverServers(
      options({ env: { CLAUDE_CONFIG_DIR: claudeDir, CODEX_HOME: codexHome } }),
    );
    expect(byName(servers, 'local-db').location.file).toBe(join(claudeDir, '.claude.json'));
    expect(byName(servers, 'context7').location.file).toBe(join(codexHome, 'config.toml'));
  });

  it('matches Claude Code projects for a parent folder of cwd', async () => {
    await place('claude-code/claude.json', join(home, '.claude.json'));
    const sub = join(project, 'packages', 'app');
    await mkdir(sub, { recursive: true });
    const { servers } = await discoverServers(options({ cwd: sub }));
    expect(byName(servers, 'local-db').scope).toBe('project');
  });
});

describe('discoverServers: explicit files and bad input', () => {
  it('reads only the files named with --config, in whichever format they use', async () => {
    await place('cursor/mcp.json', join(project, '.cursor/mcp.json'));
    const vs = await place('vscode/mcp.json', join(root, 'elsewhere/.vscode/mcp.json'));
    const toml = await place('codex/config.toml', join(root, 'elsewhere/codex.toml'));
    const zed = await place('zed/settings.json', join(root, 'elsewhere/zed-settings.json'));
    const { servers } = await discoverServers(options({ configFiles: [vs, toml, zed] }));
    expect(servers.some((s) => s.name === 'postgres')).toBe(false);
    expect(byName(servers, 'perplexity')).toMatchObject({ client: 'vscode', scope: 'explicit' });
    expect(byName(servers, 'context7')).toMatchObject({ client: 'codex', scope: 'explicit' });
    expect(byName(servers, 'legacy-form')).toMatchObject({ client: 'unknown', entry: { command: 'npx' } });
  });

  it('rejects a --config file that does not exist as a usage error', async () => {
    const error = await discoverServers(options({ configFiles: ['nope.json'] })).catch((e: unknown) => e);
    expect(isVerifierError(error) && error.code).toBe('file_not_found');
  });

  it('reports malformed JSON and TOML with file and line:column, and keeps going', async () => {
    const badJson = await place('malformed/bad.json', join(project, '.cursor/mcp.json'));
    const badToml = await place('malformed/bad.toml', join(project, '.codex/config.toml'));
    await place('vscode/mcp.json', join(project, '.vscode/mcp.json'));
    const { servers, problems, files } = await discoverServers(options());
    expect(byName(servers, 'perplexity').client).toBe('vscode');
    const json = problems.find((p) => p.location.file === badJson);
    expect(json).toMatchObject({
      code: 'config_malformed',
      severity: 'high',
      location: { line: 4, column: 5 },
    });
    expect(json?.message).toContain(`${badJson}:4:5`);
    const toml = problems.find((p) => p.location.file === badToml);
    expect(toml?.code).toBe('config_malformed');
    expect(toml?.location.line).toBeGreaterThanOrEqual(3);
    expect(toml?.message).toContain(badToml);
    expect(
      files
        .filter((f) => f.status === 'malformed')
        .map((f) => f.path)
        .sort(),
    ).toEqual([badJson, badToml].sort());
  });

  it('reports an entry with neither command nor url at its line, and an empty file as no servers', async () => {
    const file = join(project, '.mcp.json');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(
      file,
      '{\n  "mcpServers": {\n    "broken": { "args": [] },\n    "ok": { "command": "x" }\n  }\n}\n',
    );
    await writeFile(join(project, '.cursor-empty.json'), '');
    await mkdir(join(project, '.cursor'), { recursive: true });
    await writeFile(join(project, '.cursor', 'mcp.json'), '   \n');
    const { servers, problems } = await discoverServers(options());
    expect(servers.map((s) => s.name)).toEqual(['ok']);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'entry_invalid', location: { file, line: 3, column: 5 } }),
    ]);
  });

  it('reports an unreadable file instead of failing', async () => {
    const file = join(project, '.mcp.json');
    await writeFile(file, '{}');
    const { problems } = await discoverServers(
      options({
        readFile: async (path) => {
          if (path === file) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
          throw Object.assign(new Error('missing'), { code: 'ENOENT' });
        },
      }),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'config_unreadable', severity: 'high' })]);
  });
});
