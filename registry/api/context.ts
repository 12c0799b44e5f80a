import type { Context } from 'hono';
import type { Action, Authentication, Principal } from '../auth/index.js';
import { isAllowed } from '../auth/index.js';
import { RegistryError } from '../errors/index.js';
import type { LogRouteDeps } from '../log/index.js';
import type { AuditInput, RegistryStore } from '../store/index.js';
import type { RegistryTrust, SnapshotCache } from '../trust/index.js';

export interface RegistrySettings {
  /** Reads without a token (a public registry); false for private registries. */
  publicReads: boolean;
  maxBodyBytes: number;
  version: string;
}

export interface RegistryDeps {
  store: RegistryStore;
  /** The transparency log and its checkpoint key; without it the /v1/log endpoints are not served. */
  log?: LogRouteDeps;
  /**
   * Keys and roots: with them every event is signed and logged in its own write, and the trust, snapshot
   * and log endpoints are served. Without them (embedding for tests) the registry signs nothing and
   * answers those endpoints 503, which a verifier treats as "cannot be verified".
   */
  trust?: RegistryTrust;
  /** Reuse a snapshot cache across apps (the Worker builds one app per request). */
  snapshots?: SnapshotCache;
  now?: () => Date;
  settings?: Partial<RegistrySettings>;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    auth: Authentication;
    deps: Required<Omit<RegistryDeps, 'settings' | 'log' | 'trust' | 'snapshots'>> & {
      settings: RegistrySettings;
      trust: RegistryTrust | undefined;
      snapshots: SnapshotCache;
    };
  };
}

export type AppContext = Context<AppEnv>;

export function nowIso(c: AppContext): string {
  return c.get('deps').now().toISOString();
}

function actorOf(auth: Authentication): { actor: string; role: AuditInput['role'] } {
  if (auth.kind === 'authenticated') return { actor: auth.principal.tokenId, role: auth.principal.role };
  if (auth.kind === 'rejected') return { actor: auth.tokenId ?? 'unknown-token', role: null };
  return { actor: 'anonymous', role: null };
}

export function toAudit(
  c: AppContext,
  action: string,
  target: string | null,
  result: AuditInput['result'],
  code: string | null = null,
  details: unknown = null,
): AuditInput {
  return {
    at: nowIso(c),
    requestId: c.get('requestId'),
    ...actorOf(c.get('auth')),
    action,
    target,
    result,
    code,
    details,
  };
}

/**
 * The caller's principal if it may do `action` (on `serverName`); otherwise the denial is audited and
 * thrown. Reads are public when the settings say so.
 */
export async function requirePermission(
  c: AppContext,
  action: Action,
  target: string | null,
  serverName?: string,
): Promise<Principal | null> {
  const auth = c.get('auth');
  const { store, settings } = c.get('deps');
  if (action === 'registry.read' && settings.publicReads && auth.kind !== 'rejected') {
    return auth.kind === 'authenticated' ? auth.principal : null;
  }
  let error: RegistryError;
  if (auth.kind === 'anonymous') {
    error = new RegistryError('unauthorized', 'a bearer token is required');
  } else if (auth.kind === 'rejected') {
    error = new RegistryError(
      'unauthorized',
      `the token is ${auth.reason === 'unknown' ? 'not valid' : auth.reason}`,
    );
  } else if (!isAllowed(auth.principal, action, serverName)) {
    error = new RegistryError(
      'forbidden',
      auth.principal.role === 'publisher' && action === 'release.publish'
        ? `this token may not publish in the namespace of ${serverName}`
        : `the ${auth.principal.role} role may not ${action}`,
    );
  } else {
    return auth.principal;
  }
  await store.appendAudit(toAudit(c, action, target, 'denied', error.code, { reason: error.message }));
  throw error;
}

// A request body may not nest deeper than this: deep nesting is a parser and validator stack hazard.
const MAX_DEPTH = 64;

function assertDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++;
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > MAX_DEPTH) {
        throw new RegistryError('bad_request', `the JSON body nests deeper than ${MAX_DEPTH} levels`);
      }
    } else if (ch === 125 || ch === 93) depth--;
  }
}

/** Reads a JSON request body: media type, size, strict UTF-8, depth and syntax all checked with a code. */
export async function readJsonBody(c: AppContext): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new RegistryError('unsupported_media_type', 'the body must be application/json');
  }
  const max = c.get('deps').settings.maxBodyBytes;
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > max) {
    throw new RegistryError('payload_too_large', `the body exceeds ${max} bytes`);
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > max) throw new RegistryError('payload_too_large', `the body exceeds ${max} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new RegistryError('invalid_json', 'the body is not valid UTF-8', { cause });
  }
  assertDepth(text);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new RegistryError('invalid_json', `the body is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
}

export function parseLimit(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new RegistryError('bad_request', `limit must be an integer from 1 to ${max}`, {
      details: { limit: value },
    });
  }
  return Number(value);
}
