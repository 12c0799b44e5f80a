import type { Release } from '../records/index.js';
import { type SqlStatement, sql } from './driver.js';
import { insertAttestation } from './sql-attestations.js';
import type { StoreDump } from './types.js';

export function toSearchText(doc: Release): string {
  const parts = [doc.name, doc.title ?? '', doc.description];
  for (const p of doc.packages ?? []) parts.push(p.identifier);
  for (const r of doc.remotes ?? []) parts.push(r.url);
  return parts.join(' ').toLowerCase();
}

export const RELEASE_COLUMNS = `name, version, status, status_reason, document, release_digest, published_at, published_by,
  publisher_subject, updated_at, status_changed_at, status_changed_by, assessment_digest, assessment_risk,
  assessment_verdict, assessment_date, assessment_assessor, assessment_count`;

/** Release columns as selected by reads, with the latest attestation of each release beside them. */
export function toReleaseSelect(alias: string): string {
  const columns = RELEASE_COLUMNS.split(',')
    .map((c) => `${alias}.${c.trim()}`)
    .join(', ');
  const latest = `FROM attestations a WHERE a.name = ${alias}.name AND a.version = ${alias}.version ORDER BY a.log_index DESC LIMIT 1`;
  return `${columns}, (SELECT a.digest ${latest}) AS attestation_digest, (SELECT a.log_index ${latest}) AS attestation_log_index`;
}

/** Everything but the log (which is appended through SqlLog so its node hashes are recomputed). */
export function toImportStatements(dump: StoreDump): SqlStatement[] {
  const out: SqlStatement[] = [];
  for (const s of dump.servers) {
    const doc = dump.releases.find((r) => r.name === s.name)?.document;
    out.push(
      sql(
        `INSERT INTO servers (name, namespace, description, title, search_text, release_count, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        s.name,
        s.namespace,
        s.description,
        s.title,
        doc ? toSearchText(doc) : s.name.toLowerCase(),
        s.releaseCount,
        s.createdAt,
        s.updatedAt,
      ),
    );
  }
  for (const r of dump.releases) {
    out.push(
      sql(
        `INSERT INTO releases (${RELEASE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        r.name,
        r.version,
        r.status,
        r.statusReason,
        JSON.stringify(r.document),
        r.releaseDigest,
        r.publishedAt,
        r.publishedBy,
        r.publisherSubject,
        r.updatedAt,
        r.statusChangedAt,
        r.statusChangedBy,
        r.assessment?.digest ?? null,
        r.assessment?.risk ?? null,
        r.assessment?.verdict ?? null,
        r.assessment?.date ?? null,
        r.assessment?.assessor ?? null,
        r.assessment?.count ?? 0,
      ),
    );
    for (const p of r.document.packages ?? []) {
      out.push(
        sql(
          `INSERT OR IGNORE INTO release_packages (registry_type, identifier, name, version, package_version)
           VALUES (?, ?, ?, ?, ?)`,
          p.registryType,
          p.identifier,
          r.name,
          r.version,
          p.version ?? '',
        ),
      );
    }
    for (const m of r.document.remotes ?? []) {
      out.push(
        sql(
          'INSERT OR IGNORE INTO release_remotes (url, name, version) VALUES (?, ?, ?)',
          m.url,
          r.name,
          r.version,
        ),
      );
    }
  }
  for (const e of dump.events) {
    out.push(
      sql(
        `INSERT INTO release_events (seq, name, version, from_status, to_status, reason, actor, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        e.seq,
        e.name,
        e.version,
        e.fromStatus,
        e.toStatus,
        e.reason,
        e.actor,
        e.at,
      ),
    );
  }
  for (const a of dump.assessments) {
    out.push(
      sql(
        `INSERT INTO assessments (seq, name, version, digest, document, submitted_by, submitted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        a.seq,
        a.name,
        a.version,
        a.digest,
        JSON.stringify(a.assessment),
        a.submittedBy,
        a.submittedAt,
      ),
    );
  }
  for (const t of dump.tokens) {
    out.push(
      sql(
        `INSERT INTO tokens (id, hash, role, subject, label, namespaces, created_at, created_by, expires_at, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        t.id,
        t.hash,
        t.role,
        t.subject,
        t.label,
        JSON.stringify(t.namespaces),
        t.createdAt,
        t.createdBy,
        t.expiresAt,
        t.revokedAt,
      ),
    );
  }
  for (const a of dump.audit) {
    out.push(
      sql(
        `INSERT INTO audit (seq, at, request_id, actor, role, action, target, result, code, details)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        a.seq,
        a.at,
        a.requestId,
        a.actor,
        a.role,
        a.action,
        a.target,
        a.result,
        a.code,
        a.details === null || a.details === undefined ? null : JSON.stringify(a.details),
      ),
    );
  }
  for (const a of dump.attestations ?? []) {
    const { logIndex, ...rest } = a;
    out.push(insertAttestation(logIndex, rest));
  }
  for (const [key, value] of Object.entries(dump.meta)) {
    out.push(sql('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', key, value));
  }
  return out;
}
