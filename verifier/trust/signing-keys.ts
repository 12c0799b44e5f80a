import type { OnlineKey, OnlineRole, RootDocument } from '../../registry/signing/index.js';
import { type TrustFailure, trustFailure } from './result.js';

export type KeySelection = { ok: true; code: 'verified'; key: OnlineKey; keys: OnlineKey[] } | TrustFailure;

function within(key: OnlineKey, time: Date): boolean {
  const t = time.getTime();
  return Date.parse(key.notBefore) <= t && t <= Date.parse(key.notAfter);
}

/**
 * The online keys the root allows for `role` at `time`. A key that is not in the root (removed by a
 * rotation, or never issued) is revoked; a key whose window does not contain `time` is expired. With
 * `keyId`, that key must be one of them.
 */
export function selectSigningKey(
  root: RootDocument,
  role: OnlineRole,
  time: Date,
  keyId?: string,
): KeySelection {
  const ofRole = root.signingKeys.filter((k) => k.role === role);
  const candidates = keyId === undefined ? ofRole : ofRole.filter((k) => k.keyId === keyId);
  if (candidates.length === 0) {
    const other = keyId === undefined ? undefined : root.signingKeys.find((k) => k.keyId === keyId);
    return trustFailure(
      'signing_key_revoked',
      other !== undefined
        ? `key ${keyId} is a ${other.role} key, not a ${role} key`
        : keyId === undefined
          ? `root v${root.version} has no ${role} key`
          : `key ${keyId} is not a ${role} key of root v${root.version} (revoked or never issued)`,
      { keyId, role, rootVersion: root.version },
    );
  }
  const valid = candidates.filter((k) => within(k, time));
  const first = valid[0];
  if (first === undefined) {
    return trustFailure(
      'signing_key_expired',
      `no ${role} key of root v${root.version} is valid at ${time.toISOString()}`,
      {
        keyId,
        role,
        windows: candidates.map((k) => ({ keyId: k.keyId, notBefore: k.notBefore, notAfter: k.notAfter })),
      },
    );
  }
  return { ok: true, code: 'verified', key: first, keys: valid };
}
