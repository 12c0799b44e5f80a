import { type BootstrapResult, bootstrapAdmin } from '../bootstrap/index.js';
import { openD1Session } from '../d1/index.js';
import { RegistryError } from '../errors/index.js';
import { SqlRegistryStore } from '../store/index.js';
import type { WorkerEnv } from './env.js';

export type WorkerBootstrap = BootstrapResult | { kind: 'no-admin-token' };

// One bootstrap per isolate. A failure is forgotten so the next request tries again instead of the isolate
// staying broken until it is evicted.
let pending: Promise<WorkerBootstrap> | undefined;

async function bootstrapOnce(env: WorkerEnv): Promise<WorkerBootstrap> {
  if (!env.MCPVET_ADMIN_TOKEN?.trim()) {
    // A Worker has no console to show a generated token once, so it never issues one: without the secret
    // the registry runs with whatever tokens the database already holds.
    console.warn('mcpvet registry: MCPVET_ADMIN_TOKEN is not set; no admin token is registered');
    return { kind: 'no-admin-token' };
  }
  const store = new SqlRegistryStore(openD1Session(env.DB, { primary: true }).driver);
  try {
    return await bootstrapAdmin(store, { envToken: env.MCPVET_ADMIN_TOKEN });
  } catch (error) {
    // Two isolates starting at once both insert the same token row; the loser sees a conflict, and the
    // token it wanted registered is there.
    if (error instanceof RegistryError && error.code === 'conflict')
      return bootstrapAdmin(store, { envToken: env.MCPVET_ADMIN_TOKEN });
    throw error;
  }
}

/** Registers the MCPVET_ADMIN_TOKEN secret on this isolate's first request; later calls reuse the result. */
export function ensureBootstrapped(env: WorkerEnv): Promise<WorkerBootstrap> {
  if (!pending) {
    pending = bootstrapOnce(env).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
  }
  return pending;
}
