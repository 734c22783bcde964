-- Inventory counts by zone with several counters at once, and losses. Replaces 0001's
-- inventory_counts (one product counted by the admin token): its rows become applied lines of
-- inventories of their own, so that one way of counting remains. Quantities are thousandths of
-- the product's unit, money integer cents, times UTC ISO strings.

-- An inventory: a manager opens it for a zone; counters scan; a manager applies or cancels it.
CREATE TABLE inventories (
  id              serial PRIMARY KEY,
  -- NULL only for a count of before 0008, which was of one product and no zone.
  zone            text CHECK (zone ~ '^[A-Za-z0-9 _.-]{1,40}$'),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'applied', 'cancelled')),
  -- How far counters may disagree before a line goes to a recount: ±1 unit or 5 % by default.
  tolerance_units integer NOT NULL DEFAULT 1000 CHECK (tolerance_units >= 0),
  tolerance_bp    integer NOT NULL DEFAULT 500 CHECK (tolerance_bp BETWEEN 0 AND 10000),
  opened_at       text NOT NULL,
  opened_by       integer REFERENCES people (id),
  closed_at       text,
  closed_by       integer REFERENCES people (id),
  CONSTRAINT inventories_closed_when CHECK ((status = 'open') = (closed_at IS NULL))
);
-- One open count per zone (and so per product, which the scans check across zones).
CREATE UNIQUE INDEX inventories_open_zone ON inventories (zone) WHERE status = 'open';

-- Every scan of a counter, as its `count.scan` stock event brought it (applied once by UUID).
CREATE TABLE inventory_scans (
  id           bigserial PRIMARY KEY,
  inventory_id integer NOT NULL REFERENCES inventories (id),
  product_id   integer NOT NULL REFERENCES products (id),
  -- The first pass is blind; a line whose counters disagree is counted again ('recount').
  pass         text NOT NULL CHECK (pass IN ('first', 'recount')),
  -- Who counted: 'person:<id>' when signed in, else 'device:<id>'; each one's scans add up.
  counter      text NOT NULL CHECK (counter ~ '^(person|device):[A-Za-z0-9_-]{1,64}$'),
  quantity     integer NOT NULL CHECK (quantity BETWEEN 0 AND 10000000),
  best_before  text CHECK (best_before ~ '^\d{4}-\d{2}-\d{2}$'),
  event_uuid   uuid NOT NULL UNIQUE REFERENCES stock_events (uuid),
  person_id    integer REFERENCES people (id),
  at           text NOT NULL,
  -- A scan is never deleted: the counter's `count.undo` event marks it undone.
  undone_by    uuid UNIQUE REFERENCES stock_events (uuid)
);
CREATE INDEX inventory_scans_line ON inventory_scans (inventory_id, product_id);
CREATE INDEX inventory_scans_product ON inventory_scans (product_id);

-- The journal of applied counts: per product, what was counted and when, what the ledger held
-- then, and the adjustment booked (with its later revisions when late sales arrived). The
-- moves themselves are in stock_moves, kind 'adjustment', ref 'inventory:<id>'.
CREATE TABLE inventory_lines (
  inventory_id integer NOT NULL REFERENCES inventories (id),
  -- No reference to products: 0001's counts named products that need not exist.
  product_id   integer NOT NULL,
  counted      integer NOT NULL,
  counted_at   text NOT NULL,
  expected     integer NOT NULL,
  adjustment   integer NOT NULL,
  unit_cost    integer CHECK (unit_cost >= 0),
  applied_at   text NOT NULL,
  applied_by   integer REFERENCES people (id),
  revised_at   text,
  PRIMARY KEY (inventory_id, product_id)
);
CREATE INDEX inventory_lines_product ON inventory_lines (product_id, counted_at);

-- 0001's counts, each an applied inventory of its own, with its adjustment as it was booked.
WITH old AS (
  SELECT c.*, nextval(pg_get_serial_sequence('inventories', 'id'))::int AS inventory_id
    FROM inventory_counts c
), made AS (
  INSERT INTO inventories (id, zone, status, opened_at, closed_at)
  SELECT inventory_id, NULL, 'applied', at, created_at FROM old RETURNING id
)
INSERT INTO inventory_lines (inventory_id, product_id, counted, counted_at, expected, adjustment,
                             applied_at)
SELECT inventory_id, product_id, counted, at, counted - adjustment, adjustment, created_at FROM old;
DROP TABLE inventory_counts;

-- Losses: what left the shelf without a sale, valued at cost when it left.
CREATE TABLE losses (
  id          bigserial PRIMARY KEY,
  event_uuid  uuid NOT NULL UNIQUE REFERENCES stock_events (uuid),
  product_id  integer NOT NULL REFERENCES products (id),
  quantity    integer NOT NULL CHECK (quantity BETWEEN 1 AND 10000000),
  reason      text NOT NULL
    CHECK (reason IN ('breakage', 'expiry', 'theft', 'internal_use', 'donation')),
  -- The cost per unit then, and the value lost in cents; NULL when the product has no cost yet.
  unit_cost   integer CHECK (unit_cost >= 0),
  value       integer,
  best_before text CHECK (best_before ~ '^\d{4}-\d{2}-\d{2}$'),
  note        text CHECK (length(note) <= 500),
  zone        text,
  person_id   integer REFERENCES people (id),
  at          text NOT NULL
);
CREATE INDEX losses_at ON losses (at);
