-- A print job may end 'uncertain': its bytes may or may not have reached the paper (a one-way
-- printer, such as a device file, whose write stopped part-way). The till never sends such a job
-- again by itself, which could print the receipt twice; the cashier is told and reprints it, a
-- new job marked duplicate, if it did not print. Like 'printed', 'failed' and 'expired', it has
-- left the queue for good.
-- SQLite cannot change a CHECK in place: the table is rebuilt with the same rows (seq and every
-- column kept), indexes and triggers; only the status CHECK differs from 0005.
CREATE TABLE print_jobs_0006 (
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 64),
  kind          TEXT NOT NULL CHECK (kind IN ('receipt', 'report', 'drawer_kick')),
  ticket_number INTEGER REFERENCES tickets (number),
  document      TEXT CHECK (document IS NULL OR json_valid(document)),
  duplicate     INTEGER NOT NULL DEFAULT 0 CHECK (duplicate IN (0, 1)),
  status        TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'printed', 'failed', 'expired', 'uncertain')),
  attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error    TEXT,
  created_at    TEXT NOT NULL,
  expires_at    TEXT,
  printed_at    TEXT,
  CHECK (kind <> 'receipt' OR ticket_number IS NOT NULL),
  CHECK (kind <> 'report' OR document IS NOT NULL),
  CHECK ((status = 'printed') = (printed_at IS NOT NULL))
) STRICT;
INSERT INTO print_jobs_0006 (seq, id, kind, ticket_number, document, duplicate, status, attempts,
                             last_error, created_at, expires_at, printed_at)
SELECT seq, id, kind, ticket_number, document, duplicate, status, attempts,
       last_error, created_at, expires_at, printed_at
FROM print_jobs;
-- Dropping a table fires no DELETE trigger: the rows are safe in the copy.
DROP TABLE print_jobs;
ALTER TABLE print_jobs_0006 RENAME TO print_jobs;
CREATE INDEX print_jobs_queue ON print_jobs (status, seq);
CREATE INDEX print_jobs_ticket ON print_jobs (ticket_number);
CREATE TRIGGER print_jobs_frozen
BEFORE UPDATE OF seq, id, kind, ticket_number, document, duplicate, created_at, expires_at
ON print_jobs BEGIN
  SELECT RAISE(ABORT, 'a print job is never rewritten');
END;
CREATE TRIGGER print_jobs_done BEFORE UPDATE OF status, printed_at ON print_jobs
WHEN OLD.status <> 'queued'
  AND (NEW.status IS NOT OLD.status OR NEW.printed_at IS NOT OLD.printed_at)
BEGIN
  SELECT RAISE(ABORT, 'a print job that left the queue never returns');
END;
CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs WHEN OLD.status = 'queued' BEGIN
  SELECT RAISE(ABORT, 'a queued print job is never deleted');
END;
