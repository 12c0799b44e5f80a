import { compareVersions, type ReleaseRecord, type ReleaseStatus } from '../records/index.js';
import type { ReleaseState, ServerRow, StoredRelease } from '../store/index.js';

export function toReleaseRecord(r: StoredRelease): ReleaseRecord {
  const record: ReleaseRecord = {
    name: r.name,
    version: r.version,
    status: r.status,
    release: r.document,
    publishedAt: r.publishedAt,
    publishedBy: r.publishedBy,
    updatedAt: r.updatedAt,
    releaseDigest: r.releaseDigest,
  };
  if (r.statusReason !== null) record.statusReason = r.statusReason;
  if (r.attestation) {
    record.attestationDigest = r.attestation.digest;
    record.logIndex = r.attestation.logIndex;
  }
  if (r.statusChangedAt !== null) record.statusChangedAt = r.statusChangedAt;
  if (r.statusChangedBy !== null) record.statusChangedBy = r.statusChangedBy;
  if (r.assessment) {
    record.assessment = {
      digest: r.assessment.digest,
      risk: r.assessment.risk as NonNullable<ReleaseRecord['assessment']>['risk'],
      verdict: r.assessment.verdict as NonNullable<ReleaseRecord['assessment']>['verdict'],
      date: r.assessment.date,
      count: r.assessment.count,
      ...(r.assessment.assessor !== null ? { assessor: r.assessment.assessor } : {}),
    };
  }
  return record;
}

/** Newest first by semver precedence. */
export function sortNewestFirst<T extends ReleaseState>(releases: T[]): T[] {
  return [...releases].sort((a, b) => compareVersions(b.version, a.version));
}

/** "latest" means the newest approved release: deprecated, revoked and unreviewed ones never are. */
export function findLatestApproved<T extends ReleaseState>(releases: T[]): T | null {
  return sortNewestFirst(releases).find((r) => r.status === 'approved') ?? null;
}

export interface ServerSummary {
  name: string;
  description: string;
  title?: string;
  latestVersion: string | null;
  latestApproved: string | null;
  releaseCount: number;
  statuses: Partial<Record<ReleaseStatus, number>>;
  updatedAt: string;
}

export function toServerSummary(server: ServerRow, releases: ReleaseState[]): ServerSummary {
  const statuses: Partial<Record<ReleaseStatus, number>> = {};
  for (const r of releases) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return {
    name: server.name,
    description: server.description,
    ...(server.title !== null ? { title: server.title } : {}),
    latestVersion: sortNewestFirst(releases)[0]?.version ?? null,
    latestApproved: findLatestApproved(releases)?.version ?? null,
    releaseCount: server.releaseCount,
    statuses,
    updatedAt: server.updatedAt,
  };
}

const TRANSITIONS: Record<ReleaseStatus, readonly ReleaseStatus[]> = {
  submitted: ['approved', 'rejected'],
  approved: ['deprecated', 'revoked'],
  deprecated: ['revoked'],
  rejected: [],
  revoked: [],
};

export function canTransition(from: ReleaseStatus, to: ReleaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
