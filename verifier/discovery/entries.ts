import type { ClientId, ServerEntry } from './types.js';

export type NormalizedEntry =
  | { ok: true; entry: ServerEntry; disabled: boolean }
  | { ok: false; reason: string; disabled: boolean };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toStringRecord(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

function toArgs(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  return value.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
}

// Transport words differ per client: http, streamable-http, streamableHttp, sse. Unknown words with a url
// are treated as HTTP, the current MCP remote transport.
function toRemoteTransport(type: unknown): 'http' | 'sse' {
  return typeof type === 'string' && type.toLowerCase() === 'sse' ? 'sse' : 'http';
}

/**
 * One server entry in a client's own dialect → the shape the verifier works with. Dialects:
 * `command`+`args`+`env` everywhere; Zed's older `command: {path, args, env}` and `source: "extension"`;
 * remotes as `url` (+`type`), Windsurf's `serverUrl`, Gemini's `httpUrl` (streamable HTTP) vs `url` (SSE).
 */
export function normalizeEntry(client: ClientId | 'unknown', raw: unknown): NormalizedEntry {
  if (!isObject(raw)) return { ok: false, reason: 'entry is not an object', disabled: false };
  const disabled = raw.disabled === true || raw.enabled === false;

  if (client === 'zed' || client === 'unknown') {
    if (raw.source === 'extension') {
      return {
        ok: true,
        entry: { transport: 'extension', extension: String(raw.extension ?? '') },
        disabled,
      };
    }
    if (isObject(raw.command)) {
      const { path, args, env } = raw.command;
      const list = toArgs(args);
      if (typeof path !== 'string' || path === '' || !list) {
        return { ok: false, reason: 'command.path must be a string and command.args an array', disabled };
      }
      return {
        ok: true,
        entry: { transport: 'stdio', command: path, args: list, env: toStringRecord(env) },
        disabled,
      };
    }
  }

  if (raw.command !== undefined) {
    const args = toArgs(raw.args);
    if (typeof raw.command !== 'string' || raw.command.trim() === '' || !args) {
      return { ok: false, reason: 'command must be a non-empty string and args an array', disabled };
    }
    const entry: ServerEntry = {
      transport: 'stdio',
      command: raw.command,
      args,
      env: toStringRecord(raw.env),
    };
    if (typeof raw.cwd === 'string') entry.cwd = raw.cwd;
    return { ok: true, entry, disabled };
  }

  const headers = toStringRecord(raw.headers ?? raw.http_headers ?? raw.requestInit);
  if (typeof raw.httpUrl === 'string') {
    return { ok: true, entry: { transport: 'http', url: raw.httpUrl, headers }, disabled };
  }
  if (typeof raw.serverUrl === 'string') {
    return {
      ok: true,
      entry: { transport: toRemoteTransport(raw.type), url: raw.serverUrl, headers },
      disabled,
    };
  }
  if (typeof raw.url === 'string') {
    // Gemini CLI: `url` is SSE and `httpUrl` streamable HTTP.
    const transport = client === 'gemini' && raw.type === undefined ? 'sse' : toRemoteTransport(raw.type);
    return { ok: true, entry: { transport, url: raw.url, headers }, disabled };
  }
  return { ok: false, reason: 'entry has neither a command nor a url', disabled };
}
