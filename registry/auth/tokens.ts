import { sha256Hex } from '../records/index.js';

// mvt_<16 hex id>_<43 base64url chars = 256 random bits>. The id is public (lookup key, shown in lists and
// audit); only SHA-256 of the whole token is stored, so a leaked database does not leak usable tokens.
const TOKEN = /^mvt_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

/** Tokens given by the operator (MCPVET_ADMIN_TOKEN) need not follow the format; their id derives from the hash. */
export const ENV_TOKEN_PREFIX = 'env-';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface IssuedToken {
  id: string;
  token: string;
  hash: string;
}

export async function issueToken(): Promise<IssuedToken> {
  const id = randomHex(8);
  const token = `mvt_${id}_${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { id, token, hash: await hashToken(token) };
}

export function hashToken(token: string): Promise<string> {
  return sha256Hex(token);
}

/** The id to look the token up by; an operator-given token's id is derived from its hash. */
export function toTokenId(token: string, hash: string): string {
  return TOKEN.exec(token)?.[1] ?? `${ENV_TOKEN_PREFIX}${hash.slice(0, 16)}`;
}

// Hand-written because Web Crypto has no timing-safe compare outside Workers' non-standard extension,
// and node:crypto is not reachable from the Workers entry. Both inputs are fixed-length hex digests.
export function equalsConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
