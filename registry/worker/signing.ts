import type { WorkerEnv } from './env.js';

/**
 * Hook for the registry signing module (registry/signing, not in the tree yet). When it lands, this turns
 * the MCPVET_SIGNING_KEY secret into the signer createApp takes; until then the Worker signs nothing, exactly
 * like `mcpvet serve`. Kept separate so wiring signing in touches this file and handler.ts only.
 */
export function resolveSigningKey(env: WorkerEnv): string | null {
  const key = env.MCPVET_SIGNING_KEY?.trim();
  return key ? key : null;
}
