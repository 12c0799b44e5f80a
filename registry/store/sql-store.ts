import { parseServerName, type Release } from '../records/index.js';
import { type SqlDriver, type SqlStatement, type SqlValue, sql } from './driver.js';
import {
  type AssessmentRowSql,
  type AuditRowSql,
  type EventRowSql,
  type ReleaseRowSql,
  type ServerRowSql,
  type TokenRowSql,
  toAuditEntry,
  toServerRow,
  toStatusEvent,
  toStoredAssessment,
  toStoredRelease,
  toTokenRow,
} from './rows.js';
import type {
  AuditEntry,
  AuditInput,
  NewAssessment,
  NewRelease,
  PackageRef,
  Page,
  RegistryStore,
  ReleaseState,
  ServerQuery,
  ServerRow,
  StatusChange,
  StatusEvent,
  StoreDump,
  StoredAssessment,
  StoredRelease,
  TokenRow,
} from './types.js';

function auditStatement(entry: AuditInput, onlyIfPreviousChanged = false): SqlStatement {
  const params: SqlValue[] = [
    entry.at,
    entry.requestId,
    entry.actor,
    entry.role,
    entry.action,
    entry.target,
    entry.result,
    entry.code,
    entry.details === undefined || entry.details === null ? null : JSON.stringify(entry.details),
  ];
  return onlyIfPreviousChanged
    ? sql(
        `INSERT INTO audit (at, request_id, actor, role, action, target, result, code, details)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1`,
        ...params,
      )
    : sql(
        'INSERT INTO audit (at, request_id, actor, role, action, target, result, code, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ...params,
      );
}

function toSearchText(doc: Release): string {
  const parts = [doc.name, doc.title ?? '', doc.description];
  for (const p of doc.packages ?? []) parts.push(p.identifier);
  for (const r of doc.remotes ?? []) parts.push(r.url);
  return parts.join(' ').toLowerCase();
}

const RELEASE_COLUMNS = `name, version, status, status_reason, document, release_digest, published_at, published_by,
  publisher_subject, updated_at, status_changed_at, status_changed_by, assessment_digest, assessment_risk,
  assessment_verdict, assessment_date, assessment_assessor, assessment_count`;

/** The registry store over any SQLite-dialect driver: better-sqlite3 in Node, D1 on Workers. */
export class SqlRegistryStore implements RegistryStore {
  constructor(private readonly db: SqlDriver) {}

  async createRelease(input: NewRelease, audit: AuditInput): Promise<StoredRelease> {
    const doc = input.document;
    const { namespace } = parseServerName(doc.name);
    const statements: SqlStatement[] = [
      sql(
        `INSERT INTO releases (name, version, status, document, release_digest, published_at, published_by,
           publisher_subject, updated_at) VALUES (?, ?, 'submitted', ?, ?, ?, ?, ?, ?)`,
        doc.name,
        doc.version,
        JSON.stringify(doc),
        input.releaseDigest,
        input.publishedAt,
        input.publishedBy,
        input.publisherSubject,
        input.publishedAt,
      ),
      sql(
        `INSERT INTO servers (name, namespace, description, title, search_text, release_count, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (name) DO UPDATE SET release_count = release_count + 1, updated_at = excluded.updated_at,
           description = excluded.description, title = excluded.title, search_text = excluded.search_text`,
        doc.name,
        namespace,
        doc.description,
        doc.title ?? null,
        toSearchText(doc),
        input.publishedAt,
        input.publishedAt,
      ),
      sql(
        `INSERT INTO release_events (name, version, from_status, to_status, reason, actor, at)
         VALUES (?, ?, NULL, 'submitted', NULL, ?, ?)`,
        doc.name,
        doc.version,
        input.publishedBy,
        input.publishedAt,
      ),
    ];
    for (const p of doc.packages ?? []) {
      statements.push(
        sql(
          `INSERT OR IGNORE INTO release_packages (registry_type, identifier, name, version, package_version)
           VALUES (?, ?, ?, ?, ?)`,
          p.registryType,
          p.identifier,
          doc.name,
          doc.version,
          p.version ?? '',
        ),
      );
    }
    for (const r of doc.remotes ?? []) {
      statements.push(
        sql(
          'INSERT OR IGNORE INTO release_remotes (url, name, version) VALUES (?, ?, ?)',
          r.url,
          doc.name,
          doc.version,
        ),
      );
    }
    statements.push(auditStatement(audit));
    await this.db.batch(statements);
    const stored = await this.getRelease(doc.name, doc.version);
    if (!stored) throw new Error('release vanished after insert');
    return stored;
  }

  async getRelease(name: string, version: string): Promise<StoredRelease | null> {
    const row = await this.db.first<ReleaseRowSql>(
      `SELECT ${RELEASE_COLUMNS} FROM releases WHERE name = ? AND version = ?`,
      [name, version],
    );
    return row ? toStoredRelease(row) : null;
  }

