-- The print queue: receipts, X/Z reports and drawer kicks waiting for the printer. A sale
-- commits first and its receipt is queued after it, so that no printer trouble can block or
-- undo a sale. A job is printed at most once: once it leaves the queue (printed, failed for good,
-- or expired) it never comes back, and what it prints is frozen. A reprint is a new job, marked
-- duplicate. seq (the rowid) gives the order: oldest first.
CREATE TABLE print_jobs (
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 64),
  kind          TEXT NOT NULL CHECK (kind IN ('receipt', 'report', 'drawer_kick')),
  -- The paid ticket a receipt prints (its document may be rebuilt from it).
  ticket_number INTEGER REFERENCES tickets (number),
  -- The document to print, as JSON (a receipt's or a report's), or NULL.
  document      TEXT CHECK (document IS NULL OR json_valid(document)),
  duplicate     INTEGER NOT NULL DEFAULT 0 CHECK (duplicate IN (0, 1)),
  status        TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'printed', 'failed', 'expired')),
  attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error    TEXT,
  created_at    TEXT NOT NULL,
  -- A drawer kick is pointless once the customer has gone: it expires rather than wait.
  expires_at    TEXT,
  printed_at    TEXT,
  CHECK (kind <> 'receipt' OR ticket_number IS NOT NULL),
  CHECK (kind <> 'report' OR document IS NOT NULL),
  CHECK ((status = 'printed') = (printed_at IS NOT NULL))
) STRICT;
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
