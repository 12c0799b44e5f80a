import type { ReleaseStatus } from '../records/index.js';
import { type SqlStatement, sql } from './driver.js';
import type { AttestationRow, SealedEvent } from './types.js';

export interface AttestationRowSql {
  log_index: number;
  name: string;
  version: string;
  status: ReleaseStatus;
  release_digest: string;
  digest: string;
  digests: string;
  capability_fingerprint: string | null;
  bundle: string;
  created_at: string;
}

export function toAttestationRow(row: AttestationRowSql): AttestationRow {
  return {
    logIndex: row.log_index,
    name: row.name,
    version: row.version,
    status: row.status,
    releaseDigest: row.release_digest,
    digest: row.digest,
    digests: JSON.parse(row.digests) as Record<string, string>,
    capabilityFingerprint: row.capability_fingerprint,
    bundle: JSON.parse(row.bundle),
    createdAt: row.created_at,
  };
}

export function insertAttestation(logIndex: number, a: SealedEvent['attestation']): SqlStatement {
  return sql(
    `INSERT INTO attestations (log_index, name, version, status, release_digest, digest, digests,
       capability_fingerprint, bundle, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    logIndex,
    a.name,
    a.version,
    a.status,
    a.releaseDigest,
    a.digest,
    JSON.stringify(a.digests),
    a.capabilityFingerprint,
    JSON.stringify(a.bundle),
    a.createdAt,
  );
}

export const LATEST_ATTESTATIONS = `SELECT a.* FROM attestations a
  JOIN (SELECT name, version, MAX(log_index) AS li FROM attestations GROUP BY name, version) m ON a.log_index = m.li
  ORDER BY a.name, a.version`;

/** Aborts the batch unless the statement before it changed exactly one row (see migration 0003). */
export const ASSERT_ONE_CHANGED = sql('INSERT INTO batch_assert (ok) SELECT changes() = 1');
