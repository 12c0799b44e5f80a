import {
  type Checkpoint,
  fromBase64,
  type NoteVerifier,
  toBase64,
  verifyCheckpoint,
  verifyConsistency,
} from '../../registry/log/index.js';
import type { Severity } from '../../registry/records/index.js';
import { type LogViewState, type SavedCheckpoint, toSavedCheckpoint } from './state.js';

export type LogUpdateCode =
  | 'log_first_seen'
  | 'log_unchanged'
  | 'log_advanced'
  | 'log_fork'
  | 'log_inconsistent'
  | 'signature_invalid'
  | 'trust_failure';

/** Whether a fetched checkpoint may replace the saved one, and the state to keep either way. */
export interface LogUpdateDecision {
  accepted: boolean;
  code: LogUpdateCode;
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
  /** The verified checkpoint, when its signature verified. */
  checkpoint?: Checkpoint;
  /** The new state when accepted; the unchanged input state when not. */
  state: LogViewState;
}

export interface LogUpdateInput {
  /** State key: the registry this checkpoint came from. */
  registry: string;
  state: LogViewState;
  /** The signed checkpoint note as fetched. */
  note: string;
  /** Trusted log keys; signatures by other keys are ignored. */
  verifiers: readonly NoteVerifier[];
  /** Expected log origin; defaults to the saved one. */
  origin?: string;
  /** Consistency proof from the saved size to the new one (see requiredConsistencyProof). */
  proof?: readonly Uint8Array[];
  /** RFC 3339 time recorded when a checkpoint is first accepted. */
  now: string;
}

/** The consistency proof the verifier needs before accepting `next`, if any. */
export function requiredConsistencyProof(
  saved: SavedCheckpoint | undefined,
  next: Checkpoint,
): { from: number; to: number } | undefined {
  if (!saved || saved.size === 0 || next.size <= saved.size) return undefined;
  return { from: saved.size, to: next.size };
}

/**
 * Decide whether `note` extends the last checkpoint seen from `registry`. First use is trusted (and
 * says so); after that the log must never show two roots for one size, never shrink, and prove every
 * growth with a consistency proof. Rejections leave the state untouched, so a forked log keeps failing.
 */
export async function decideLogUpdate(input: LogUpdateInput): Promise<LogUpdateDecision> {
  const { registry, state, note, proof = [], now } = input;
  const saved = state.logs[registry];
  const reject = (
    code: LogUpdateCode,
    severity: Severity,
    message: string,
    evidence: Record<string, unknown>,
    checkpoint?: Checkpoint,
  ): LogUpdateDecision => ({
    accepted: false,
    code,
    severity,
    message,
    evidence: { registry, ...evidence },
    state,
    ...(checkpoint ? { checkpoint } : {}),
  });

  const origin = input.origin ?? saved?.origin;
  const verified = await verifyCheckpoint(note, input.verifiers, origin === undefined ? {} : { origin });
  if (!verified.ok) {
    const code = verified.reason === 'origin_mismatch' ? 'trust_failure' : 'signature_invalid';
    return reject(code, 'critical', `checkpoint from ${registry} rejected: ${verified.message}`, {
      reason: verified.reason,
      note,
    });
  }
  const next = verified.checkpoint;
  const nextRoot = toBase64(next.rootHash);
  const accept = (
    code: LogUpdateCode,
    message: string,
    evidence: Record<string, unknown>,
  ): LogUpdateDecision => ({
    accepted: true,
    code,
    severity: 'info',
    message,
    evidence: { registry, origin: next.origin, size: next.size, rootHash: nextRoot, ...evidence },
    checkpoint: next,
    state:
      code === 'log_unchanged'
        ? state
        : { version: 1, logs: { ...state.logs, [registry]: toSavedCheckpoint(next, note, now) } },
  });

  if (!saved) {
    return accept(
      'log_first_seen',
      `first checkpoint seen from ${registry} (size ${next.size}); trusted on first use`,
      {},
    );
  }
  const both = {
    savedSize: saved.size,
    savedRoot: saved.rootHash,
    savedNote: saved.note,
    size: next.size,
    rootHash: nextRoot,
    note,
  };
  if (next.origin !== saved.origin) {
    return reject(
      'log_inconsistent',
      'critical',
      `log of ${registry} changed its origin from ${saved.origin} to ${next.origin}`,
      both,
      next,
    );
  }
  if (next.size === saved.size) {
    if (nextRoot === saved.rootHash)
      return accept('log_unchanged', `log of ${registry} unchanged at size ${next.size}`, {});
    return reject(
      'log_fork',
      'critical',
      `log of ${registry} is forked: two signed checkpoints of size ${next.size} have different roots`,
      both,
      next,
    );
  }
  if (next.size < saved.size) {
    return reject(
      'log_inconsistent',
      'critical',
      `log of ${registry} shrank from ${saved.size} to ${next.size} entries: history was rewritten or a stale view is being served`,
      { ...both, reason: 'size_decreased' },
      next,
    );
  }
  const savedRoot = fromBase64(saved.rootHash) as Uint8Array;
  if (!(await verifyConsistency(saved.size, next.size, proof, savedRoot, next.rootHash))) {
    return reject(
      'log_inconsistent',
      'critical',
      `log of ${registry} could not prove that size ${next.size} extends the size ${saved.size} seen before`,
      { ...both, reason: 'bad_consistency_proof', proof: proof.map(toBase64) },
      next,
    );
  }
  return accept('log_advanced', `log of ${registry} grew from ${saved.size} to ${next.size}, consistently`, {
    previousSize: saved.size,
  });
}
