-- The catalogue: pulled from the central server, which is its authority.
CREATE TABLE tax_rates (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  rate_bp    INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE categories (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  name_nl    TEXT,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE products (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) > 0),
  name_nl     TEXT,
  category_id INTEGER REFERENCES categories (id),
  tax_rate_id INTEGER NOT NULL REFERENCES tax_rates (id),
  price       INTEGER NOT NULL CHECK (price >= 0),
  unit        TEXT NOT NULL CHECK (unit IN ('piece', 'kg')),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX products_category ON products (category_id);

CREATE TABLE barcodes (
  code       TEXT PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX barcodes_product ON barcodes (product_id);

-- Accent-insensitive search by name (FR and NL) and category, kept in step with the tables by
-- triggers so that no writer can forget it. Barcodes are searched in their own table's index.
CREATE VIRTUAL TABLE products_search USING fts5 (
  name, name_nl, category,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);

CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
  INSERT INTO products_search (rowid, name, name_nl, category)
  VALUES (NEW.id, NEW.name, coalesce(NEW.name_nl, ''),
          coalesce((SELECT name || ' ' || coalesce(name_nl, '') FROM categories WHERE id = NEW.category_id), ''));
END;
CREATE TRIGGER products_search_update AFTER UPDATE OF name, name_nl, category_id ON products BEGIN
  UPDATE products_search
     SET name = NEW.name, name_nl = coalesce(NEW.name_nl, ''),
         category = coalesce((SELECT name || ' ' || coalesce(name_nl, '') FROM categories WHERE id = NEW.category_id), '')
   WHERE rowid = NEW.id;
END;
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
  DELETE FROM products_search WHERE rowid = OLD.id;
END;
CREATE TRIGGER categories_search_update AFTER UPDATE OF name, name_nl ON categories BEGIN
  UPDATE products_search SET category = NEW.name || ' ' || coalesce(NEW.name_nl, '')
   WHERE rowid IN (SELECT id FROM products WHERE category_id = NEW.id);
END;

CREATE TABLE members (
  id           INTEGER PRIMARY KEY,
  number       TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  card_barcode TEXT UNIQUE,
  -- The shift-status vocabulary of coop supermarkets (as in Odoo's coop modules).
  status       TEXT NOT NULL CHECK (status IN ('up_to_date', 'alert', 'delay', 'suspended', 'unsubscribed', 'exempted')),
  eaters       INTEGER NOT NULL DEFAULT 1 CHECK (eaters >= 0),
  updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE nomenclature_rules (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  type     TEXT NOT NULL CHECK (type IN ('product', 'weight', 'price', 'discount', 'member', 'cashier', 'tare')),
  encoding TEXT NOT NULL CHECK (encoding IN ('ean13', 'ean8', 'upca', 'any')),
  pattern  TEXT NOT NULL
) STRICT;
