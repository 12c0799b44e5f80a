import { RegistryError } from '../errors/index.js';
import {
  asBufferSource,
  concatBytes,
  equalBytes,
  fromBase64,
  fromHex,
  toBase64,
  toHexString,
} from '../records/bytes.js';
import { sha256 } from './hash.js';

// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 signatures, over Web Crypto. Key strings
// use the golang.org/x/mod/sumdb/note encodings (`name+keyid+base64(0x01‖key)`, with `PRIVATE+KEY+`
// before signer keys) so keys move between mcpvet and the Go tooling unchanged.

const ED25519 = { name: 'Ed25519' } as const;
const SIG_TYPE_ED25519 = 0x01;
const encoder = new TextEncoder();
/** The spec asks verifiers to accept at least 16 signatures; Go's reference accepts up to 100. */
const MAX_SIGNATURES = 100;

export interface NoteSigner {
  name: string;
  /** 4-byte key ID: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]. */
  keyId: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export interface NoteVerifier {
  name: string;
  keyId: Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

export interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  /** Base64 of keyId ‖ signature, as it appears on the line. */
  base64: string;
}

export type OpenNoteResult =
  | { ok: true; text: string; verified: NoteSignature[]; unverified: NoteSignature[] }
  | { ok: false; reason: 'malformed' | 'invalid_signature' | 'unverified'; message: string };

/** Key names must be non-empty and free of Unicode spaces and '+'. */
export function isNoteKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !hasControlCharacters(name);
}

function hasControlCharacters(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the rule being enforced is about them
  return /[\u0000-\u0009\u000b-\u001f]/.test(text);
}

export async function toEd25519KeyId(name: string, publicKey: Uint8Array): Promise<Uint8Array> {
  const digest = await sha256(
    concatBytes(encoder.encode(`${name}\n`), new Uint8Array([SIG_TYPE_ED25519]), publicKey),
  );
  return digest.slice(0, 4);
}

function badKey(message: string): RegistryError {
  return new RegistryError('bad_request', message);
}

function assertKeyName(name: string): void {
  if (!isNoteKeyName(name)) throw badKey('note key name must be non-empty without spaces or "+"');
}

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410), the import form Web Crypto accepts.
const PKCS8_ED25519_PREFIX = fromHex('302e020100300506032b657004220420') as Uint8Array;

async function importSeed(seed: Uint8Array): Promise<{ privateKey: CryptoKey; publicKey: Uint8Array }> {
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    asBufferSource(concatBytes(PKCS8_ED25519_PREFIX, seed)),
    ED25519,
    true,
    ['sign'],
  );
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const publicKey = fromBase64Url(jwk.x ?? '');
  if (publicKey?.length !== 32) throw badKey('could not derive the Ed25519 public key');
  return { privateKey, publicKey };
}

function fromBase64Url(text: string): Uint8Array | undefined {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
}

/** A signer from a name and a 32-byte Ed25519 seed (the RFC 8032 private key). */
export async function createEd25519Signer(name: string, seed: Uint8Array): Promise<NoteSigner> {
  assertKeyName(name);
  if (seed.length !== 32) throw badKey('Ed25519 seed must be 32 bytes');
  const { privateKey, publicKey } = await importSeed(seed);
  const keyId = await toEd25519KeyId(name, publicKey);
  return {
    name,
    keyId,
    sign: async (message) =>
      new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, asBufferSource(message))),
  };
}

/** A verifier from a name and a 32-byte Ed25519 public key. */
export async function createEd25519Verifier(name: string, publicKey: Uint8Array): Promise<NoteVerifier> {
  assertKeyName(name);
  if (publicKey.length !== 32) throw badKey('Ed25519 public key must be 32 bytes');
  const key = await crypto.subtle.importKey('raw', asBufferSource(publicKey), ED25519, false, ['verify']);
  const keyId = await toEd25519KeyId(name, publicKey);
  return {
    name,
    keyId,
    verify: (message, signature) =>
      crypto.subtle.verify(ED25519, key, asBufferSource(signature), asBufferSource(message)),
  };
}

/**
 * A signer over Web Crypto keys held elsewhere (e.g. the registry's online 'log' key from its trust
 * root), so the private key never has to exist as raw bytes here.
 */
export async function createEd25519SignerFromKeys(
  name: string,
  privateKey: CryptoKey,
  publicKey: CryptoKey,
): Promise<NoteSigner> {
  assertKeyName(name);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
  if (raw.length !== 32) throw badKey('not an Ed25519 public key');
  const keyId = await toEd25519KeyId(name, raw);
  return {
    name,
    keyId,
    sign: async (message) =>
      new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, asBufferSource(message))),
  };
}

/** A verifier from an Ed25519 public key in SPKI DER (as root.json publishes keys in PEM). */
export async function createEd25519VerifierFromSpki(name: string, spki: Uint8Array): Promise<NoteVerifier> {
  const key = await crypto.subtle.importKey('spki', asBufferSource(spki), ED25519, true, ['verify']);
  return createEd25519Verifier(name, new Uint8Array(await crypto.subtle.exportKey('raw', key)));
}

