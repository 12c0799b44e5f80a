import { RegistryError } from '../errors/index.js';
import { fromBase64, toBase64 } from '../records/bytes.js';
import { isHash } from './hash.js';
import { type NoteSignature, type NoteSigner, type NoteVerifier, openNote, signNote } from './note.js';

/** A C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the log's signed tree head. */
export interface Checkpoint {
  /** Log identity, e.g. `registry.example.com/log`; the signing key's name matches it. */
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** Opaque extension lines; mcpvet writes none (they are not auditable by monitors). */
  extensions?: string[];
}

export type VerifyCheckpointResult =
  | { ok: true; checkpoint: Checkpoint; text: string; signatures: NoteSignature[] }
  | {
      ok: false;
      reason: 'malformed' | 'invalid_signature' | 'unverified' | 'origin_mismatch';
      message: string;
    };

const SIZE = /^(?:0|[1-9][0-9]*)$/;

/** Note text of a checkpoint: origin, decimal size, base64 root, extension lines, each ending in "\n". */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  if (origin.length === 0 || origin.includes('\n')) {
    throw new RegistryError('bad_request', 'checkpoint origin must be one non-empty line');
  }
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RegistryError('bad_request', 'checkpoint size must be a non-negative integer');
  }
  if (!isHash(rootHash)) throw new RegistryError('bad_request', 'checkpoint root hash must be 32 bytes');
  if (extensions.some((line) => line.length === 0 || line.includes('\n'))) {
    throw new RegistryError('bad_request', 'checkpoint extension lines must be non-empty single lines');
  }
  return [origin, String(size), toBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

/** Parse checkpoint note text (without signatures); throws on anything the format does not allow. */
export function parseCheckpoint(text: string): Checkpoint {
  const bad = (message: string) => new RegistryError('bad_request', `malformed checkpoint: ${message}`);
  if (!text.endsWith('\n')) throw bad('text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin === undefined || sizeText === undefined || rootText === undefined)
    throw bad('needs three lines');
  if (origin.length === 0) throw bad('empty origin');
  if (!SIZE.test(sizeText)) throw bad('size must be decimal without leading zeros');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw bad('size out of range');
  const rootHash = fromBase64(rootText);
  if (!rootHash || !isHash(rootHash)) throw bad('root hash must be base64 of 32 bytes');
  if (extensions.some((line) => line.length === 0)) throw bad('empty extension line');
  return extensions.length > 0 ? { origin, size, rootHash, extensions } : { origin, size, rootHash };
}

/** The signed note for a checkpoint. */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): Promise<string> {
  return signNote(formatCheckpoint(checkpoint), signers);
}

/**
 * Verify a signed checkpoint against trusted keys and parse it. With `origin`, the checkpoint must
 * name that log: a valid signature over another log's checkpoint proves nothing about this one.
 */
export async function verifyCheckpoint(
  note: string,
  verifiers: readonly NoteVerifier[],
  options: { origin?: string } = {},
): Promise<VerifyCheckpointResult> {
  const opened = await openNote(note, verifiers);
  if (!opened.ok) return opened;
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(opened.text);
  } catch (error) {
    return { ok: false, reason: 'malformed', message: (error as Error).message };
  }
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    return {
      ok: false,
      reason: 'origin_mismatch',
      message: `checkpoint is for log "${checkpoint.origin}", expected "${options.origin}"`,
    };
  }
  return { ok: true, checkpoint, text: opened.text, signatures: opened.verified };
}
