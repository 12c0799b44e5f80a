import { RegistryError } from '../errors/index.js';
import { importSigningKey, type SignedRoot } from '../signing/index.js';
import { createRegistryTrust, type RegistryTrust } from '../trust/index.js';
import type { WorkerEnv } from './env.js';

// One load per isolate; a failure is kept, because a broken secret stays broken until it is replaced
// (which restarts the isolates).
let pending: Promise<RegistryTrust | null> | undefined;

async function load(env: WorkerEnv): Promise<RegistryTrust | null> {
  const pem = env.MCPVET_SIGNING_KEY?.trim();
  const rootsText = env.MCPVET_ROOTS?.trim();
  if (!pem && !rootsText) return null;
  if (!pem || !rootsText) {
    throw new RegistryError(
      'unavailable',
      'a signing registry needs both MCPVET_SIGNING_KEY and MCPVET_ROOTS',
    );
  }
  const key = await importSigningKey(pem).catch((cause: unknown) => {
    throw new RegistryError(
      'unavailable',
      'MCPVET_SIGNING_KEY is not a usable PKCS#8 Ed25519 or ECDSA P-256 private key',
      {
        cause,
      },
    );
  });
  let roots: SignedRoot[];
  try {
    const parsed = JSON.parse(rootsText) as SignedRoot | SignedRoot[];
    roots = Array.isArray(parsed) ? parsed : [parsed];
  } catch (cause) {
    throw new RegistryError('unavailable', 'MCPVET_ROOTS is not JSON (a signed root or an array of them)', {
      cause,
    });
  }
  const registry = env.MCPVET_PUBLIC_URL?.trim() || roots.at(-1)?.signed.registry;
  if (!registry) throw new RegistryError('unavailable', 'MCPVET_ROOTS holds no root');
  return createRegistryTrust({ registry, onlineKey: key, roots });
}

/**
 * The registry's keys and roots from the MCPVET_SIGNING_KEY secret (PKCS#8 PEM, Ed25519 for log
 * checkpoints) and MCPVET_ROOTS (the signed roots, v1..vN, as JSON). With neither, the registry signs
 * nothing; with one but not the other, or a key the current root does not list, every request fails
 * (fail closed): a registry configured to sign must not quietly run unsigned.
 */
export function loadTrust(env: WorkerEnv): Promise<RegistryTrust | null> {
  pending ??= load(env);
  return pending;
}
