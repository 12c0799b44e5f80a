import { hashToken, issueToken, toTokenId } from '../auth/index.js';
import { RegistryError } from '../errors/index.js';
import type { RegistryStore, TokenRow } from '../store/index.js';

export type BootstrapResult =
  | { kind: 'issued'; token: string; id: string }
  | { kind: 'from-env'; id: string; created: boolean }
  | { kind: 'already-bootstrapped' };

const META_KEY = 'bootstrap.admin';

function adminRow(id: string, hash: string, at: string, label: string): TokenRow {
  return {
    id,
    hash,
    role: 'admin',
    subject: `token:${id}`,
    label,
    namespaces: [],
    createdAt: at,
    createdBy: 'bootstrap',
    expiresAt: null,
    revokedAt: null,
  };
}

/**
 * First start: an operator-given admin token (MCPVET_ADMIN_TOKEN) is registered, or else one is issued
 * and returned exactly once. Later starts issue nothing; the meta row makes that hold across restarts
 * and across several processes starting at once.
 */
export async function bootstrapAdmin(
  store: RegistryStore,
  options: { envToken?: string | undefined; now?: Date } = {},
): Promise<BootstrapResult> {
  const at = (options.now ?? new Date()).toISOString();
  const envToken = options.envToken?.trim();
  if (envToken) {
    if (envToken.length < 32 || /\s/.test(envToken)) {
      throw new RegistryError(
        'bad_request',
        'MCPVET_ADMIN_TOKEN must be at least 32 characters without spaces',
      );
    }
    const hash = await hashToken(envToken);
    const id = toTokenId(envToken, hash);
    await store.setMetaIfAbsent(META_KEY, at);
    if (await store.getToken(id)) return { kind: 'from-env', id, created: false };
    await store.createToken(adminRow(id, hash, at, 'MCPVET_ADMIN_TOKEN'), null);
    return { kind: 'from-env', id, created: true };
  }
  if ((await store.getMeta(META_KEY)) !== null) return { kind: 'already-bootstrapped' };
  const issued = await issueToken();
  await store.createToken(adminRow(issued.id, issued.hash, at, 'bootstrap admin'), null);
  if (!(await store.setMetaIfAbsent(META_KEY, at))) {
    // Another process bootstrapped first: this token must not stay valid unseen.
    await store.revokeToken(issued.id, at, {
      at,
      requestId: 'bootstrap',
      actor: 'bootstrap',
      role: null,
      action: 'token.revoke',
      target: `token:${issued.id}`,
      result: 'allowed',
      code: null,
      details: { reason: 'lost bootstrap race' },
    });
    return { kind: 'already-bootstrapped' };
  }
  return { kind: 'issued', token: issued.token, id: issued.id };
}
