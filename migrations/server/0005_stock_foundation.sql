-- Stock and purchasing, the ground every part of it stands on: what a product needs for stock
-- (net content, cost, zone), suppliers and what each sells us, the queue of sale prices that
-- wait for a manager, the shelf-label queue, and the stock events devices send exactly once.
-- Quantities are thousandths of the product's unit (piece or kg), money is integer cents.

-- Net content for the unit price (EU 98/6/EC): thousandths of content_unit, so 500 g is
-- (500000, 'g') or (500, 'kg') and 1.5 l is (1500, 'l'). Cost is per sale unit (piece or kg).
ALTER TABLE products
  ADD COLUMN net_content  integer CHECK (net_content > 0),
  ADD COLUMN content_unit text CHECK (content_unit IN ('g', 'kg', 'ml', 'l', 'piece')),
  ADD COLUMN cost_price   integer CHECK (cost_price >= 0),
  ADD COLUMN zone         text CHECK (zone ~ '^[A-Za-z0-9 _.-]{1,40}$'),
  ADD CONSTRAINT products_content_both CHECK ((net_content IS NULL) = (content_unit IS NULL));
CREATE INDEX products_zone ON products (zone) WHERE zone IS NOT NULL;

CREATE TABLE suppliers (
  id            serial PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email         text CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
  active        boolean NOT NULL DEFAULT true,
  -- Days from order to delivery, and between two orders: the cover a suggestion buys.
  lead_days     integer NOT NULL DEFAULT 2 CHECK (lead_days BETWEEN 0 AND 365),
  review_days   integer NOT NULL DEFAULT 7 CHECK (review_days BETWEEN 1 AND 365),
  safety_days   integer NOT NULL DEFAULT 2 CHECK (safety_days BETWEEN 0 AND 365),
  -- An order below the minimum is refused by the supplier; above free_delivery it ships free.
  minimum_order integer NOT NULL DEFAULT 0 CHECK (minimum_order >= 0),
  free_delivery integer CHECK (free_delivery >= 0),
  created_at    text NOT NULL,
  updated_at    text NOT NULL
);
CREATE UNIQUE INDEX suppliers_name ON suppliers (lower(name));

-- What a supplier sells us: their code, the pack we must buy (thousandths of the product's
-- unit), its cost per sale unit, and how many packs at least.
CREATE TABLE supplier_products (
  supplier_id   integer NOT NULL REFERENCES suppliers (id),
  product_id    integer NOT NULL REFERENCES products (id),
  supplier_code text NOT NULL CHECK (length(supplier_code) BETWEEN 1 AND 64),
  pack_size     integer NOT NULL DEFAULT 1000 CHECK (pack_size > 0),
  cost          integer NOT NULL CHECK (cost >= 0),
  minimum_packs integer NOT NULL DEFAULT 1 CHECK (minimum_packs >= 1),
  active        boolean NOT NULL DEFAULT true,
  updated_at    text NOT NULL,
  PRIMARY KEY (supplier_id, product_id)
);
CREATE UNIQUE INDEX supplier_products_code ON supplier_products (supplier_id, supplier_code);
CREATE INDEX supplier_products_product ON supplier_products (product_id);

-- A sale price waits here until a manager approves it (from a cost change, an import, a
-- delivery's new cost); approving it writes the catalogue and its price history.
CREATE TABLE price_changes (
  id             serial PRIMARY KEY,
  product_id     integer NOT NULL REFERENCES products (id),
  old_price      integer NOT NULL CHECK (old_price >= 0),
  new_price      integer NOT NULL CHECK (new_price >= 0),
  reason         text NOT NULL CHECK (reason IN ('cost', 'import', 'delivery', 'manual')),
  -- What caused it, in words a manager can follow (a supplier file, a reception, ...).
  source         text,
  effective_from text NOT NULL,
  status         text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at     text NOT NULL,
  created_by     integer REFERENCES people (id),
  decided_at     text,
  decided_by     integer REFERENCES people (id)
);
-- One waiting change per product: a newer suggestion replaces the one still pending.
CREATE UNIQUE INDEX price_changes_pending ON price_changes (product_id) WHERE status = 'pending';

-- Shelf labels to print: one waiting label per product, whatever changed how many times.
CREATE TABLE label_queue (
  id         bigserial PRIMARY KEY,
  product_id integer NOT NULL REFERENCES products (id),
  reason     text NOT NULL CHECK (reason IN ('price', 'content', 'name', 'manual', 'new')),
  queued_at  text NOT NULL,
  queued_by  integer REFERENCES people (id),
  printed_at text,
  printed_by integer REFERENCES people (id)
);
CREATE UNIQUE INDEX label_queue_waiting ON label_queue (product_id) WHERE printed_at IS NULL;

-- Every stock event a device sends (a handheld's scan, a reception line, a count, a loss): its
-- UUID and its place in the device's sequence make a re-send after a lost answer a no-op.
CREATE TABLE stock_events (
  uuid        uuid PRIMARY KEY,
  device_id   text NOT NULL CHECK (device_id ~ '^[A-Za-z0-9_-]{1,64}$'),
  device_seq  bigint NOT NULL CHECK (device_seq > 0),
  kind        text NOT NULL CHECK (kind ~ '^[a-z][a-z_.]{0,49}$'),
  payload     jsonb NOT NULL,
  person_id   integer REFERENCES people (id),
  -- The device's time of the act (a count is taken as of its scan), and when it reached us.
  at          text NOT NULL,
  received_at text NOT NULL,
  UNIQUE (device_id, device_seq)
);

-- The ledger learns which event and which person moved it, and the cost of what moved.
ALTER TABLE stock_moves
  ADD COLUMN event_uuid uuid REFERENCES stock_events (uuid),
  ADD COLUMN person_id  integer REFERENCES people (id),
  ADD COLUMN unit_cost  integer CHECK (unit_cost >= 0);
