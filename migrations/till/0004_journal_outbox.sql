-- The journal: every closed document, chained by SHA-256 (the NF525 idea). The triggers keep
-- the sequence gapless and the chain linked, and refuse any later change.
CREATE TABLE journal (
  seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
  doc_type   TEXT NOT NULL,
  doc_id     TEXT NOT NULL,
  payload    TEXT NOT NULL CHECK (json_valid(payload)),
  prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX journal_doc ON journal (doc_type, doc_id);
CREATE TRIGGER journal_gapless BEFORE INSERT ON journal
WHEN NEW.seq <> coalesce((SELECT max(seq) FROM journal), 0) + 1
  OR NEW.prev_hash <> coalesce((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1), printf('%064d', 0))
BEGIN
  SELECT RAISE(ABORT, 'journal entries must follow the last one');
END;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only');
END;

-- Events waiting to reach the central server, written in the same transaction as their
-- document. seq is the till's own gapless event number, checked by the server.
CREATE TABLE outbox (
  id          TEXT PRIMARY KEY,
  seq         INTEGER NOT NULL UNIQUE CHECK (seq >= 1),
  type        TEXT NOT NULL,
  payload     TEXT NOT NULL CHECK (json_valid(payload)),
  created_at  TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'rejected')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  sent_at     TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (status, seq);
CREATE TRIGGER outbox_payload_frozen BEFORE UPDATE OF id, seq, type, payload, created_at ON outbox BEGIN
  SELECT RAISE(ABORT, 'an outbox event is never rewritten');
END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox WHEN OLD.status = 'pending' BEGIN
  SELECT RAISE(ABORT, 'a pending outbox event is never deleted');
END;
