CREATE TABLE users (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  role       TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
  -- scrypt$N$r$p$salt$hash: a slow hash, never the PIN itself.
  pin_hash   TEXT NOT NULL CHECK (pin_hash LIKE 'scrypt$%'),
  active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

-- Settings are JSON values under dotted keys (till.name, shop.header, payment.methods...).
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT, WITHOUT ROWID;