  async listReleases(name: string): Promise<StoredRelease[]> {
    const rows = await this.db.all<ReleaseRowSql>(`SELECT ${RELEASE_COLUMNS} FROM releases WHERE name = ?`, [
      name,
    ]);
    return rows.map(toStoredRelease);
  }

  async listReleaseStates(names: string[]): Promise<ReleaseState[]> {
    if (names.length === 0) return [];
    if (names.length > 100) throw new RangeError('at most 100 names per call');
    return this.db.all<ReleaseState>(
      `SELECT name, version, status FROM releases WHERE name IN (${names.map(() => '?').join(', ')})`,
      names,
    );
  }

  async findReleasesByPackage(ref: PackageRef): Promise<StoredRelease[]> {
    const rows = await this.db.all<ReleaseRowSql>(
      `SELECT ${RELEASE_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1r.$2')} FROM release_packages p
       JOIN releases r ON r.name = p.name AND r.version = p.version
       WHERE p.registry_type = ? AND p.identifier = ?`,
      [ref.registryType, ref.identifier],
    );
    return rows.map(toStoredRelease);
  }

  async findReleasesByRemote(url: string): Promise<StoredRelease[]> {
    const rows = await this.db.all<ReleaseRowSql>(
      `SELECT ${RELEASE_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1r.$2')} FROM release_remotes m
       JOIN releases r ON r.name = m.name AND r.version = m.version WHERE m.url = ?`,
      [url],
    );
    return rows.map(toStoredRelease);
  }

  async getServer(name: string): Promise<ServerRow | null> {
    const row = await this.db.first<ServerRowSql>(
      'SELECT name, namespace, description, title, release_count, created_at, updated_at FROM servers WHERE name = ?',
      [name],
    );
    return row ? toServerRow(row) : null;
  }

