-- Sessions, tickets, payments, cash moves and stock movements. Whatever is closed or paid is
-- append-only: triggers refuse to change it, so that a correction is always a new document.

CREATE TABLE sessions (
  id             TEXT PRIMARY KEY,
  status         TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  opened_at      TEXT NOT NULL,
  opened_by      INTEGER NOT NULL REFERENCES users (id),
  opening_float  INTEGER NOT NULL CHECK (opening_float >= 0),
  opening_counts TEXT NOT NULL CHECK (json_valid(opening_counts)),
  closed_at      TEXT,
  closed_by      INTEGER REFERENCES users (id),
  counted_cash   INTEGER,
  closing_counts TEXT CHECK (closing_counts IS NULL OR json_valid(closing_counts)),
  expected_cash  INTEGER,
  z_report       TEXT CHECK (z_report IS NULL OR json_valid(z_report))
) STRICT;
CREATE UNIQUE INDEX sessions_one_open ON sessions (status) WHERE status = 'open';
CREATE TRIGGER sessions_closed_frozen BEFORE UPDATE ON sessions WHEN OLD.status = 'closed' BEGIN
  SELECT RAISE(ABORT, 'a closed session is append-only');
END;
CREATE TRIGGER sessions_no_delete BEFORE DELETE ON sessions BEGIN
  SELECT RAISE(ABORT, 'sessions are never deleted');
END;

CREATE TABLE cash_moves (
  id         TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id),
  amount     INTEGER NOT NULL CHECK (amount <> 0),
  reason     TEXT NOT NULL CHECK (length(reason) > 0),
  user_id    INTEGER NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER cash_moves_no_update BEFORE UPDATE ON cash_moves BEGIN
  SELECT RAISE(ABORT, 'cash moves are append-only');
END;
CREATE TRIGGER cash_moves_no_delete BEFORE DELETE ON cash_moves BEGIN
  SELECT RAISE(ABORT, 'cash moves are append-only');
END;

CREATE TABLE tickets (
  id              TEXT PRIMARY KEY,
  session_id      TEXT NOT NULL REFERENCES sessions (id),
  kind            TEXT NOT NULL CHECK (kind IN ('sale', 'refund')),
  status          TEXT NOT NULL CHECK (status IN ('draft', 'paid', 'cancelled')),
  -- Per-till receipt number, given when the ticket is paid.
  number          INTEGER UNIQUE,
  refund_of       TEXT REFERENCES tickets (id),
  cashier_id      INTEGER NOT NULL REFERENCES users (id),
  member_id       INTEGER REFERENCES members (id),
  -- A snapshot of who the member was when the ticket was paid.
  member          TEXT CHECK (member IS NULL OR json_valid(member)),
  ticket_discount TEXT CHECK (ticket_discount IS NULL OR json_valid(ticket_discount)),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  closed_at       TEXT,
  closed_by       INTEGER REFERENCES users (id),
  subtotal        INTEGER,
  discount_total  INTEGER,
  total           INTEGER,
  rounding        INTEGER,
  due             INTEGER,
  paid            INTEGER,
  change_given    INTEGER,
  journal_seq     INTEGER,
  CHECK (status = 'draft' OR closed_at IS NOT NULL),
  CHECK (status <> 'paid' OR (number IS NOT NULL AND total IS NOT NULL AND journal_seq IS NOT NULL))
) STRICT;
CREATE INDEX tickets_session ON tickets (session_id, status);
CREATE INDEX tickets_refund_of ON tickets (refund_of);
CREATE INDEX tickets_closed_at ON tickets (closed_at);
CREATE TRIGGER tickets_closed_frozen BEFORE UPDATE ON tickets WHEN OLD.status <> 'draft' BEGIN
  SELECT RAISE(ABORT, 'a paid or cancelled ticket is append-only');
