import { readFile as fsReadFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { VerifierError } from '../errors/index.js';
import { type ConfigLocation, toConfigLocations, toExplicitLocation } from './clients.js';
import { normalizeEntry } from './entries.js';
import { findTomlTableLine, membersAt, parseJsonc, parseTomlText } from './text.js';
import {
  CLIENT_IDS,
  type ConfigFileRecord,
  type ConfigScope,
  type DiscoveredServer,
  type DiscoveryOptions,
  type DiscoveryProblem,
  type DiscoveryResult,
  type SourceLocation,
} from './types.js';

interface RawEntry {
  name: string;
  value: unknown;
  line: number;
  column: number;
  scope: ConfigScope;
}

function normalizePathKey(path: string, platform: NodeJS.Platform): string {
  const p = path.replace(/\\/g, '/').replace(/\/+$/, '');
  return platform === 'win32' ? p.toLowerCase() : p;
}

/** cwd and each folder above it: Claude Code keys local-scope servers by the project's absolute path. */
function ancestorKeys(cwd: string, platform: NodeJS.Platform): Set<string> {
  const keys = new Set<string>();
  let dir = resolve(cwd);
  for (;;) {
    keys.add(normalizePathKey(dir, platform));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return keys;
}

type FileParse =
  | { ok: true; entries: RawEntry[] }
  | { ok: false; problem: { message: string; line: number; column: number } };

function readJsonEntries(text: string, location: ConfigLocation, options: DiscoveryOptions): FileParse {
  const parsed = parseJsonc(text);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  const entries: RawEntry[] = [];
  const add = (members: ReturnType<typeof membersAt>, scope: ConfigScope) => {
    for (const m of members ?? []) {
      entries.push({ name: m.name, value: m.value, scope, ...parsed.position(m.keyOffset) });
    }
  };
  for (const map of location.maps) {
    if (map.kind === 'path') add(membersAt(parsed.root, map.path), map.scope ?? location.scope);
    if (map.kind === 'claude-projects') {
      const wanted = ancestorKeys(options.cwd, options.platform);
      for (const project of membersAt(parsed.root, ['projects']) ?? []) {
        if (!wanted.has(normalizePathKey(project.name, options.platform))) continue;
        add(membersAt(parsed.root, ['projects', project.name, 'mcpServers']), 'project');
      }
    }
  }
  return { ok: true, entries };
}

function readTomlEntries(text: string, location: ConfigLocation): FileParse {
  const parsed = parseTomlText(text);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  const entries: RawEntry[] = [];
  for (const map of location.maps) {
    if (map.kind !== 'toml-table') continue;
    const table = parsed.value[map.table];
    if (table === null || typeof table !== 'object' || Array.isArray(table)) continue;
    for (const [name, value] of Object.entries(table)) {
      const line = findTomlTableLine(parsed.lines, map.table, name);
      entries.push({ name, value, line, column: 1, scope: location.scope });
    }
  }
  return { ok: true, entries };
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Find the MCP servers configured for the project (cwd) and the user, in each client's own files. Never
 * throws for a bad config file: a malformed or unreadable file becomes a problem naming the file and the
 * position. Only an explicitly named file that does not exist is an error (the user asked for it).
 */
export async function discoverServers(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const read = options.readFile ?? ((path: string) => fsReadFile(path, 'utf8'));
  const clients = options.clients && options.clients.length > 0 ? options.clients : [...CLIENT_IDS];
  const explicit = options.configFiles && options.configFiles.length > 0;
  const locations = explicit
    ? (options.configFiles ?? []).map((f) => toExplicitLocation(resolve(options.cwd, f)))
    : toConfigLocations(options, clients, options.includeUser !== false);

  const servers: DiscoveredServer[] = [];
  const problems: DiscoveryProblem[] = [];
  const files: ConfigFileRecord[] = [];
  const seen = new Set<string>();

  for (const location of locations) {
    const fileKey = `${location.client}\u0000${location.path}`;
    if (seen.has(fileKey)) continue;
    seen.add(fileKey);

    let text: string;
    try {
      text = await read(location.path);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        if (explicit) {
          throw new VerifierError('file_not_found', `config file not found: ${location.path}`, {
            details: { path: location.path },
          });
        }
        continue;
      }
      const at: SourceLocation = { file: location.path, line: 1, column: 1 };
      problems.push({
        code: 'config_unreadable',
        severity: 'high',
        message: `cannot read ${location.path}: ${(error as Error).message}`,
        location: at,
        evidence: { client: location.client, errno: code ?? null },
      });
      files.push({
        path: location.path,
        client: location.client,
        scope: location.scope,
        status: 'unreadable',
        servers: 0,
      });
      continue;
    }

    const parsed =
      location.format === 'toml' ? readTomlEntries(text, location) : readJsonEntries(text, location, options);
    if (!parsed.ok) {
      const { line, column, message } = parsed.problem;
      problems.push({
        code: 'config_malformed',
        severity: 'high',
        message: `${location.path}:${line}:${column}: ${message}; the servers it configures cannot be checked`,
        location: { file: location.path, line, column },
        evidence: { client: location.client, format: location.format, error: message },
      });
      files.push({
        path: location.path,
        client: location.client,
        scope: location.scope,
        status: 'malformed',
        servers: 0,
      });
      continue;
    }

    let count = 0;
    for (const raw of parsed.entries) {
      const at: SourceLocation = { file: location.path, line: raw.line, column: raw.column };
      const normalized = normalizeEntry(location.client, raw.value);
      if (!normalized.ok) {
        problems.push({
          code: 'entry_invalid',
          severity: 'low',
          message: `server '${raw.name}' in ${location.path}:${raw.line}: ${normalized.reason}`,
          location: at,
          evidence: { client: location.client, server: raw.name, reason: normalized.reason },
        });
        continue;
      }
      count++;
      servers.push({
        id: `${location.client}:${raw.scope}:${location.path}#${raw.name}`,
        name: raw.name,
        client: location.client,
        scope: raw.scope,
        location: at,
        entry: normalized.entry,
        disabled: normalized.disabled,
      });
    }
    files.push({
      path: location.path,
      client: location.client,
      scope: location.scope,
      status: 'read',
      servers: count,
    });
  }
  return { servers, problems, files };
}
