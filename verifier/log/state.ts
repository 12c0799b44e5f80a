import { type Checkpoint, fromBase64, isHash, toBase64 } from '../../registry/log/index.js';

/** The last checkpoint a verifier accepted from one registry's log: what every later one must extend. */
export interface SavedCheckpoint {
  origin: string;
  size: number;
  /** Base64 root hash, as in the checkpoint. */
  rootHash: string;
  /** The whole signed note, kept so a later fork can be shown with both signed checkpoints. */
  note: string;
  /** When this checkpoint was first accepted (RFC 3339). */
  seenAt: string;
}

export interface LogViewState {
  version: 1;
  /** Keyed by registry (its base URL, or whatever key the caller uses consistently). */
  logs: Record<string, SavedCheckpoint>;
}

export function emptyLogViewState(): LogViewState {
  return { version: 1, logs: {} };
}

export function toSavedCheckpoint(checkpoint: Checkpoint, note: string, seenAt: string): SavedCheckpoint {
  return {
    origin: checkpoint.origin,
    size: checkpoint.size,
    rootHash: toBase64(checkpoint.rootHash),
    note,
    seenAt,
  };
}

function isSavedCheckpoint(value: unknown): value is SavedCheckpoint {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const root = typeof v.rootHash === 'string' ? fromBase64(v.rootHash) : undefined;
  return (
    typeof v.origin === 'string' &&
    v.origin.length > 0 &&
    typeof v.size === 'number' &&
    Number.isSafeInteger(v.size) &&
    v.size >= 0 &&
    isHash(root) &&
    typeof v.note === 'string' &&
    typeof v.seenAt === 'string'
  );
}

/** Parse a state document; undefined when its shape is not one this verifier wrote. */
export function parseLogViewState(value: unknown): LogViewState | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (v.version !== 1 || v.logs === null || typeof v.logs !== 'object' || Array.isArray(v.logs))
    return undefined;
  const logs: Record<string, SavedCheckpoint> = {};
  for (const [key, saved] of Object.entries(v.logs as Record<string, unknown>)) {
    if (!isSavedCheckpoint(saved)) return undefined;
    logs[key] = saved;
  }
  return { version: 1, logs };
}
