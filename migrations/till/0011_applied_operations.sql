-- Each money-moving act a screen asked for, by the operation id the screen made when the act
-- started: a double-click or a retry sends the same id again, and the till answers with what the
-- first one did instead of doing it twice. `input_hash` is what was asked (SHA-256 of its
-- canonical JSON, without the PIN), so that an id reused for another act is refused; `result_id`
-- is what the first one made (a ticket, a cash move, a session), read again to answer.
CREATE TABLE applied_operations (
  id         TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  input_hash TEXT NOT NULL CHECK (length(input_hash) = 64),
  result_id  TEXT,
  applied_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER applied_operations_no_update BEFORE UPDATE ON applied_operations BEGIN
  SELECT RAISE(ABORT, 'applied operations are append-only');
END;
CREATE TRIGGER applied_operations_no_delete BEFORE DELETE ON applied_operations BEGIN
  SELECT RAISE(ABORT, 'applied operations are append-only');
END;
