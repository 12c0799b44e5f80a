import canonicalize from 'canonicalize';
import { RegistryError } from '../errors/index.js';

/** RFC 8785 (JCS) canonical JSON: the one byte form every digest and signature in mcpvet is taken over. */
export function toCanonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new RegistryError('bad_request', 'value has no canonical JSON form');
  return text;
}

const encoder = new TextEncoder();

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (const b of view) out += b.toString(16).padStart(2, '0');
  return out;
}

// Web Crypto, not node:crypto, so the same code runs in Workers.
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', toBytes(data) as BufferSource));
}

/** `sha256:<hex>` of the canonical JSON of a value. */
export async function toDigest(value: unknown): Promise<string> {
  return `sha256:${await sha256Hex(toCanonicalJson(value))}`;
}
