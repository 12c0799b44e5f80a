import { type NoteVerifier, verifyCheckpoint } from '../../registry/log/index.js';
import { VerifierError } from '../errors/index.js';
import { decideLogUpdate, type LogUpdateDecision, requiredConsistencyProof } from './decide.js';
import type { LogStateStore } from './state-file.js';

export interface LogSyncOptions {
  registry: string;
  verifiers: readonly NoteVerifier[];
  origin?: string;
  store: LogStateStore;
  /** GET /v1/log/checkpoint: the signed note text. */
  fetchCheckpoint(): Promise<string>;
  /** GET /v1/log/proof/consistency?from=&to=: the proof hashes. */
  fetchConsistencyProof(from: number, to: number): Promise<Uint8Array[]>;
  now?: () => Date;
}

/**
 * Fetch the registry's checkpoint, demand a consistency proof from the last one seen, and save it when
 * it extends that one. Throws VerifierError (exit 3) for forks, rewritten history and bad signatures;
 * returns the accepted decision otherwise.
 */
export async function syncLogView(options: LogSyncOptions): Promise<LogUpdateDecision> {
  const state = await options.store.read();
  const note = await options.fetchCheckpoint();
  const saved = state.logs[options.registry];
  const origin = options.origin ?? saved?.origin;
  // Only a checkpoint whose signature verifies decides which proof is fetched.
  const opened = await verifyCheckpoint(note, options.verifiers, origin === undefined ? {} : { origin });
  const needed = opened.ok ? requiredConsistencyProof(saved, opened.checkpoint) : undefined;
  const proof = needed ? await options.fetchConsistencyProof(needed.from, needed.to) : [];
  const decision = await decideLogUpdate({
    registry: options.registry,
    state,
    note,
    verifiers: options.verifiers,
    ...(origin === undefined ? {} : { origin }),
    proof,
    now: (options.now?.() ?? new Date()).toISOString(),
  });
  if (!decision.accepted) {
    throw new VerifierError(
      decision.code as 'log_fork' | 'log_inconsistent' | 'signature_invalid' | 'trust_failure',
      decision.message,
      {
        details: decision.evidence,
      },
    );
  }
  if (decision.state !== state) await options.store.write(decision.state);
  return decision;
}
