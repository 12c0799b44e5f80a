import { compareReleaseVersions } from '../../registry/official/version.js';
import type { ReleaseRecord } from '../../registry/records/index.js';
import {
  type Launch,
  type LaunchNote,
  type LaunchOptions,
  type StdioLaunch,
  toLaunches,
  toServerKey,
} from './launch.js';
import { toExactPattern, toTemplatePattern } from './regex.js';

// One pure renderer per client, each in the format that client documents. Inputs are ReleaseRecords
// (only approved ones count); outputs are plain JSON values plus the notes of what could not be expressed.

export type ClientId = 'claude-code' | 'copilot' | 'vscode' | 'cursor' | 'windsurf';
export const CLIENTS: readonly ClientId[] = ['claude-code', 'copilot', 'vscode', 'cursor', 'windsurf'];

export interface Allowlist<T> {
  /** The file's content. */
  document: T;
  notes: LaunchNote[];
}

export type AllowlistEntry = { serverCommand: string[] } | { serverUrl: string };

/** Claude Code's serverUrl pattern: `*` is its only wildcard, so template variables become `*`. */
function toUrlPattern(url: string): string {
  return url.replace(/\{[^}]*\}/g, '*');
}

function toEntries(launches: Launch[]): AllowlistEntry[] {
  const seen = new Set<string>();
  const out: AllowlistEntry[] = [];
  for (const l of launches) {
    const entry: AllowlistEntry =
      l.kind === 'stdio' ? { serverCommand: l.command } : { serverUrl: toUrlPattern(l.url) };
    const key = JSON.stringify(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out;
}

export interface ClaudeManagedSettings {
  allowManagedMcpServersOnly: true;
  allowedMcpServers: AllowlistEntry[];
}

/**
 * Claude Code managed settings (managed-settings.json): the approved catalog pattern. Every approved
 * release's exact command (pinned version) or URL; allowManagedMcpServersOnly so user settings cannot widen it.
 */
export function toClaudeCodeSettings(
  records: readonly ReleaseRecord[],
  options: LaunchOptions = {},
): Allowlist<ClaudeManagedSettings> {
  const { launches, notes } = toLaunches(records, options);
  return { document: { allowManagedMcpServersOnly: true, allowedMcpServers: toEntries(launches) }, notes };
}

export type McpJsonServer =
  | { type: 'stdio'; command: string; args: string[] }
  | { type: 'http' | 'sse'; url: string };

/** The launches of the newest approved release of each server (semver, builds ordered by text). */
function latestLaunches(launches: Launch[], records: readonly ReleaseRecord[]): Launch[] {
  const latest = new Map<string, string>();
  for (const r of records) {
    if (r.status !== 'approved') continue;
    const current = latest.get(r.name);
    if (current === undefined || compareReleaseVersions(r.version, current) > 0)
      latest.set(r.name, r.version);
  }
  const firstPerServer = new Map<string, Launch>();
  for (const l of launches) {
    if (latest.get(l.name) !== l.version || firstPerServer.has(l.name)) continue;
    // a server is configured once: its first package, else its first remote (the publisher's order)
    firstPerServer.set(l.name, l);
  }
  return [...firstPerServer.values()];
}

function toMcpJsonServer(l: Launch): McpJsonServer {
  if (l.kind === 'remote') return { type: l.transport === 'sse' ? 'sse' : 'http', url: l.url };
  const [command, ...args] = l.command as [string, ...string[]];
  return { type: 'stdio', command, args };
}

/**
 * Claude Code managed-mcp.json (fixed deployment): one server per approved name, its newest approved
 * version. No env block: secrets never go into a file every user can read.
 */
export function toClaudeCodeManagedMcp(
  records: readonly ReleaseRecord[],
  options: LaunchOptions = {},
): Allowlist<{ mcpServers: Record<string, McpJsonServer> }> {
  const { launches, notes } = toLaunches(records, options);
  const mcpServers: Record<string, McpJsonServer> = {};
  for (const l of latestLaunches(launches, records)) mcpServers[toServerKey(l.name)] = toMcpJsonServer(l);
  return { document: { mcpServers }, notes };
}

/**
 * GitHub Copilot enterprise managed-settings.json: the same allowedMcpServers entries as Claude Code
 * (serverCommand exact, serverUrl with * wildcards). allowManagedMcpServersOnly is Claude Code's own key.
 */
export function toCopilotSettings(
  records: readonly ReleaseRecord[],
  options: LaunchOptions = {},
): Allowlist<{ allowedMcpServers: AllowlistEntry[] }> {
  const { launches, notes } = toLaunches(records, options);
  return { document: { allowedMcpServers: toEntries(launches) }, notes };
}

export interface VsCodeSettings {
  'chat.mcp.gallery.serviceUrl': string;
  'chat.mcp.access': 'registry';
}

/**
 * VS Code settings (or the McpGalleryServiceUrl and ChatMCP policies): the gallery is this registry's
 * official v0.1 API, and only servers installed from it may run. The registry decides what is approved.
 */
export function toVsCodeSettings(registryUrl: string): Allowlist<VsCodeSettings> {
  const url = registryUrl.replace(/\/+$/, '');
  return { document: { 'chat.mcp.gallery.serviceUrl': url, 'chat.mcp.access': 'registry' }, notes: [] };
}

/**
 * Cursor: the servers in its mcp.json shape (`command`/`args` or `url`), newest approved version of each,
 * for the team's distributed mcp.json or admin allowlist.
 */
export function toCursorConfig(
  records: readonly ReleaseRecord[],
  options: LaunchOptions = {},
): Allowlist<{ mcpServers: Record<string, { command: string; args: string[] } | { url: string }> }> {
  const { launches, notes } = toLaunches(records, options);
  const mcpServers: Record<string, { command: string; args: string[] } | { url: string }> = {};
  for (const l of latestLaunches(launches, records)) {
    if (l.kind === 'remote') mcpServers[toServerKey(l.name)] = { url: l.url };
    else {
      const [command, ...args] = l.command as [string, ...string[]];
      mcpServers[toServerKey(l.name)] = { command, args };
    }
  }
  return { document: { mcpServers }, notes };
}

export interface WindsurfEntry {
  serverId: string;
  serverConfig: { command: string; args: string[] } | { serverUrl: string };
}

function toWindsurfConfig(l: Launch): WindsurfEntry['serverConfig'] {
  if (l.kind === 'remote') return { serverUrl: toTemplatePattern(l.url) };
  const [command, ...args] = (l as StdioLaunch).command as [string, ...string[]];
  return { command: toExactPattern(command), args: args.map(toExactPattern) };
}

/**
 * Windsurf team MCP whitelist: Server ID plus a Server Config whose command, each argument and serverUrl
 * are regular expressions. Every one is escaped and anchored here (Windsurf also wraps them in
 * ^(?:…)$), so an entry admits exactly the pinned version and nothing that merely contains it.
 */
export function toWindsurfWhitelist(
  records: readonly ReleaseRecord[],
  options: LaunchOptions = {},
): Allowlist<{ servers: WindsurfEntry[] }> {
  const { launches, notes } = toLaunches(records, options);
  const servers: WindsurfEntry[] = [];
  const seen = new Set<string>();
  for (const l of launches) {
    const entry = { serverId: toServerKey(l.name), serverConfig: toWindsurfConfig(l) };
    const key = JSON.stringify(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    servers.push(entry);
  }
  return { document: { servers }, notes };
}
