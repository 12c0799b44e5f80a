import { join } from 'node:path';
import type { ClientId, ConfigFormat, ConfigScope, DiscoveryContext } from './types.js';

/** Where in a file the servers are: an object path, or Claude Code's per-project map keyed by absolute path. */
export type ServerMapSpec =
  | { kind: 'path'; path: string[]; scope?: ConfigScope }
  | { kind: 'claude-projects' }
  | { kind: 'toml-table'; table: string };

export interface ConfigLocation {
  path: string;
  client: ClientId | 'unknown';
  scope: ConfigScope;
  format: ConfigFormat;
  maps: ServerMapSpec[];
}

const MCP_SERVERS: ServerMapSpec[] = [{ kind: 'path', path: ['mcpServers'] }];

function env(ctx: DiscoveryContext, name: string): string | undefined {
  const value = ctx.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** %APPDATA% on Windows, with the default Roaming path when the variable is missing. */
function appData(ctx: DiscoveryContext): string {
  return env(ctx, 'APPDATA') ?? join(ctx.home, 'AppData', 'Roaming');
}

function xdgConfig(ctx: DiscoveryContext): string {
  return env(ctx, 'XDG_CONFIG_HOME') ?? join(ctx.home, '.config');
}

/** The per-user application data folder where Electron apps (Claude Desktop, VS Code) keep their files. */
function userAppDir(ctx: DiscoveryContext, app: string): string {
  if (ctx.platform === 'darwin') return join(ctx.home, 'Library', 'Application Support', app);
  if (ctx.platform === 'win32') return join(appData(ctx), app);
  return join(xdgConfig(ctx), app);
}

/** A machine-wide path; systemRoot lets tests put /etc and C:\ProgramData inside a temp folder. */
function systemPath(ctx: DiscoveryContext, path: string): string {
  if (!ctx.systemRoot) return path;
  return join(ctx.systemRoot, path.replace(/^[A-Za-z]:/, ''));
}

function windowsDir(ctx: DiscoveryContext, variable: string, fallback: string): string {
  return env(ctx, variable) ?? fallback;
}

const VSCODE_FLAVOURS = ['Code', 'Code - Insiders'];

function claudeDesktop(ctx: DiscoveryContext): ConfigLocation[] {
  return [
    {
      path: join(userAppDir(ctx, 'Claude'), 'claude_desktop_config.json'),
      client: 'claude-desktop',
      scope: 'user',
      format: 'json',
      maps: MCP_SERVERS,
    },
  ];
}

function claudeCodeManagedPaths(ctx: DiscoveryContext): string[] {
  if (ctx.platform === 'darwin') return ['/Library/Application Support/ClaudeCode/managed-mcp.json'];
  if (ctx.platform === 'win32') {
    // Current documentation names Program Files; earlier releases read ProgramData. Both are checked.
    return [
      join(windowsDir(ctx, 'ProgramFiles', 'C:\\Program Files'), 'ClaudeCode', 'managed-mcp.json'),
      join(windowsDir(ctx, 'ProgramData', 'C:\\ProgramData'), 'ClaudeCode', 'managed-mcp.json'),
    ];
  }
  return ['/etc/claude-code/managed-mcp.json'];
}

function claudeCode(ctx: DiscoveryContext, user: boolean): ConfigLocation[] {
  const out: ConfigLocation[] = [
    {
      path: join(ctx.cwd, '.mcp.json'),
      client: 'claude-code',
      scope: 'project',
      format: 'json',
      maps: MCP_SERVERS,
    },
  ];
  if (!user) return out;
  const configDir = env(ctx, 'CLAUDE_CONFIG_DIR') ?? ctx.home;
  out.push({
    path: join(configDir, '.claude.json'),
    client: 'claude-code',
    scope: 'user',
    format: 'json',
    maps: [{ kind: 'path', path: ['mcpServers'] }, { kind: 'claude-projects' }],
  });
  for (const p of claudeCodeManagedPaths(ctx)) {
    out.push({
      path: systemPath(ctx, p),
      client: 'claude-code',
      scope: 'managed',
      format: 'json',
      maps: MCP_SERVERS,
    });
  }
  return out;
}

function vscode(ctx: DiscoveryContext, user: boolean): ConfigLocation[] {
  const servers: ServerMapSpec[] = [{ kind: 'path', path: ['servers'] }];
  const settings: ServerMapSpec[] = [
    { kind: 'path', path: ['mcp', 'servers'] },
    { kind: 'path', path: ['mcp.servers'] },
  ];
  const out: ConfigLocation[] = [
    {
      path: join(ctx.cwd, '.vscode', 'mcp.json'),
      client: 'vscode',
      scope: 'project',
      format: 'json',
      maps: servers,
    },
    {
      path: join(ctx.cwd, '.vscode', 'settings.json'),
      client: 'vscode',
      scope: 'project',
      format: 'json',
      maps: settings,
    },
  ];
  if (!user) return out;
  for (const flavour of VSCODE_FLAVOURS) {
    const dir = join(userAppDir(ctx, flavour), 'User');
    out.push(
      { path: join(dir, 'mcp.json'), client: 'vscode', scope: 'user', format: 'json', maps: servers },
      { path: join(dir, 'settings.json'), client: 'vscode', scope: 'user', format: 'json', maps: settings },
    );
  }
  return out;
}

function cline(ctx: DiscoveryContext, user: boolean): ConfigLocation[] {
  if (!user) return [];
  const rel = join('User', 'globalStorage', 'saoudrizwan.claude-dev', 'settings', 'cline_mcp_settings.json');
  const hosts = [...VSCODE_FLAVOURS, 'Cursor'];
  const paths = hosts.map((h) => join(userAppDir(ctx, h), rel));
  // The Cline CLI keeps the same file under ~/.cline.
  paths.push(join(ctx.home, '.cline', 'data', 'settings', 'cline_mcp_settings.json'));
  return paths.map((path) => ({ path, client: 'cline', scope: 'user', format: 'json', maps: MCP_SERVERS }));
}

function cursor(ctx: DiscoveryContext, user: boolean): ConfigLocation[] {
  const out: ConfigLocation[] = [
    {
      path: join(ctx.cwd, '.cursor', 'mcp.json'),
      client: 'cursor',
      scope: 'project',
      format: 'json',
      maps: MCP_SERVERS,
    },
  ];
  if (user) {
    out.push({
      path: join(ctx.home, '.cursor', 'mcp.json'),
      client: 'cursor',
      scope: 'user',
      format: 'json',
      maps: MCP_SERVERS,
    });
  }
  return out;
}

function windsurf(ctx: DiscoveryContext, user: boolean): ConfigLocation[] {
  if (!user) return [];
  return [
    {
      path: join(ctx.home, '.codeium', 'windsurf', 'mcp_config.json'),
      client: 'windsurf',
      scope: 'user',
      format: 'json',
      maps: MCP_SERVERS,
    },
  ];
}

function geminiSystemPath(ctx: DiscoveryContext): string {
  const override = env(ctx, 'GEMINI_CLI_SYSTEM_SETTINGS_PATH');
  if (override) return override;
  if (ctx.platform === 'darwin')
    return systemPath(ctx, '/Library/Application Support/GeminiCli/settings.json');
  if (ctx.platform === 'win32') {
    return systemPath(
      ctx,
      join(windowsDir(ctx, 'ProgramData', 'C:\\ProgramData'), 'gemini-cli', 'settings.json'),
    );
  }
  return systemPath(ctx, '/etc/gemini-cli/settings.json');
}

function gemini(ctx: DiscoveryContext, user: boolean): ConfigLocation[] {
  const out: ConfigLocation[] = [
    {
      path: join(ctx.cwd, '.gemini', 'settings.json'),
      client: 'gemini',
      scope: 'project',
      format: 'json',
      maps: MCP_SERVERS,
    },
  ];
  if (!user) return out;
  out.push(
    {
      path: join(ctx.home, '.gemini', 'settings.json'),
      client: 'gemini',
      scope: 'user',
      format: 'json',
      maps: MCP_SERVERS,
    },
    { path: geminiSystemPath(ctx), client: 'gemini', scope: 'managed', format: 'json', maps: MCP_SERVERS },
  );
  return out;
}

function codex(ctx: DiscoveryContext, user: boolean): ConfigLocation[] {
  const maps: ServerMapSpec[] = [{ kind: 'toml-table', table: 'mcp_servers' }];
  const out: ConfigLocation[] = [
    { path: join(ctx.cwd, '.codex', 'config.toml'), client: 'codex', scope: 'project', format: 'toml', maps },
  ];
  if (user) {
    const dir = env(ctx, 'CODEX_HOME') ?? join(ctx.home, '.codex');
    out.push({ path: join(dir, 'config.toml'), client: 'codex', scope: 'user', format: 'toml', maps });
  }
  return out;
}

function zed(ctx: DiscoveryContext, user: boolean): ConfigLocation[] {
  const maps: ServerMapSpec[] = [{ kind: 'path', path: ['context_servers'] }];
  const out: ConfigLocation[] = [
    { path: join(ctx.cwd, '.zed', 'settings.json'), client: 'zed', scope: 'project', format: 'json', maps },
  ];
  if (user) {
    const dir = ctx.platform === 'win32' ? join(appData(ctx), 'Zed') : join(xdgConfig(ctx), 'zed');
    out.push({ path: join(dir, 'settings.json'), client: 'zed', scope: 'user', format: 'json', maps });
  }
  return out;
}

const LOCATORS: Record<ClientId, (ctx: DiscoveryContext, user: boolean) => ConfigLocation[]> = {
  'claude-desktop': (ctx, user) => (user ? claudeDesktop(ctx) : []),
  'claude-code': claudeCode,
  vscode,
  cursor,
  windsurf,
  gemini,
  cline,
  codex,
  zed,
};

/** Every file each client reads MCP servers from, for this machine (home, platform, env) and project (cwd). */
export function toConfigLocations(
  ctx: DiscoveryContext,
  clients: ClientId[],
  user: boolean,
): ConfigLocation[] {
  return clients.flatMap((client) => LOCATORS[client](ctx, user));
}

const FILE_HINTS: [RegExp, ClientId][] = [
  [/claude_desktop_config\.json$/i, 'claude-desktop'],
  [/(^|[\\/])\.claude\.json$|(^|[\\/])\.mcp\.json$|managed-mcp\.json$/i, 'claude-code'],
  [/\.vscode[\\/](mcp|settings)\.json$|[\\/]User[\\/]mcp\.json$/i, 'vscode'],
  [/\.cursor[\\/]mcp\.json$/i, 'cursor'],
  [/windsurf[\\/]mcp_config\.json$/i, 'windsurf'],
  [/\.gemini[\\/]settings\.json$/i, 'gemini'],
  [/cline_mcp_settings\.json$/i, 'cline'],
  [/zed[\\/]settings\.json$/i, 'zed'],
];

/** An explicitly named file: its format from the extension, its servers under whichever known key it uses. */
export function toExplicitLocation(path: string): ConfigLocation {
  if (/\.toml$/i.test(path)) {
    return {
      path,
      client: 'codex',
      scope: 'explicit',
      format: 'toml',
      maps: [{ kind: 'toml-table', table: 'mcp_servers' }],
    };
  }
  return {
    path,
    client: FILE_HINTS.find(([re]) => re.test(path))?.[1] ?? 'unknown',
    scope: 'explicit',
    format: 'json',
    maps: [
      { kind: 'path', path: ['mcpServers'] },
      { kind: 'path', path: ['servers'] },
      { kind: 'path', path: ['mcp', 'servers'] },
      { kind: 'path', path: ['mcp.servers'] },
      { kind: 'path', path: ['context_servers'] },
      { kind: 'claude-projects' },
    ],
  };
}
