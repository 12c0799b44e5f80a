import type { Capabilities } from '../../registry/records/index.js';
import { diffCapabilities } from '../drift/index.js';
import { isObject } from './lister.js';
import type { GateDecision } from './types.js';

type Message = Record<string, unknown>;

/**
 * The initialize result the client gets: server capability drift is logged, and instructions that
 * differ from the vetted ones are replaced with the vetted text (removed when none was vetted), since
 * they reach the model like a tool description does. Also returns the server's declared capabilities.
 */
export function checkInitialize(
  result: Message,
  vetted: Capabilities,
  log: (decision: GateDecision) => void,
): { result: Message; serverCapabilities: Message } {
  const out = { ...result };
  const serverCapabilities = isObject(result.capabilities) ? result.capabilities : {};
  const observed: Capabilities = {
    serverCapabilities,
    ...(typeof result.instructions === 'string' ? { instructions: result.instructions } : {}),
  };
  const expected: Capabilities = {
    serverCapabilities: vetted.serverCapabilities ?? {},
    ...(vetted.instructions !== undefined ? { instructions: vetted.instructions } : {}),
  };
  for (const drift of diffCapabilities(expected, observed)) {
    const instructions = drift.name === 'instructions';
    log({
      event: 'initialize',
      decision: instructions ? 'replace' : 'info',
      reason: drift.code,
      severity: drift.severity,
      message: instructions
        ? `${drift.message}; the client gets the vetted instructions instead`
        : drift.message,
    });
  }
  if (vetted.instructions === undefined) delete out.instructions;
  else out.instructions = vetted.instructions;
  return { result: out, serverCapabilities };
}
