-- Purchase orders and receptions: what a buyer ordered from a supplier, what a volunteer found
-- in the delivery, and the barcodes nobody knew. Quantities are thousandths of the product's
-- unit (piece or kg), money is integer cents per sale unit, times are UTC ISO strings.

CREATE TABLE purchase_orders (
  id          serial PRIMARY KEY,
  supplier_id integer NOT NULL REFERENCES suppliers (id),
  -- draft: the buyer edits it, sent: the supplier has it, partly_received: a delivery came short
  -- and the rest stays on order, received: all of it came (or what is short was closed),
  -- closed: nothing more is expected.
  status      text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'sent', 'partly_received', 'received', 'closed')),
  created_at  text NOT NULL,
  created_by  integer REFERENCES people (id),
  sent_at     text,
  sent_by     integer REFERENCES people (id),
  -- The address it was mailed to, or NULL when the buyer downloaded it to send it themselves.
  sent_to     text,
  closed_at   text,
  CHECK ((status = 'draft') = (sent_at IS NULL))
);
CREATE INDEX purchase_orders_supplier ON purchase_orders (supplier_id, status);

CREATE TABLE purchase_order_lines (
  id           serial PRIMARY KEY,
  order_id     integer NOT NULL REFERENCES purchase_orders (id),
  product_id   integer NOT NULL REFERENCES products (id),
  supplier_code text,
  pack_size    integer NOT NULL CHECK (pack_size > 0),
  quantity     integer NOT NULL CHECK (quantity > 0 AND quantity <= 1000000000),
  unit_cost    integer NOT NULL CHECK (unit_cost >= 0),
  received     integer NOT NULL DEFAULT 0 CHECK (received >= 0),
  -- What is short was given up on (closed) instead of staying on order as a backorder.
  short_closed boolean NOT NULL DEFAULT false,
  -- Why the suggestion said so, in numbers and words, NULL for a line the buyer added.
  explanation  jsonb,
  UNIQUE (order_id, product_id)
);

-- A delivery being received: its id is the device's own (a UUID), so the handheld can name it
-- before the server answers. With or without a purchase order.
CREATE TABLE receptions (
  id           uuid PRIMARY KEY,
  order_id     integer REFERENCES purchase_orders (id),
  supplier_id  integer REFERENCES suppliers (id),
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'validated')),
  opened_at    text NOT NULL,
  opened_by    integer REFERENCES people (id),
  validated_at text,
  validated_by integer REFERENCES people (id),
  -- 'backorder': what is short stays on order, 'close': it is given up on.
  shortages    text CHECK (shortages IN ('backorder', 'close')),
  CHECK ((status = 'validated') = (validated_at IS NOT NULL))
);
CREATE UNIQUE INDEX receptions_open_order ON receptions (order_id) WHERE status = 'open';

-- Each scan or typed line of a delivery, summed per product when the reception is validated.
CREATE TABLE reception_lines (
  id           bigserial PRIMARY KEY,
  reception_id uuid NOT NULL REFERENCES receptions (id),
  product_id   integer NOT NULL REFERENCES products (id),
  quantity     integer NOT NULL CHECK (quantity >= 0 AND quantity <= 1000000000),
  unit_cost    integer CHECK (unit_cost >= 0),
  -- The ordered product this one came instead of.
  substitutes  integer REFERENCES products (id),
  event_uuid   uuid NOT NULL REFERENCES stock_events (uuid)
);
CREATE INDEX reception_lines_reception ON reception_lines (reception_id);

-- What validating found, per product: the outcome the buyer and the supplier talk about.
CREATE TABLE reception_results (
  reception_id uuid NOT NULL REFERENCES receptions (id),
  product_id   integer NOT NULL REFERENCES products (id),
  outcome      text NOT NULL
    CHECK (outcome IN ('ok', 'short', 'over', 'missing', 'substituted', 'unexpected')),
  ordered      integer NOT NULL CHECK (ordered >= 0),
  received     integer NOT NULL CHECK (received >= 0),
  ordered_cost integer CHECK (ordered_cost >= 0),
  unit_cost    integer CHECK (unit_cost >= 0),
  PRIMARY KEY (reception_id, product_id)
);

-- A barcode scanned at receiving that no product has: kept here for someone to resolve, never
-- made into a product silently, and never moving stock until it is.
CREATE TABLE unknown_barcodes (
  id           serial PRIMARY KEY,
  barcode      text NOT NULL CHECK (barcode ~ '^[0-9A-Za-z-]{1,64}$'),
  reception_id uuid REFERENCES receptions (id),
  quantity     integer NOT NULL CHECK (quantity >= 0),
  seen_at      text NOT NULL,
  seen_by      integer REFERENCES people (id),
  event_uuid   uuid NOT NULL REFERENCES stock_events (uuid),
  resolved_at  text,
  resolved_by  integer REFERENCES people (id),
  resolved_product_id integer REFERENCES products (id)
);
CREATE INDEX unknown_barcodes_open ON unknown_barcodes (seen_at) WHERE resolved_at IS NULL;

-- How the server mails (orders to suppliers): one row, kept on the server only (the settings
-- table is pulled by every till, and an SMTP password has no business there).
CREATE TABLE mail_settings (
  id       integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  host     text NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
  port     integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
  secure   boolean NOT NULL DEFAULT false,
  username text,
  password text,
  sender   text NOT NULL CHECK (sender ~ '^[^@\s]+@[^@\s]+$'),
  updated_at text NOT NULL
);


-- Suggestions read every product's sales of the last days: found by time, not by a scan of
-- years of the ledger.
CREATE INDEX stock_moves_at ON stock_moves (at);
