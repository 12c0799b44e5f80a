import { matchesNamespacePattern } from '../records/index.js';
import type { RegistryStore, Role, TokenRow } from '../store/index.js';
import { equalsConstantTime, hashToken, toTokenId } from './tokens.js';

export interface Principal {
  tokenId: string;
  role: Role;
  subject: string;
  namespaces: string[];
}

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal }
  | { kind: 'rejected'; tokenId: string | null; reason: 'malformed' | 'unknown' | 'expired' | 'revoked' };

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/** Resolves an Authorization header to a principal; never throws for a bad token, it says why instead. */
export async function authenticate(
  header: string | undefined,
  store: RegistryStore,
  now: Date,
): Promise<Authentication> {
  if (header === undefined || header === '') return { kind: 'anonymous' };
  const token = BEARER.exec(header)?.[1];
  if (token === undefined) return { kind: 'rejected', tokenId: null, reason: 'malformed' };
  const hash = await hashToken(token);
  const id = toTokenId(token, hash);
  const row: TokenRow | null = await store.getToken(id);
  // Compare even when the row is missing so a miss costs the same as a wrong secret.
  const matches = equalsConstantTime(hash, row?.hash ?? '0'.repeat(64));
  if (!row || !matches) return { kind: 'rejected', tokenId: row ? id : null, reason: 'unknown' };
  if (row.revokedAt !== null) return { kind: 'rejected', tokenId: id, reason: 'revoked' };
  if (row.expiresAt !== null && Date.parse(row.expiresAt) <= now.getTime()) {
    return { kind: 'rejected', tokenId: id, reason: 'expired' };
  }
  return {
    kind: 'authenticated',
    principal: { tokenId: row.id, role: row.role, subject: row.subject, namespaces: row.namespaces },
  };
}

export type Action =
  | 'release.publish'
  | 'release.status'
  | 'assessment.submit'
  | 'token.create'
  | 'token.list'
  | 'token.revoke'
  | 'audit.read'
  | 'registry.read';

const ALLOWED: Record<Action, readonly Role[]> = {
  'release.publish': ['admin', 'publisher'],
  'release.status': ['admin', 'reviewer'],
  'assessment.submit': ['admin', 'assessor'],
  'token.create': ['admin'],
  'token.list': ['admin'],
  'token.revoke': ['admin'],
  'audit.read': ['admin'],
  'registry.read': ['admin', 'reviewer', 'assessor', 'publisher', 'reader'],
};

/** Role check plus, for publishers, the token's namespace patterns. */
export function isAllowed(principal: Principal, action: Action, serverName?: string): boolean {
  if (!ALLOWED[action].includes(principal.role)) return false;
  if (principal.role === 'publisher' && action === 'release.publish') {
    return (
      serverName !== undefined && principal.namespaces.some((p) => matchesNamespacePattern(p, serverName))
    );
  }
  return true;
}
