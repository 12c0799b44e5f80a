import {
  type Checkpoint,
  decodeLogEntry,
  equalBytes,
  rebuildTree,
  toBase64,
} from '../../registry/log/index.js';
import type { Severity } from '../../registry/records/index.js';
import type { LogClient } from './client.js';

export interface LogAuditResult {
  ok: boolean;
  code: 'log_rebuilt' | 'log_root_mismatch' | 'log_entries_missing' | 'log_entry_invalid';
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
}

const PAGE = 1000;

/**
 * Fetch every entry up to an accepted checkpoint's size, check each is a canonical log entry, and
 * re-derive the tree from them alone: its root must be the checkpoint's. Nothing stored by the
 * registry but the entries themselves is trusted.
 */
export async function auditLogEntries(client: LogClient, checkpoint: Checkpoint): Promise<LogAuditResult> {
  const invalid: { index: number; message: string }[] = [];
  let fetched = 0;
  async function* entries(): AsyncGenerator<Uint8Array> {
    while (fetched < checkpoint.size) {
      const page = await client.fetchEntries(fetched, Math.min(checkpoint.size, fetched + PAGE));
      if (page.entries.length === 0) return;
      for (const entry of page.entries) {
        try {
          decodeLogEntry(entry);
        } catch (error) {
          if (invalid.length < 20) invalid.push({ index: fetched, message: (error as Error).message });
        }
        fetched++;
        yield entry;
      }
    }
  }
  const tree = await rebuildTree(entries());
  const evidence = {
    origin: checkpoint.origin,
    size: checkpoint.size,
    rootHash: toBase64(checkpoint.rootHash),
    entries: tree.size,
    rebuiltRoot: toBase64(tree.root),
  };
  if (tree.size !== checkpoint.size) {
    return {
      ok: false,
      code: 'log_entries_missing',
      severity: 'critical',
      message: `the log served ${tree.size} of the ${checkpoint.size} entries its checkpoint commits to`,
      evidence,
    };
  }
  if (!equalBytes(tree.root, checkpoint.rootHash)) {
    return {
      ok: false,
      code: 'log_root_mismatch',
      severity: 'critical',
      message: `the ${tree.size} entries the log served do not hash to its signed root`,
      evidence,
    };
  }
  if (invalid.length > 0) {
    return {
      ok: false,
      code: 'log_entry_invalid',
      severity: 'high',
      message: `${invalid.length} log entr${invalid.length === 1 ? 'y is' : 'ies are'} not canonical log entries`,
      evidence: { ...evidence, invalid },
    };
  }
  return {
    ok: true,
    code: 'log_rebuilt',
    severity: 'info',
    message: `rebuilt the tree from all ${tree.size} entries: the root matches the checkpoint`,
    evidence,
  };
}
