import { homedir } from 'node:os';
import type { DiscoveryContext } from './types.js';

/**
 * The discovery context of a real run, from the environment: HOME (USERPROFILE on Windows) so tests can
 * point at a temp home, MCPVET_SYSTEM_ROOT so they can stand in for /etc and C:\ProgramData.
 */
export function toDiscoveryContext(env: Record<string, string | undefined>, cwd: string): DiscoveryContext {
  const home = env.HOME || env.USERPROFILE || homedir();
  const ctx: DiscoveryContext = { cwd, home, platform: process.platform, env };
  if (env.MCPVET_SYSTEM_ROOT) ctx.systemRoot = env.MCPVET_SYSTEM_ROOT;
  return ctx;
}
