import { RegistryError } from '../errors/index.js';
import { appendEventAtomically, SqlLog } from '../log/sql.js';
import { parseServerName } from '../records/index.js';
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
import {
  ASSERT_ONE_CHANGED,
  type AttestationRowSql,
  insertAttestation,
  LATEST_ATTESTATIONS,
  toAttestationRow,
} from './sql-attestations.js';
import { toImportStatements, toReleaseSelect, toSearchText } from './sql-dump.js';
import type {
  AttestationRow,
  AuditEntry,
  AuditInput,
  EventSeal,
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

/** The registry store over any SQLite-dialect driver: better-sqlite3 in Node, D1 on Workers. */
export class SqlRegistryStore implements RegistryStore {
  readonly log: SqlLog;
  // Every event appends to the one log, so concurrent events in this process would only race for the
  // next index and retry; queueing them here costs nothing (SQLite writes one at a time anyway). Across
  // processes or Worker isolates the log's conflict-and-retry still decides. A promise chain, not a
  // dependency: three lines of ordering.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: SqlDriver) {
    this.log = new SqlLog(db);
  }

  /**
   * One event's writes as one batch; with a seal, the signed attestation and the log entry (whose index
   * the attestation records) join the same batch, so a write is never stored unsigned or unlogged.
   */
  private async writeEvent(statements: SqlStatement[], seal?: EventSeal): Promise<void> {
    if (!seal) {
      await this.db.batch(statements);
      return;
    }
    const run = this.queue.then(() => this.appendEvent(statements, seal));
    this.queue = run.catch(() => undefined);
    await run;
  }

  private async appendEvent(statements: SqlStatement[], seal: EventSeal): Promise<void> {
    await appendEventAtomically(this.db, this.log, async (index) => {
      const sealed = await seal(index);
      return {
        entry: sealed.entry,
        statements: [...statements, insertAttestation(index, sealed.attestation)],
        result: undefined,
      };
    });
  }

  async createRelease(input: NewRelease, audit: AuditInput, seal?: EventSeal): Promise<StoredRelease> {
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
    await this.writeEvent(statements, seal);
    const stored = await this.getRelease(doc.name, doc.version);
    if (!stored) throw new Error('release vanished after insert');
    return stored;
  }

  async getRelease(name: string, version: string): Promise<StoredRelease | null> {
    const row = await this.db.first<ReleaseRowSql>(
      `SELECT ${toReleaseSelect('r')} FROM releases r WHERE r.name = ? AND r.version = ?`,
      [name, version],
    );
    return row ? toStoredRelease(row) : null;
  }

  async listReleases(name: string): Promise<StoredRelease[]> {
    const rows = await this.db.all<ReleaseRowSql>(
      `SELECT ${toReleaseSelect('r')} FROM releases r WHERE r.name = ?`,
      [name],
    );
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
      `SELECT ${toReleaseSelect('r')} FROM release_packages p
       JOIN releases r ON r.name = p.name AND r.version = p.version
       WHERE p.registry_type = ? AND p.identifier = ?`,
      [ref.registryType, ref.identifier],
    );
    return rows.map(toStoredRelease);
  }

  async findReleasesByRemote(url: string): Promise<StoredRelease[]> {
    const rows = await this.db.all<ReleaseRowSql>(
      `SELECT ${toReleaseSelect('r')} FROM release_remotes m
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

  async changeStatus(change: StatusChange, audit: AuditInput, seal?: EventSeal): Promise<boolean> {
    // The compare-and-set covers status and updated_at, so a status decision (and its attestation) is
    // made on exactly the state that was read. A lost race aborts the whole batch: no event, no
    // attestation, no log entry and no "allowed" audit row is left behind.
    try {
      await this.writeEvent(
        [
          sql(
            `UPDATE releases SET status = ?, status_reason = ?, status_changed_at = ?, status_changed_by = ?, updated_at = ?
             WHERE name = ? AND version = ? AND status = ? AND updated_at = ?`,
            change.to,
            change.reason,
            change.at,
            change.actor,
            change.at,
            change.name,
            change.version,
            change.from,
            change.expectUpdatedAt,
          ),
          ASSERT_ONE_CHANGED,
          sql(
            `INSERT INTO release_events (name, version, from_status, to_status, reason, actor, at)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
            change.name,
            change.version,
            change.from,
            change.to,
            change.reason,
            change.actor,
            change.at,
          ),
          sql('UPDATE servers SET updated_at = ? WHERE name = ?', change.at, change.name),
          auditStatement(audit),
        ],
        seal,
      );
      return true;
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'conflict') return false;
      throw error;
    }
  }

  async listStatusEvents(name: string, version: string): Promise<StatusEvent[]> {
    const rows = await this.db.all<EventRowSql>(
      'SELECT * FROM release_events WHERE name = ? AND version = ? ORDER BY seq',
      [name, version],
    );
    return rows.map(toStatusEvent);
  }

  async addAssessment(input: NewAssessment, audit: AuditInput, seal?: EventSeal): Promise<StoredAssessment> {
    const a = input.assessment;
    await this.writeEvent(
      [
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
         WHERE name = ? AND version = ? AND updated_at = ?`,
          input.digest,
          a.risk,
          a.verdict,
          a.date,
          a.assessor.id,
          input.submittedAt,
          input.name,
          input.version,
          input.expectUpdatedAt,
        ),
        ASSERT_ONE_CHANGED,
        sql('UPDATE servers SET updated_at = ? WHERE name = ?', input.submittedAt, input.name),
        auditStatement(audit),
      ],
      seal,
    );
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

  async getLatestAttestation(name: string, version: string): Promise<AttestationRow | null> {
    const row = await this.db.first<AttestationRowSql>(
      'SELECT * FROM attestations WHERE name = ? AND version = ? ORDER BY log_index DESC LIMIT 1',
      [name, version],
    );
    return row ? toAttestationRow(row) : null;
  }

  async listAttestations(name: string, version: string): Promise<AttestationRow[]> {
    const rows = await this.db.all<AttestationRowSql>(
      'SELECT * FROM attestations WHERE name = ? AND version = ? ORDER BY log_index',
      [name, version],
    );
    return rows.map(toAttestationRow);
  }

  async listLatestAttestations(): Promise<AttestationRow[]> {
    return (await this.db.all<AttestationRowSql>(LATEST_ATTESTATIONS)).map(toAttestationRow);
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
    const [servers, releases, events, assessments, tokens, audit, meta, attestations, log] =
      await Promise.all([
        this.db.all<ServerRowSql>('SELECT * FROM servers ORDER BY name'),
        this.db.all<ReleaseRowSql>(
          `SELECT ${toReleaseSelect('r')} FROM releases r ORDER BY r.name, r.version`,
        ),
        this.db.all<EventRowSql>('SELECT * FROM release_events ORDER BY seq'),
        this.db.all<AssessmentRowSql>('SELECT * FROM assessments ORDER BY seq'),
        this.db.all<TokenRowSql>('SELECT * FROM tokens ORDER BY id'),
        this.db.all<AuditRowSql>('SELECT * FROM audit ORDER BY seq'),
        this.db.all<{ key: string; value: string }>('SELECT key, value FROM meta ORDER BY key'),
        this.db.all<AttestationRowSql>('SELECT * FROM attestations ORDER BY log_index'),
        this.db.all<{ entry: string }>('SELECT entry FROM log_entries ORDER BY idx'),
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
      attestations: attestations.map(toAttestationRow),
      log: log.map((l) => l.entry),
    };
  }

  async importDump(dump: StoreDump): Promise<void> {
    const statements = toImportStatements(dump);
    // D1 limits the statements of one batch; chunks keep each batch small. An import targets an empty
    // store, so a failed chunk leaves rows that a re-run reports as conflicts rather than duplicates.
    for (let i = 0; i < statements.length; i += 200) await this.db.batch(statements.slice(i, i + 200));
    const encoder = new TextEncoder();
    const entries = (dump.log ?? []).map((e) => encoder.encode(e));
    for (let i = 0; i < entries.length; i += 100) await this.log.append(entries.slice(i, i + 100));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
