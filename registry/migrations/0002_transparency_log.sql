-- Transparency log (docs/transparency-log.md). log_entries holds each event's leaf bytes (RFC 8785
-- canonical JSON); log_nodes holds the hash (hex) of every complete aligned subtree: level 0 are the
-- leaf hashes, level L index i covers leaves [i*2^L, (i+1)*2^L). Proofs read O(log n) of these rows.
CREATE TABLE log_entries (
  idx INTEGER PRIMARY KEY,
  entry TEXT NOT NULL
);

CREATE TABLE log_nodes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;

-- Entries are dense: the next entry is always at the current size, so a racing append conflicts
-- instead of leaving a gap.
CREATE TRIGGER log_entries_dense BEFORE INSERT ON log_entries
WHEN NEW.idx IS NOT (SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries)
BEGIN SELECT RAISE(ABORT, 'log entries are appended at the current size'); END;

-- Append-only at the database itself: no update or delete path exists for the log.
CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_nodes_no_update BEFORE UPDATE ON log_nodes BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER log_nodes_no_delete BEFORE DELETE ON log_nodes BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
