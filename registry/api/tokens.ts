import { Hono } from 'hono';
import { issueToken } from '../auth/index.js';
import { RegistryError } from '../errors/index.js';
import type { ValidationIssue } from '../records/index.js';
import { ROLES, type Role, type TokenRow } from '../store/index.js';
import { type AppEnv, nowIso, parseLimit, readJsonBody, requirePermission, toAudit } from './context.js';

const NAMESPACE_PATTERN =
  /^(\*|[a-zA-Z0-9.-]+\/\*|[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*\.\*|[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+)$/;
const MAX_TTL_DAYS = 3650;

/** A token as the API shows it: everything but its hash. */
export type TokenInfo = Omit<TokenRow, 'hash'>;

export function toTokenInfo(t: TokenRow): TokenInfo {
  const { hash: _hash, ...info } = t;
  return info;
}

interface TokenRequest {
  role: Role;
  subject: string;
  label: string | null;
  namespaces: string[];
  expiresAt: string | null;
}

/** Checks a token request, collecting every issue with its path and rule id. */
export function parseTokenRequest(body: unknown, now: Date): TokenRequest {
  const issues: ValidationIssue[] = [];
  const add = (path: string, rule: string, message: string) => issues.push({ path, rule, message });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RegistryError('invalid_record', 'the body must be a JSON object', {
      details: { issues: [{ path: '/', rule: 'token.type', message: 'must be an object' }] },
    });
  }
  const b = body as Record<string, unknown>;
  const allowed = new Set(['role', 'subject', 'label', 'name', 'namespaces', 'expiresAt', 'ttlDays']);
  for (const k of Object.keys(b))
    if (!allowed.has(k)) add(`/${k}`, 'token.additionalProperties', 'is not allowed');
  if (typeof b.role !== 'string' || !ROLES.includes(b.role as Role)) {
    add('/role', 'token.role', `must be one of ${ROLES.join(', ')}`);
  }
  const label = b.label ?? b.name;
  if (label !== undefined && (typeof label !== 'string' || label.length > 200)) {
    add('/label', 'token.label', 'must be a string of at most 200 characters');
  }
  if (
    b.subject !== undefined &&
    (typeof b.subject !== 'string' || b.subject.length < 1 || b.subject.length > 200)
  ) {
    add('/subject', 'token.subject', 'must be a string of 1 to 200 characters');
  }
  let namespaces: string[] = [];
  if (b.namespaces !== undefined) {
    if (!Array.isArray(b.namespaces) || b.namespaces.length > 64) {
      add('/namespaces', 'token.namespaces', 'must be an array of at most 64 patterns');
    } else {
      b.namespaces.forEach((p, i) => {
        if (typeof p !== 'string' || !NAMESPACE_PATTERN.test(p)) {
          add(
            `/namespaces/${i}`,
            'token.namespaces.pattern',
            'must be like com.acme/*, com.acme.*, or com.acme/server',
          );
        }
      });
      namespaces = b.namespaces.filter((p): p is string => typeof p === 'string');
    }
  }
  if (b.role === 'publisher' && namespaces.length === 0) {
    add('/namespaces', 'token.namespaces.required', 'a publisher token needs at least one namespace pattern');
  }
  let expiresAt: string | null = null;
  if (b.expiresAt !== undefined && b.ttlDays !== undefined) {
    add('/ttlDays', 'token.expiry.exclusive', 'give expiresAt or ttlDays, not both');
  } else if (b.expiresAt !== undefined) {
    const t = typeof b.expiresAt === 'string' ? Date.parse(b.expiresAt) : Number.NaN;
    if (Number.isNaN(t) || t <= now.getTime())
      add('/expiresAt', 'token.expiresAt', 'must be a future RFC 3339 time');
    else expiresAt = new Date(t).toISOString();
  } else if (b.ttlDays !== undefined) {
    const d = b.ttlDays;
    if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0 || d > MAX_TTL_DAYS) {
      add('/ttlDays', 'token.ttlDays', `must be a number of days from 0 to ${MAX_TTL_DAYS}`);
    } else expiresAt = new Date(now.getTime() + d * 86_400_000).toISOString();
  }
  if (issues.length > 0)
    throw new RegistryError('invalid_record', 'the token request is invalid', { details: { issues } });
  return {
    role: b.role as Role,
    subject: typeof b.subject === 'string' ? b.subject : '',
    label: typeof label === 'string' ? label : null,
    namespaces,
    expiresAt,
  };
}

export const tokenRoutes = new Hono<AppEnv>()
  .post('/v1/tokens', async (c) => {
    const principal = await requirePermission(c, 'token.create', null);
    const { store, now } = c.get('deps');
    let request: TokenRequest;
    try {
      request = parseTokenRequest(await readJsonBody(c), now());
    } catch (error) {
      if (error instanceof RegistryError)
        await store.appendAudit(toAudit(c, 'token.create', null, 'failed', error.code));
      throw error;
    }
    const issued = await issueToken();
    const row: TokenRow = {
      id: issued.id,
      hash: issued.hash,
      role: request.role,
      // Without a named subject the token is its own principal, so two tokens never share duties by accident.
      subject: request.subject || `token:${issued.id}`,
      label: request.label,
      namespaces: request.namespaces,
      createdAt: nowIso(c),
      createdBy: principal?.tokenId ?? 'anonymous',
      expiresAt: request.expiresAt,
      revokedAt: null,
    };
    await store.createToken(
      row,
      toAudit(c, 'token.create', `token:${row.id}`, 'allowed', null, {
        role: row.role,
        namespaces: row.namespaces,
      }),
    );
    return c.json({ token: issued.token, ...toTokenInfo(row) }, 201);
  })
  .get('/v1/tokens', async (c) => {
    await requirePermission(c, 'token.list', null);
    const tokens = await c.get('deps').store.listTokens();
    return c.json({ tokens: tokens.map(toTokenInfo) });
  })
  .delete('/v1/tokens/:id', async (c) => {
    const id = c.req.param('id');
    await requirePermission(c, 'token.revoke', `token:${id}`);
    const { store } = c.get('deps');
    if (!/^[a-z0-9-]{1,64}$/.test(id)) throw new RegistryError('bad_request', 'token id is malformed');
    const revoked = await store.revokeToken(
      id,
      nowIso(c),
      toAudit(c, 'token.revoke', `token:${id}`, 'allowed'),
    );
    if (!revoked) {
      await store.appendAudit(toAudit(c, 'token.revoke', `token:${id}`, 'failed', 'not_found'));
      throw new RegistryError('not_found', `no token ${id}`);
    }
    return c.json(toTokenInfo(revoked));
  })
  .get('/v1/audit', async (c) => {
    await requirePermission(c, 'audit.read', null);
    const q = c.req.query();
    const limit = parseLimit(q.limit, 50, 500);
    if (q.cursor !== undefined && !/^\d{1,15}$/.test(q.cursor))
      throw new RegistryError('bad_request', 'cursor is invalid');
    const page = await c.get('deps').store.listAudit({
      limit,
      cursor: q.cursor === undefined ? undefined : Number(q.cursor),
    });
    return c.json({ entries: page.items, nextCursor: page.nextCursor });
  });
