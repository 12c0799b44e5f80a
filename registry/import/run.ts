import { RegistryError } from '../errors/index.js';
import { type Release, toDigest, type ValidationIssue } from '../records/index.js';
import type { AuditInput, RegistryStore } from '../store/index.js';
import { type RegistryTrust, sealReleaseEvent, toSubmittedRecord } from '../trust/index.js';
import { normalizeOfficialRecord } from './normalize.js';

/** What became of one record at its destination. */
export type SinkOutcome =
  | { kind: 'imported' }
  | { kind: 'present' }
  | { kind: 'rejected'; issues: ValidationIssue[] };

/** Where releases go: the registry's HTTP API or a store. Publishes one release as submitted. */
export interface ImportSink {
  publish(release: Release, digest: string): Promise<SinkOutcome>;
}

export interface RejectedRecord {
  index: number;
  name: string | null;
  version: string | null;
  issues: ValidationIssue[];
}

export interface ImportReport {
  total: number;
  imported: number;
  alreadyPresent: number;
  rejected: number;
  /** Rejected records per rule id (a record with two issues of one rule counts once for it). */
  rejectedByRule: Record<string, number>;
  /** Normalisation changes per rule id (e.g. import.repository.empty). */
  changes: Record<string, number>;
  rejections: RejectedRecord[];
}

export function emptyReport(): ImportReport {
  return {
    total: 0,
    imported: 0,
    alreadyPresent: 0,
    rejected: 0,
    rejectedByRule: {},
    changes: {},
    rejections: [],
  };
}

function countRules(report: ImportReport, rejected: RejectedRecord): void {
  report.rejected++;
  report.rejections.push(rejected);
  for (const rule of new Set(rejected.issues.map((i) => i.rule))) {
    report.rejectedByRule[rule] = (report.rejectedByRule[rule] ?? 0) + 1;
  }
}

/**
 * Normalises and publishes every record, `concurrency` at a time, into one report. Records are independent:
 * one rejection never stops the rest. Errors that are not about a record (registry unreachable, bad token)
 * are thrown by the sink and end the import.
 */
export async function importRecords(
  records: readonly unknown[],
  sink: ImportSink,
  options: { concurrency?: number; report?: ImportReport } = {},
): Promise<ImportReport> {
  const report = options.report ?? emptyReport();
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < records.length) {
      const index = next++;
      report.total++;
      const normalized = normalizeOfficialRecord(records[index]);
      if (!normalized.ok) {
        countRules(report, {
          index,
          name: normalized.name,
          version: normalized.version,
          issues: normalized.issues,
        });
        continue;
      }
      for (const change of normalized.changes)
        report.changes[change.rule] = (report.changes[change.rule] ?? 0) + 1;
      const release = normalized.release;
      const outcome = await sink.publish(release, await toDigest(release));
      if (outcome.kind === 'imported') report.imported++;
      else if (outcome.kind === 'present') report.alreadyPresent++;
      else
        countRules(report, { index, name: release.name, version: release.version, issues: outcome.issues });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, work));
  report.rejections.sort((a, b) => a.index - b.index);
  return report;
}

/** The issue for "this version exists with other content": versions are immutable, so it is not replaced. */
export function conflictIssue(release: Release): ValidationIssue {
  return {
    path: '/version',
    rule: 'import.conflict',
    message: `${release.name}@${release.version} is already in the registry with different content`,
  };
}

/**
 * A sink writing straight into a store (a local data dir): submitted releases, each with its audit entry,
 * as if `actor` had published them. Re-importing the same content is "present", other content a conflict.
 */
export function createStoreSink(
  store: RegistryStore,
  options: { actor: string; now?: () => Date; requestId?: string; trust?: RegistryTrust },
): ImportSink {
  const now = options.now ?? (() => new Date());
  return {
    async publish(release, digest) {
      const existing = await store.getRelease(release.name, release.version);
      if (existing) {
        return existing.releaseDigest === digest
          ? { kind: 'present' }
          : { kind: 'rejected', issues: [conflictIssue(release)] };
      }
      const at = now().toISOString();
      const audit: AuditInput = {
        at,
        requestId: options.requestId ?? 'import',
        actor: options.actor,
        role: null,
        action: 'release.publish',
        target: `${release.name}@${release.version}`,
        result: 'allowed',
        code: null,
        details: { via: 'import' },
      };
      try {
        await store.createRelease(
          {
            document: release,
            releaseDigest: digest,
            publishedAt: at,
            publishedBy: options.actor,
            publisherSubject: options.actor,
          },
          audit,
          // a signing registry's data dir signs and logs imported releases like published ones
          options.trust
            ? sealReleaseEvent(options.trust, {
                type: 'release_submitted',
                actor: options.actor,
                time: at,
                record: toSubmittedRecord(release, digest, at, options.actor),
              })
            : undefined,
        );
        return { kind: 'imported' };
      } catch (error) {
        // a concurrent import of the same version won the race: judge it like any existing release
        if (error instanceof RegistryError && error.code === 'conflict') {
          const raced = await store.getRelease(release.name, release.version);
          return raced?.releaseDigest === digest
            ? { kind: 'present' }
            : { kind: 'rejected', issues: [conflictIssue(release)] };
        }
        throw error;
      }
    },
  };
}