  async listServers(query: ServerQuery): Promise<Page<ServerRow>> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (query.cursor !== undefined) {
      where.push('name > ?');
      params.push(query.cursor);
    }
    if (query.search) {
      // instr, not LIKE: a literal substring with no wildcards to escape, and no pattern-length limit
      // (production D1 refuses LIKE patterns over 50 bytes).
      where.push('instr(search_text, ?) > 0');
      params.push(query.search.toLowerCase());
    }
    if (query.updatedSince) {
      where.push('updated_at >= ?');
      params.push(query.updatedSince);
    }
    params.push(query.limit + 1);
    const rows = await this.db.all<ServerRowSql>(
      `SELECT name, namespace, description, title, release_count, created_at, updated_at FROM servers
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name LIMIT ?`,
      params,
    );
    const more = rows.length > query.limit;
    const items = (more ? rows.slice(0, query.limit) : rows).map(toServerRow);
    return { items, nextCursor: more ? (items[items.length - 1]?.name ?? null) : null };
  }

  async changeStatus(change: StatusChange, audit: AuditInput): Promise<boolean> {
    // Each statement after the compare-and-set only runs when the one before it changed a row, so a lost
    // race leaves no event, no timestamp and no "allowed" audit behind: D1 batches cannot branch otherwise.
    const results = await this.db.batch([
      sql(
        `UPDATE releases SET status = ?, status_reason = ?, status_changed_at = ?, status_changed_by = ?, updated_at = ?
         WHERE name = ? AND version = ? AND status = ?`,
        change.to,
        change.reason,
        change.at,
        change.actor,
        change.at,
        change.name,
        change.version,
        change.from,
      ),
      sql(
        `INSERT INTO release_events (name, version, from_status, to_status, reason, actor, at)
         SELECT ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1`,
        change.name,
        change.version,
        change.from,
        change.to,
        change.reason,
        change.actor,
        change.at,
      ),
      sql('UPDATE servers SET updated_at = ? WHERE name = ? AND changes() = 1', change.at, change.name),
      auditStatement(audit, true),
    ]);
    return (results[0]?.changes ?? 0) === 1;
  }

  async listStatusEvents(name: string, version: string): Promise<StatusEvent[]> {
    const rows = await this.db.all<EventRowSql>(
      'SELECT * FROM release_events WHERE name = ? AND version = ? ORDER BY seq',
      [name, version],
    );
    return rows.map(toStatusEvent);
  }

  async addAssessment(input: NewAssessment, audit: AuditInput): Promise<StoredAssessment> {
    const a = input.assessment;
    await this.db.batch([
      sql(
        `INSERT INTO assessments (name, version, digest, document, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?)`,
        input.name,
        input.version,
        input.digest,
        JSON.stringify(a),
        input.submittedBy,
        input.submittedAt,
      ),
      sql(
        `UPDATE releases SET assessment_digest = ?, assessment_risk = ?, assessment_verdict = ?, assessment_date = ?,
           assessment_assessor = ?, assessment_count = assessment_count + 1, updated_at = ?
         WHERE name = ? AND version = ?`,
        input.digest,
        a.risk,
        a.verdict,
        a.date,
        a.assessor.id,
        input.submittedAt,
        input.name,
        input.version,
      ),
      sql('UPDATE servers SET updated_at = ? WHERE name = ?', input.submittedAt, input.name),
      auditStatement(audit),
    ]);
    const row = await this.db.first<AssessmentRowSql>(
      'SELECT * FROM assessments WHERE name = ? AND version = ? AND digest = ?',
      [input.name, input.version, input.digest],
    );
    if (!row) throw new Error('assessment vanished after insert');
    return toStoredAssessment(row);
  }

  async listAssessments(name: string, version: string): Promise<StoredAssessment[]> {
    const rows = await this.db.all<AssessmentRowSql>(
      'SELECT * FROM assessments WHERE name = ? AND version = ? ORDER BY seq',
      [name, version],
    );
    return rows.map(toStoredAssessment);
  }

  async createToken(token: TokenRow, audit: AuditInput | null): Promise<void> {
    const statements = [
      sql(
        `INSERT INTO tokens (id, hash, role, subject, label, namespaces, created_at, created_by, expires_at, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        token.id,
        token.hash,
        token.role,
        token.subject,
        token.label,
        JSON.stringify(token.namespaces),
        token.createdAt,
        token.createdBy,
        token.expiresAt,
        token.revokedAt,
      ),
    ];
    if (audit) statements.push(auditStatement(audit));
    await this.db.batch(statements);
  }

  async getToken(id: string): Promise<TokenRow | null> {
    const row = await this.db.first<TokenRowSql>('SELECT * FROM tokens WHERE id = ?', [id]);
    return row ? toTokenRow(row) : null;
  }

  async listTokens(): Promise<TokenRow[]> {
    const rows = await this.db.all<TokenRowSql>('SELECT * FROM tokens ORDER BY created_at, id');
    return rows.map(toTokenRow);
  }

  async revokeToken(id: string, at: string, audit: AuditInput): Promise<TokenRow | null> {
    await this.db.batch([
      sql('UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?', at, id),
      auditStatement(audit, true),
    ]);
    return this.getToken(id);
  }

  async appendAudit(entry: AuditInput): Promise<void> {
    await this.db.batch([auditStatement(entry)]);
  }

  async listAudit(query: { cursor?: number | undefined; limit: number }): Promise<Page<AuditEntry>> {
    const rows = await this.db.all<AuditRowSql>(
      `SELECT * FROM audit ${query.cursor !== undefined ? 'WHERE seq < ?' : ''} ORDER BY seq DESC LIMIT ?`,
      query.cursor !== undefined ? [query.cursor, query.limit + 1] : [query.limit + 1],
    );
    const more = rows.length > query.limit;
    const items = (more ? rows.slice(0, query.limit) : rows).map(toAuditEntry);
    return { items, nextCursor: more ? String(items[items.length - 1]?.seq ?? '') : null };
  }

  async getMeta(key: string): Promise<string | null> {
    const row = await this.db.first<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key]);
    return row?.value ?? null;
  }

  async setMetaIfAbsent(key: string, value: string): Promise<boolean> {
    const result = await this.db.run('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)', [key, value]);
    return result.changes === 1;
  }

  async exportDump(): Promise<StoreDump> {
    const [servers, releases, events, assessments, tokens, audit, meta] = await Promise.all([
      this.db.all<ServerRowSql>('SELECT * FROM servers ORDER BY name'),
      this.db.all<ReleaseRowSql>(`SELECT ${RELEASE_COLUMNS} FROM releases ORDER BY name, version`),
      this.db.all<EventRowSql>('SELECT * FROM release_events ORDER BY seq'),
      this.db.all<AssessmentRowSql>('SELECT * FROM assessments ORDER BY seq'),
      this.db.all<TokenRowSql>('SELECT * FROM tokens ORDER BY id'),
      this.db.all<AuditRowSql>('SELECT * FROM audit ORDER BY seq'),
      this.db.all<{ key: string; value: string }>('SELECT key, value FROM meta ORDER BY key'),
    ]);
    return {
      format: 'mcpvet-store-dump/v1',
      servers: servers.map(toServerRow),
      releases: releases.map(toStoredRelease),
      events: events.map(toStatusEvent),
      assessments: assessments.map(toStoredAssessment),
      tokens: tokens.map(toTokenRow),
      audit: audit.map(toAuditEntry),
      meta: Object.fromEntries(meta.map((m) => [m.key, m.value])),
    };
  }

  async importDump(dump: StoreDump): Promise<void> {
    const statements = toImportStatements(dump);
    // D1 limits the statements of one batch; chunks keep each batch small. An import targets an empty
    // store, so a failed chunk leaves rows that a re-run reports as conflicts rather than duplicates.
    for (let i = 0; i < statements.length; i += 200) await this.db.batch(statements.slice(i, i + 200));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

function toImportStatements(dump: StoreDump): SqlStatement[] {
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
  for (const [key, value] of Object.entries(dump.meta)) {
    out.push(sql('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', key, value));
  }
  return out;
}
