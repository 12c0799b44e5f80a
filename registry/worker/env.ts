import type { RegistrySettings } from '../api/index.js';
import type { D1Database } from '../d1/index.js';

/** The Worker's bindings: wrangler.toml declares DB and the vars; the secrets come from `wrangler secret put`. */
export interface WorkerEnv {
  DB: D1Database;
  /** Secret: the operator's admin token, registered on the first request (at least 32 characters). */
  MCPVET_ADMIN_TOKEN?: string;
  /** Var: "false" makes reads need a token, as MCPVET_PUBLIC_READS does for `mcpvet serve`. */
  MCPVET_PUBLIC_READS?: string;
  /** Secret: the registry's online signing key, PKCS#8 PEM (see signing.ts). */
  MCPVET_SIGNING_KEY?: string;
  /** Secret or var: the signed roots v1..vN as a JSON array (`mcpvet keys root` writes them). */
  MCPVET_ROOTS?: string;
  /** Var: the origin the roots speak for, when it is not the current root's `registry`. */
  MCPVET_PUBLIC_URL?: string;
}

export function toSettings(env: WorkerEnv): Partial<RegistrySettings> {
  return { publicReads: env.MCPVET_PUBLIC_READS !== 'false' };
}
