import {
  type Checkpoint,
  equalBytes,
  hashLeaf,
  rootFromInclusionProof,
  toBase64,
} from '../../registry/log/index.js';
import type { Severity } from '../../registry/records/index.js';

export interface EntryInclusionResult {
  included: boolean;
  code: 'log_entry_included' | 'log_entry_not_included';
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
}

/**
 * Check that the entry bytes sit at `index` of the log described by an accepted checkpoint (one that
 * decideLogUpdate took): the inclusion proof must lead from the entry's leaf hash to its root.
 */
export async function verifyEntryInclusion(input: {
  entry: Uint8Array;
  index: number;
  proof: readonly Uint8Array[];
  checkpoint: Checkpoint;
}): Promise<EntryInclusionResult> {
  const { entry, index, proof, checkpoint } = input;
  const leafHash = await hashLeaf(entry);
  const computed = await rootFromInclusionProof(leafHash, index, checkpoint.size, proof);
  const evidence = {
    origin: checkpoint.origin,
    index,
    size: checkpoint.size,
    leafHash: toBase64(leafHash),
    rootHash: toBase64(checkpoint.rootHash),
    ...(computed ? { computedRoot: toBase64(computed) } : {}),
  };
  if (computed && equalBytes(computed, checkpoint.rootHash)) {
    return {
      included: true,
      code: 'log_entry_included',
      severity: 'info',
      message: `entry ${index} is in the log at size ${checkpoint.size}`,
      evidence,
    };
  }
  return {
    included: false,
    code: 'log_entry_not_included',
    severity: 'critical',
    message: `entry ${index} is not proven to be in the log at size ${checkpoint.size}`,
    evidence,
  };
}
