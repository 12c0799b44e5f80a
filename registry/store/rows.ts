import type { Assessment, Release, ReleaseStatus } from '../records/index.js';
import type {
  AuditEntry,
  Role,
  ServerRow,
  StatusEvent,
  StoredAssessment,
  StoredRelease,
  TokenRow,
} from './types.js';

// Row shapes as SQLite returns them, and their mapping to the store's types. Shared by every SQL driver.

export interface ReleaseRowSql {
  name: string;
  version: string;
  status: ReleaseStatus;
  status_reason: string | null;
  document: string;
  release_digest: string;
  published_at: string;
  published_by: string;
  publisher_subject: string;
  updated_at: string;
  status_changed_at: string | null;
  status_changed_by: string | null;
  assessment_digest: string | null;
  assessment_risk: string | null;
  assessment_verdict: string | null;
  assessment_date: string | null;
  assessment_assessor: string | null;
  assessment_count: number;
  attestation_digest?: string | null;
  attestation_log_index?: number | null;
}

export function toStoredRelease(row: ReleaseRowSql): StoredRelease {
  return {
    name: row.name,
    version: row.version,
    status: row.status,
    statusReason: row.status_reason,
    document: JSON.parse(row.document) as Release,
    releaseDigest: row.release_digest,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    publisherSubject: row.publisher_subject,
    updatedAt: row.updated_at,
    statusChangedAt: row.status_changed_at,
    statusChangedBy: row.status_changed_by,
    assessment:
      row.assessment_digest === null
        ? null
        : {
            digest: row.assessment_digest,
            risk: row.assessment_risk ?? 'none',
            verdict: row.assessment_verdict ?? 'review',
            date: row.assessment_date ?? row.updated_at,
            assessor: row.assessment_assessor,
            count: row.assessment_count,
          },
    attestation:
      row.attestation_digest === null || row.attestation_digest === undefined
        ? null
        : { digest: row.attestation_digest, logIndex: Number(row.attestation_log_index) },
  };
}

export interface ServerRowSql {
  name: string;
  namespace: string;
  description: string;
  title: string | null;
  release_count: number;
  created_at: string;
  updated_at: string;
}

export function toServerRow(row: ServerRowSql): ServerRow {
  return {
    name: row.name,
    namespace: row.namespace,
    description: row.description,
    title: row.title,
    releaseCount: row.release_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface TokenRowSql {
  id: string;
  hash: string;
  role: Role;
  subject: string;
  label: string | null;
  namespaces: string;
  created_at: string;
  created_by: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export function toTokenRow(row: TokenRowSql): TokenRow {
  return {
    id: row.id,
    hash: row.hash,
    role: row.role,
    subject: row.subject,
    label: row.label,
    namespaces: JSON.parse(row.namespaces) as string[],
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export interface AuditRowSql {
  seq: number;
  at: string;
  request_id: string;
  actor: string;
  role: Role | null;
  action: string;
  target: string | null;
  result: 'allowed' | 'denied' | 'failed';
  code: string | null;
  details: string | null;
}

export function toAuditEntry(row: AuditRowSql): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    requestId: row.request_id,
    actor: row.actor,
    role: row.role,
    action: row.action,
    target: row.target,
    result: row.result,
    code: row.code,
    details: row.details === null ? null : JSON.parse(row.details),
  };
}

export interface EventRowSql {
  seq: number;
  name: string;
  version: string;
  from_status: ReleaseStatus | null;
  to_status: ReleaseStatus;
  reason: string | null;
  actor: string;
  at: string;
}

export function toStatusEvent(row: EventRowSql): StatusEvent {
  return {
    seq: row.seq,
    name: row.name,
    version: row.version,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    reason: row.reason,
    actor: row.actor,
    at: row.at,
  };
}

export interface AssessmentRowSql {
  seq: number;
  name: string;
  version: string;
  digest: string;
  document: string;
  submitted_by: string;
  submitted_at: string;
}

export function toStoredAssessment(row: AssessmentRowSql): StoredAssessment {
  return {
    seq: row.seq,
    name: row.name,
    version: row.version,
    digest: row.digest,
    assessment: JSON.parse(row.document) as Assessment,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
  };
}
