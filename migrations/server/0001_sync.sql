-- The central server: tills and their credentials, what they pushed, the books derived from it,
-- and the catalogue they pull. Times are UTC ISO strings, as the tills write them.

-- Server-wide values (the admin token's hash).
CREATE TABLE server_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- A till, its one-time enrolment code and its token: both kept only as SHA-256 hashes. The chain
-- columns say where the till's journal stands on the server.
CREATE TABLE tills (
  id               serial PRIMARY KEY,
  name             text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  enrol_code_hash  text UNIQUE,
  enrol_expires_at text,
  token_hash       text UNIQUE,
  created_at       text NOT NULL,
  enrolled_at      text,
  revoked_at       text,
  last_seq         integer NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  last_journal_seq integer NOT NULL DEFAULT 0,
  last_hash        text NOT NULL DEFAULT repeat('0', 64),
  last_push_at     text
);

-- Every outbox event accepted from a till: applied exactly once (its id, and its per-till seq).
CREATE TABLE events (
  id          uuid PRIMARY KEY,
  till_id     integer NOT NULL REFERENCES tills (id),
  seq         integer NOT NULL,
  type        text NOT NULL,
  journal_seq integer NOT NULL,
  hash        text NOT NULL,
  document    jsonb NOT NULL,
  created_at  text NOT NULL,
  received_at text NOT NULL,
  UNIQUE (till_id, seq)
);

-- Events that did not verify: kept with the reason for the admin, nothing of them in the books.
CREATE TABLE quarantine (
  till_id     integer NOT NULL REFERENCES tills (id),
  seq         integer NOT NULL,
  event_id    text NOT NULL,
  type        text NOT NULL,
  payload     jsonb NOT NULL,
  reason      text NOT NULL,
  received_at text NOT NULL,
  PRIMARY KEY (till_id, seq)
);

-- Paid tickets and refunds, one row each, for the sales figures by till and by day.
CREATE TABLE tickets (
  id         text NOT NULL,
  till_id    integer NOT NULL REFERENCES tills (id),
  event_id   uuid NOT NULL REFERENCES events (id),
  kind       text NOT NULL CHECK (kind IN ('sale', 'refund')),
  number     integer,
  session_id text NOT NULL,
  closed_at  text NOT NULL,
  day        text NOT NULL,
  total      integer NOT NULL,
  rounding   integer NOT NULL,
  due        integer NOT NULL,
  PRIMARY KEY (till_id, id)
);
CREATE INDEX tickets_day ON tickets (day, till_id);

-- Till sessions: opened, then closed with their Z report.
CREATE TABLE sessions (
  id        text NOT NULL,
  till_id   integer NOT NULL REFERENCES tills (id),
  opened_at text NOT NULL,
  day       text NOT NULL,
  closed_at text,
  z_report  jsonb,
  PRIMARY KEY (till_id, id)
);
CREATE INDEX sessions_day ON sessions (day, till_id);

-- The stock ledger: deltas only (sale -qty, refund +qty, delivery, waste, count adjustment).
CREATE TABLE stock_moves (
  id         bigserial PRIMARY KEY,
  product_id integer NOT NULL,
  quantity   integer NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('sale', 'refund', 'delivery', 'waste', 'adjustment')),
  till_id    integer REFERENCES tills (id),
  ref        text,
  at         text NOT NULL
);
CREATE INDEX stock_moves_product ON stock_moves (product_id, at);

-- Inventory counts: what was on the shelf at a time, turned into an adjustment in the ledger.
CREATE TABLE inventory_counts (
  id         bigserial PRIMARY KEY,
  product_id integer NOT NULL,
  counted    integer NOT NULL,
  at         text NOT NULL,
  adjustment integer NOT NULL,
  created_at text NOT NULL
);

-- The catalogue. Every change takes the next number of one sequence (its version), and a
-- deletion leaves a tombstone, so that a till pulls exactly what changed since its cursor.
CREATE SEQUENCE catalog_version;

CREATE TABLE tax_rates (
  id      integer PRIMARY KEY,
  name    text NOT NULL,
  rate_bp integer NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  version bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX tax_rates_version ON tax_rates (version);

CREATE TABLE categories (
  id      integer PRIMARY KEY,
  name    text NOT NULL,
  name_nl text,
  version bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX categories_version ON categories (version);

CREATE TABLE products (
  id          integer PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) > 0),
  name_nl     text,
  category_id integer REFERENCES categories (id),
  tax_rate_id integer NOT NULL REFERENCES tax_rates (id),
  price       integer NOT NULL CHECK (price >= 0),
  unit        text NOT NULL CHECK (unit IN ('piece', 'kg')),
  active      boolean NOT NULL DEFAULT true,
  barcodes    text[] NOT NULL DEFAULT '{}',
  version     bigint NOT NULL,
  deleted     boolean NOT NULL DEFAULT false
);
CREATE INDEX products_version ON products (version);

-- Price history: a ticket keeps the price it was sold at; the back office sees when it changed.
CREATE TABLE price_history (
  product_id integer NOT NULL,
  price      integer NOT NULL,
  at         text NOT NULL
);
CREATE INDEX price_history_product ON price_history (product_id, at);

CREATE TABLE members (
  id           integer PRIMARY KEY,
  number       text NOT NULL UNIQUE,
  name         text NOT NULL,
  card_barcode text UNIQUE,
  status       text NOT NULL,
  eaters       integer NOT NULL DEFAULT 1 CHECK (eaters >= 0),
  version      bigint NOT NULL,
  deleted      boolean NOT NULL DEFAULT false
);
CREATE INDEX members_version ON members (version);

CREATE TABLE users (
  id       integer PRIMARY KEY,
  name     text NOT NULL UNIQUE,
  role     text NOT NULL CHECK (role IN ('cashier', 'manager')),
  pin_hash text NOT NULL CHECK (pin_hash LIKE 'scrypt$%'),
  active   boolean NOT NULL DEFAULT true,
  version  bigint NOT NULL,
  deleted  boolean NOT NULL DEFAULT false
);
CREATE INDEX users_version ON users (version);

-- Till settings and the barcode nomenclature (key 'nomenclature'), as JSON values.
CREATE TABLE settings (
  key     text PRIMARY KEY,
  value   jsonb NOT NULL,
  version bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX settings_version ON settings (version);
