import type { Capabilities } from '../../registry/records/index.js';
import { assertCapabilities, validateRelease } from '../../registry/records/index.js';
import { VerifierError } from '../errors/index.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The capabilities document inside whatever a user points us at: a capabilities document itself, a
 * release (server.json with `capabilities`), or a registry release record (`release.capabilities`).
 * Validated against the schema; anything else is a config error naming `source`.
 */
export function toCapabilitiesDocument(value: unknown, source: string): Capabilities {
  let candidate: unknown = value;
  if (isObject(value) && isObject(value.release) && 'status' in value) candidate = value.release;
  if (isObject(candidate) && typeof candidate.name === 'string' && 'version' in candidate) {
    const release = validateRelease(candidate);
    if (!release.ok) {
      throw new VerifierError('config_invalid', `${source}: not a valid release`, {
        details: { issues: release.issues },
      });
    }
    if (!release.value.capabilities) {
      throw new VerifierError('config_invalid', `${source}: the release declares no capabilities`);
    }
    return release.value.capabilities;
  }
  try {
    return assertCapabilities(candidate);
  } catch (error) {
    throw new VerifierError('config_invalid', `${source}: not a valid capabilities document`, {
      details: (error as { details?: unknown }).details,
      cause: error,
    });
  }
}

/** Read and validate a capabilities document, release or release record from a file (the CLI's edge). */
export async function readCapabilitiesFile(path: string, cwd: string): Promise<Capabilities> {
  const { readFile } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file_not_found' : 'io_error';
    throw new VerifierError(code, `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new VerifierError('config_invalid', `${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return toCapabilitiesDocument(value, path);
}
