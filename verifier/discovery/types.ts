import type { Severity } from '../../registry/records/index.js';

export const CLIENT_IDS = [
  'claude-desktop',
  'claude-code',
  'vscode',
  'cursor',
  'windsurf',
  'gemini',
  'cline',
  'codex',
  'zed',
] as const;

export type ClientId = (typeof CLIENT_IDS)[number];

/** Where a config applies: the user's own files, the project (cwd), an administrator's, or one named on the command line. */
export type ConfigScope = 'user' | 'project' | 'managed' | 'explicit';

export type ConfigFormat = 'json' | 'toml';

/** 1-based line and column, as editors and SARIF count them. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** What a config entry launches or connects to, in one shape whatever the client's dialect. */
export type ServerEntry =
  | {
      transport: 'stdio';
      command: string;
      args: string[];
      env: Record<string, string>;
      cwd?: string;
    }
  | {
      transport: 'http' | 'sse';
      url: string;
      headers: Record<string, string>;
    }
  | { transport: 'extension'; extension: string };

export interface DiscoveredServer {
  /** Stable within one run: client, scope, file and name. */
  id: string;
  /** The key of the entry in its config file. */
  name: string;
  /** 'unknown' for an explicit --config file whose client cannot be told from its name. */
  client: ClientId | 'unknown';
  scope: ConfigScope;
  /** The entry's key in its file, so a finding can point at the exact line. */
  location: SourceLocation;
  entry: ServerEntry;
  /** Present but switched off in the client (disabled: true, enabled = false). */
  disabled: boolean;
}

export type DiscoveryProblemCode = 'config_malformed' | 'config_unreadable' | 'entry_invalid';

export interface DiscoveryProblem {
  code: DiscoveryProblemCode;
  severity: Severity;
  message: string;
  location: SourceLocation;
  evidence: Record<string, unknown>;
}

export interface ConfigFileRecord {
  path: string;
  client: ClientId | 'unknown';
  scope: ConfigScope;
  status: 'read' | 'malformed' | 'unreadable';
  servers: number;
}

export interface DiscoveryResult {
  servers: DiscoveredServer[];
  problems: DiscoveryProblem[];
  /** Every config file that existed and was looked at. */
  files: ConfigFileRecord[];
}

/** Everything discovery may depend on, injectable so tests use a temp home and any platform. */
export interface DiscoveryContext {
  cwd: string;
  home: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** Prefix for machine-wide paths (/etc, /Library, C:\ProgramData); empty in real runs. */
  systemRoot?: string;
}

export interface DiscoveryOptions extends DiscoveryContext {
  /** Limit discovery to these clients (all when absent or empty). */
  clients?: ClientId[];
  /** Explicit files: when given, only these are read. */
  configFiles?: string[];
  /** Read user-level and machine-wide configs (default true). */
  includeUser?: boolean;
  readFile?: (path: string) => Promise<string>;
}
