-- Release attestations: every registry event signs the release's state after it; the row keeps the
-- bundle and what the snapshot lists. Keyed by the log index the event occupies.
CREATE TABLE attestations (
  log_index INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  status TEXT NOT NULL,
  release_digest TEXT NOT NULL,
  digest TEXT NOT NULL,
  digests TEXT NOT NULL DEFAULT '{}',
  capability_fingerprint TEXT,
  bundle TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX attestations_release ON attestations (name, version, log_index);
CREATE TRIGGER attestations_no_update BEFORE UPDATE ON attestations BEGIN SELECT RAISE(ABORT, 'attestations are append-only'); END;
CREATE TRIGGER attestations_no_delete BEFORE DELETE ON attestations BEGIN SELECT RAISE(ABORT, 'attestations are append-only'); END;

-- An assertion a batch can make about the statement before it: `INSERT INTO batch_assert (ok) SELECT
-- changes() = 1` aborts the whole batch when a compare-and-set matched nothing. D1 batches cannot branch;
-- this lets a lost race leave no row at all behind (no event, no attestation, no log entry, no audit).
CREATE VIEW batch_assert AS SELECT 1 AS ok;
CREATE TRIGGER batch_assert_check INSTEAD OF INSERT ON batch_assert WHEN NEW.ok IS NOT 1
BEGIN SELECT RAISE(ABORT, 'mcpvet: compare-and-set failed'); END;
