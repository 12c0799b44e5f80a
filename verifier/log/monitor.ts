import {
  type Checkpoint,
  decodeLogEntry,
  type LogEntry,
  type NoteVerifier,
} from '../../registry/log/index.js';
import { VerifierError } from '../errors/index.js';
import type { LogClient } from './client.js';
import { verifyEntryInclusion } from './inclusion.js';
import type { LogStateStore } from './state-file.js';
import { syncLogView } from './sync.js';

export interface LogEvent {
  index: number;
  entry: LogEntry;
}

export interface MonitorStep {
  checkpoint: Checkpoint;
  /** Events appended since the last step, each proven included under the accepted checkpoint. */
  events: LogEvent[];
}

/**
 * One step of `mcpvet log monitor`: accept the registry's new checkpoint only through a consistency proof
 * from the last one seen (a fork or rewrite throws, exit 3), then fetch the entries appended since `from`
 * and prove each one's inclusion under the new checkpoint, so what is reported is what the log commits to.
 */
export async function monitorLogStep(options: {
  registry: string;
  client: LogClient;
  verifiers: readonly NoteVerifier[];
  origin?: string;
  store: LogStateStore;
  from: number;
}): Promise<MonitorStep> {
  const decision = await syncLogView({
    registry: options.registry,
    verifiers: options.verifiers,
    ...(options.origin === undefined ? {} : { origin: options.origin }),
    store: options.store,
    fetchCheckpoint: () => options.client.fetchCheckpoint(),
    fetchConsistencyProof: (a, b) => options.client.fetchConsistencyProof(a, b),
  });
  const checkpoint = decision.checkpoint;
  if (!checkpoint) throw new VerifierError('internal', 'accepted checkpoint missing');
  const events: LogEvent[] = [];
  for (let start = options.from; start < checkpoint.size; ) {
    const page = await options.client.fetchEntries(start, Math.min(checkpoint.size, start + 500));
    if (page.entries.length === 0) break;
    for (const [i, bytes] of page.entries.entries()) {
      const index = start + i;
      const proof = await options.client.fetchInclusionProof(index, checkpoint.size);
      const included = await verifyEntryInclusion({ entry: bytes, index, proof, checkpoint });
      if (!included.included) {
        throw new VerifierError(
          'log_inconsistent',
          `entry ${index} is not the one the signed log commits to`,
          {
            details: included.evidence,
          },
        );
      }
      let entry: LogEntry;
      try {
        entry = decodeLogEntry(bytes);
      } catch (cause) {
        throw new VerifierError('log_inconsistent', `entry ${index} is not a canonical log entry`, { cause });
      }
      events.push({ index, entry });
    }
    start += page.entries.length;
  }
  return { checkpoint, events };
}
