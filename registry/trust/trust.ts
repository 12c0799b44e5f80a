import { RegistryError } from '../errors/index.js';
import { createEd25519SignerFromKeys, type NoteSigner } from '../log/index.js';
import type { OnlineRole, SignedRoot, SigningKey } from '../signing/index.js';

/** What a signing registry holds: its online keys, the log's checkpoint signer, and its root chain. */
export interface RegistryTrust {
  /** Origin the roots speak for (https://registry.example). */
  registry: string;
  attestationKey: SigningKey;
  snapshotKey: SigningKey;
  log: { origin: string; signers: NoteSigner[] };
  /** Every root from version 1, ascending; the last is current. */
  roots: SignedRoot[];
  snapshotTtlMs: number;
}

export interface RegistryTrustInput {
  registry: string;
  /** Signs attestations, snapshots and (when Ed25519) log checkpoints, unless a role has its own key. */
  onlineKey: SigningKey;
  snapshotKey?: SigningKey;
  logKey?: SigningKey;
  roots: SignedRoot[];
  snapshotTtlMs?: number;
}

/** The checkpoint origin line of this registry's log. */
export function toLogOrigin(registry: string): string {
  return `${new URL(registry).host}/mcpvet-log`;
}

function assertListed(root: SignedRoot, key: SigningKey, role: OnlineRole): void {
  if (!root.signed.signingKeys.some((k) => k.keyId === key.keyId && k.role === role)) {
    throw new RegistryError(
      'unavailable',
      `the current root (v${root.signed.version}) does not list key ${key.keyId} for ${role}: rotate the root first`,
    );
  }
}

/**
 * Checks that the keys and the roots belong together (a registry signing with a key its own root does not
 * list would produce attestations no verifier accepts) and builds the log's note signer.
 */
export async function createRegistryTrust(input: RegistryTrustInput): Promise<RegistryTrust> {
  const registry = new URL(input.registry).origin;
  const roots = [...input.roots].sort((a, b) => a.signed.version - b.signed.version);
  const current = roots.at(-1);
  if (!current) throw new RegistryError('unavailable', 'no trust root is configured');
  roots.forEach((r, i) => {
    if (r.signed.version !== i + 1)
      throw new RegistryError('unavailable', `root versions must run 1..n (missing v${i + 1})`);
  });
  if (current.signed.registry !== registry) {
    throw new RegistryError(
      'unavailable',
      `the root speaks for ${current.signed.registry}, but this registry is ${registry} (set MCPVET_PUBLIC_URL)`,
    );
  }
  const snapshotKey = input.snapshotKey ?? input.onlineKey;
  const logKey = input.logKey ?? input.onlineKey;
  assertListed(current, input.onlineKey, 'attestation');
  assertListed(current, snapshotKey, 'snapshot');
  assertListed(current, logKey, 'log');
  if (logKey.algorithm !== 'ed25519') {
    throw new RegistryError('unavailable', 'log checkpoints are signed notes, which need an Ed25519 log key');
  }
  const origin = toLogOrigin(registry);
  return {
    registry,
    attestationKey: input.onlineKey,
    snapshotKey,
    log: {
      origin,
      signers: [await createEd25519SignerFromKeys(origin, logKey.privateKey, logKey.publicKey)],
    },
    roots,
    snapshotTtlMs: input.snapshotTtlMs ?? 24 * 3600_000,
  };
}
