-- mcpvet registry schema. Applied by the Node store's migrator and by `wrangler d1 migrations apply`;
-- both record applied files in d1_migrations.

CREATE TABLE servers (
  name TEXT PRIMARY KEY,
  namespace TEXT NOT NULL,
  description TEXT NOT NULL,
  title TEXT,
  search_text TEXT NOT NULL,
  release_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX servers_updated ON servers (updated_at, name);

CREATE TABLE releases (
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'deprecated', 'revoked')),
  status_reason TEXT,
  document TEXT NOT NULL,
  release_digest TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  publisher_subject TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  status_changed_at TEXT,
  status_changed_by TEXT,
  assessment_digest TEXT,
  assessment_risk TEXT,
  assessment_verdict TEXT,
  assessment_date TEXT,
  assessment_assessor TEXT,
  assessment_count INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (name, version)
);
CREATE INDEX releases_updated ON releases (updated_at);

-- Packages are indexed so the verifier can find the server that ships a given npm/oci/pypi identifier.
CREATE TABLE release_packages (
  registry_type TEXT NOT NULL,
  identifier TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  package_version TEXT NOT NULL,
  PRIMARY KEY (registry_type, identifier, name, version)
);
CREATE TABLE release_remotes (
  url TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  PRIMARY KEY (url, name, version)
);

CREATE TABLE release_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT,
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX release_events_release ON release_events (name, version, seq);

CREATE TABLE assessments (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  digest TEXT NOT NULL,
  document TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  UNIQUE (name, version, digest)
);

CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'assessor', 'publisher', 'reader')),
  subject TEXT NOT NULL,
  label TEXT,
  namespaces TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);

CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  request_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT,
  action TEXT NOT NULL,
  target TEXT,
  result TEXT NOT NULL CHECK (result IN ('allowed', 'denied', 'failed')),
  code TEXT,
  details TEXT
);

-- Append-only: history tables refuse edits and deletes at the database itself.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER events_no_update BEFORE UPDATE ON release_events BEGIN SELECT RAISE(ABORT, 'release_events is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON release_events BEGIN SELECT RAISE(ABORT, 'release_events is append-only'); END;
CREATE TRIGGER assessments_no_update BEFORE UPDATE ON assessments BEGIN SELECT RAISE(ABORT, 'assessments are append-only'); END;
CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments BEGIN SELECT RAISE(ABORT, 'assessments are append-only'); END;
-- A release's document is immutable once published; only its registry state changes.
CREATE TRIGGER releases_document_immutable BEFORE UPDATE OF name, version, document, release_digest, published_at, published_by ON releases
BEGIN SELECT RAISE(ABORT, 'release documents are immutable'); END;
CREATE TRIGGER releases_no_delete BEFORE DELETE ON releases BEGIN SELECT RAISE(ABORT, 'releases are never deleted'); END;

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