END;
CREATE TRIGGER tickets_closed_no_delete BEFORE DELETE ON tickets WHEN OLD.status <> 'draft' BEGIN
  SELECT RAISE(ABORT, 'a paid or cancelled ticket is append-only');
END;

CREATE TABLE ticket_lines (
  id                    TEXT PRIMARY KEY,
  ticket_id             TEXT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  position              INTEGER NOT NULL,
  product_id            INTEGER REFERENCES products (id),
  refund_of_line        TEXT REFERENCES ticket_lines (id),
  -- Snapshots: the ticket keeps what it was sold at, whatever the catalogue says later.
  name                  TEXT NOT NULL,
  barcode               TEXT,
  unit                  TEXT NOT NULL CHECK (unit IN ('piece', 'kg')),
  category_id           INTEGER,
  category              TEXT,
  vat_rate_bp           INTEGER NOT NULL,
  unit_price            INTEGER NOT NULL,
  quantity              INTEGER NOT NULL CHECK (quantity <> 0),
  price_override        INTEGER,
  price_override_by     INTEGER REFERENCES users (id),
  discount              TEXT CHECK (discount IS NULL OR json_valid(discount)),
  gross                 INTEGER,
  line_discount         INTEGER,
  amount                INTEGER,
  ticket_discount_share INTEGER,
  net                   INTEGER,
  UNIQUE (ticket_id, position)
) STRICT;
CREATE INDEX ticket_lines_refund_of ON ticket_lines (refund_of_line);
CREATE TRIGGER ticket_lines_closed_insert BEFORE INSERT ON ticket_lines
WHEN (SELECT status FROM tickets WHERE id = NEW.ticket_id) <> 'draft' BEGIN
  SELECT RAISE(ABORT, 'a paid or cancelled ticket is append-only');
END;
CREATE TRIGGER ticket_lines_closed_update BEFORE UPDATE ON ticket_lines
WHEN (SELECT status FROM tickets WHERE id = OLD.ticket_id) <> 'draft'
  OR (SELECT status FROM tickets WHERE id = NEW.ticket_id) <> 'draft' BEGIN
  SELECT RAISE(ABORT, 'a paid or cancelled ticket is append-only');
END;
CREATE TRIGGER ticket_lines_closed_delete BEFORE DELETE ON ticket_lines
WHEN (SELECT status FROM tickets WHERE id = OLD.ticket_id) <> 'draft' BEGIN
  SELECT RAISE(ABORT, 'a paid or cancelled ticket is append-only');
END;

CREATE TABLE payments (
  id         TEXT PRIMARY KEY,
  ticket_id  TEXT NOT NULL REFERENCES tickets (id),
  method     TEXT NOT NULL,
  amount     INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX payments_ticket ON payments (ticket_id);
CREATE TRIGGER payments_closed_insert BEFORE INSERT ON payments
WHEN (SELECT status FROM tickets WHERE id = NEW.ticket_id) <> 'draft' BEGIN
  SELECT RAISE(ABORT, 'a paid or cancelled ticket is append-only');
END;
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments BEGIN
  SELECT RAISE(ABORT, 'payments are append-only');
END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments BEGIN
  SELECT RAISE(ABORT, 'payments are append-only');
END;

-- Stock is a ledger of deltas, never an absolute overwrite (see DESIGN.md, Sync).
CREATE TABLE stock_moves (
  id         TEXT PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id),
  quantity   INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'delivery', 'waste', 'count')),
  ticket_id  TEXT REFERENCES tickets (id),
  user_id    INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX stock_moves_product ON stock_moves (product_id);
CREATE TRIGGER stock_moves_no_update BEFORE UPDATE ON stock_moves BEGIN
  SELECT RAISE(ABORT, 'stock moves are append-only');
END;
CREATE TRIGGER stock_moves_no_delete BEFORE DELETE ON stock_moves BEGIN
  SELECT RAISE(ABORT, 'stock moves are append-only');
END;
