import { RegistryError } from '../errors/index.js';
import { importSigningKey, type SigningKey } from '../signing/index.js';
import type { WorkerEnv } from './env.js';

// One import per isolate; a failure is kept, because a broken secret stays broken until it is replaced
// (which restarts the isolates).
let pending: Promise<SigningKey | null> | undefined;

/**
 * SIGNING HOOK. The registry's signing key from the MCPVET_SIGNING_KEY secret (PKCS#8 PEM, Ed25519 or
 * ECDSA P-256), imported with Web Crypto through registry/signing. createApp takes no signer yet; when the
 * API gains one, handler.ts passes this key to it. A secret that is set but unusable fails every request
 * (fail closed): a registry configured to sign must not quietly run unsigned.
 */
export function loadSigningKey(env: WorkerEnv): Promise<SigningKey | null> {
  if (!pending) {
    const pem = env.MCPVET_SIGNING_KEY?.trim();
    pending = pem
      ? importSigningKey(pem).catch((cause: unknown) => {
          throw new RegistryError(
            'unavailable',
            'MCPVET_SIGNING_KEY is not a usable PKCS#8 Ed25519 or ECDSA P-256 private key',
            { cause },
          );
        })
      : Promise.resolve(null);
  }
  return pending;
}