function splitKey(text: string, parts: number): string[] | undefined {
  // name+hash+key: the base64 key may itself hold '+', so split only the first parts-1 separators.
  const out: string[] = [];
  let rest = text;
  for (let i = 0; i < parts - 1; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return undefined;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  return out;
}

async function decodeKeyString(
  name: string,
  hashHex: string,
  keyBase64: string,
): Promise<{ key: Uint8Array; keyId: Uint8Array }> {
  assertKeyName(name);
  const keyId = /^[0-9a-f]{8}$/.test(hashHex) ? fromHex(hashHex) : undefined;
  const raw = fromBase64(keyBase64);
  if (!keyId || !raw || raw.length !== 33 || raw[0] !== SIG_TYPE_ED25519) {
    throw badKey('malformed note key (want name+hash+base64(0x01‖32-byte key))');
  }
  return { key: raw.slice(1), keyId };
}

/** Parse a verifier key `name+<8 hex key ID>+base64(0x01‖public key)`; the key ID must match. */
export async function parseVerifierKey(text: string): Promise<NoteVerifier> {
  const parts = splitKey(text, 3);
  if (!parts) throw badKey('malformed note verifier key');
  const [name, hashHex, keyBase64] = parts as [string, string, string];
  const { key, keyId } = await decodeKeyString(name, hashHex, keyBase64);
  const verifier = await createEd25519Verifier(name, key);
  if (!equalBytes(verifier.keyId, keyId)) throw badKey('note verifier key ID does not match its key');
  return verifier;
}

/** Parse a signer key `PRIVATE+KEY+name+<8 hex key ID>+base64(0x01‖seed)`; the key ID must match. */
export async function parseSignerKey(text: string): Promise<NoteSigner> {
  const parts = splitKey(text, 5);
  if (parts?.[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw badKey('malformed note signer key');
  const [, , name, hashHex, keyBase64] = parts as [string, string, string, string, string];
  const { key, keyId } = await decodeKeyString(name, hashHex, keyBase64);
  const signer = await createEd25519Signer(name, key);
  if (!equalBytes(signer.keyId, keyId)) throw badKey('note signer key ID does not match its key');
  return signer;
}

export function formatVerifierKey(name: string, keyId: Uint8Array, publicKey: Uint8Array): string {
  return `${name}+${toHexString(keyId)}+${toBase64(concatBytes(new Uint8Array([SIG_TYPE_ED25519]), publicKey))}`;
}

/** A fresh Ed25519 key pair as signer and verifier key strings. */
export async function generateNoteKeys(name: string): Promise<{ signerKey: string; verifierKey: string }> {
  assertKeyName(name);
  const seed = crypto.getRandomValues(new Uint8Array(32));
  const { publicKey } = await importSeed(seed);
  const keyId = await toEd25519KeyId(name, publicKey);
  const prefix = new Uint8Array([SIG_TYPE_ED25519]);
  return {
    signerKey: `PRIVATE+KEY+${name}+${toHexString(keyId)}+${toBase64(concatBytes(prefix, seed))}`,
    verifierKey: formatVerifierKey(name, keyId, publicKey),
  };
}

function isNoteText(text: string): boolean {
  return text.endsWith('\n') && !hasControlCharacters(text);
}

/** Sign note text (which must end in a newline) with each signer; returns the whole signed note. */
export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  if (!isNoteText(text))
    throw new RegistryError(
      'bad_request',
      'note text must end with a newline and hold no control characters',
    );
  if (signers.length === 0) throw new RegistryError('bad_request', 'a note needs at least one signer');
  const message = encoder.encode(text);
  let out = `${text}\n`;
  for (const signer of signers) {
    assertKeyName(signer.name);
    const signature = await signer.sign(message);
    out += `\u2014 ${signer.name} ${toBase64(concatBytes(signer.keyId, signature))}\n`;
  }
  return out;
}

function parseSignatureLine(line: string): NoteSignature | undefined {
  if (!line.startsWith('\u2014 ')) return undefined;
  const rest = line.slice(2);
  const space = rest.indexOf(' ');
  if (space < 0) return undefined;
  const name = rest.slice(0, space);
  const base64 = rest.slice(space + 1);
  const raw = fromBase64(base64);
  if (!isNoteKeyName(name) || !raw || raw.length < 5) return undefined;
  return { name, keyId: raw.slice(0, 4), base64 };
}

/**
 * Open a signed note: signatures from unknown keys are ignored, a known key whose signature fails
 * rejects the note, and a note with no verified signature is rejected (fail closed).
 */
export async function openNote(note: string, verifiers: readonly NoteVerifier[]): Promise<OpenNoteResult> {
  const malformed = (message: string): OpenNoteResult => ({ ok: false, reason: 'malformed', message });
  if (!note.endsWith('\n') || hasControlCharacters(note))
    return malformed('note must end with a newline and hold no control characters');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return malformed('note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return malformed('note has too many signatures');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const message = encoder.encode(text);
  for (const line of lines) {
    const sig = parseSignatureLine(line);
    if (!sig) return malformed('malformed signature line');
    const matches = verifiers.filter((v) => v.name === sig.name && equalBytes(v.keyId, sig.keyId));
    if (matches.length === 0) {
      unverified.push(sig);
      continue;
    }
    const raw = fromBase64(sig.base64) as Uint8Array;
    for (const verifier of matches) {
      if (!(await verifier.verify(message, raw.slice(4)))) {
        return {
          ok: false,
          reason: 'invalid_signature',
          message: `invalid signature for key ${sig.name}+${toHexString(sig.keyId)}`,
        };
      }
    }
    if (!verified.some((v) => v.base64 === sig.base64)) verified.push(sig);
  }
  if (verified.length === 0)
    return { ok: false, reason: 'unverified', message: 'note has no signature from a trusted key' };
  return { ok: true, text, verified, unverified };
}
