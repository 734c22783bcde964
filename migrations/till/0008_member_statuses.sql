-- Members in each coop's own words. The status column was held to La Louve's six words by a
-- CHECK; a coop's statuses now live in a table of their own, with whether each may shop and, if
-- not, how hard the till blocks: soft (the cashier acknowledges a warning) or hard (a manager
-- approves). A status missing from the table is the till's business (may not shop, soft), not
-- the schema's: a member pulled or imported with a new word is never refused.
CREATE TABLE member_statuses (
  code       TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
  label_fr   TEXT NOT NULL CHECK (length(label_fr) > 0),
  label_nl   TEXT NOT NULL CHECK (length(label_nl) > 0),
  label_en   TEXT NOT NULL CHECK (length(label_en) > 0),
  may_shop   INTEGER NOT NULL CHECK (may_shop IN (0, 1)),
  block      TEXT CHECK (block IN ('soft', 'hard')),
  updated_at TEXT NOT NULL,
  -- A block only for a status that may not shop, and always one.
  CHECK ((may_shop = 1) = (block IS NULL))
) STRICT, WITHOUT ROWID;

-- Obeesdoo (BEES coop) and La Louve; both name alert, exempted, suspended and unsubscribed alike.
INSERT INTO member_statuses (code, label_fr, label_nl, label_en, may_shop, block, updated_at) VALUES
  ('ok',            'À jour',             'In orde',                'Up to date',        1, NULL,   '2026-11-28T00:00:00.000Z'),
  ('up_to_date',    'À jour',             'In orde',                'Up to date',        1, NULL,   '2026-11-28T00:00:00.000Z'),
  ('alert',         'En alerte',          'Waarschuwing',           'Alert',             1, NULL,   '2026-11-28T00:00:00.000Z'),
  ('extension',     'Délai accordé',      'Uitstel',                'Extension granted', 1, NULL,   '2026-11-28T00:00:00.000Z'),
  ('delay',         'Délai accordé',      'Uitstel',                'Extension granted', 1, NULL,   '2026-11-28T00:00:00.000Z'),
  ('exempted',      'Exempté',            'Vrijgesteld',            'Exempt',            1, NULL,   '2026-11-28T00:00:00.000Z'),
  ('suspended',     'Suspendu',           'Geschorst',              'Suspended',         0, 'soft', '2026-11-28T00:00:00.000Z'),
  ('holiday',       'En congé',           'Met verlof',             'On leave',          0, 'soft', '2026-11-28T00:00:00.000Z'),
  ('vacation',      'En vacances',        'Met vakantie',           'On vacation',       0, 'soft', '2026-11-28T00:00:00.000Z'),
  ('resigning',     'Démission en cours', 'Uitschrijving lopend',   'Resigning',         0, 'soft', '2026-11-28T00:00:00.000Z'),
  ('unsubscribed',  'Désinscrit',         'Uitgeschreven',          'Unsubscribed',      0, 'hard', '2026-11-28T00:00:00.000Z'),
  ('blocked',       'Bloqué',             'Geblokkeerd',            'Blocked',           0, 'hard', '2026-11-28T00:00:00.000Z'),
  ('unpayed',       'Parts non payées',   'Aandelen niet betaald',  'Shares unpaid',     0, 'hard', '2026-11-28T00:00:00.000Z'),
  ('not_concerned', 'Non concerné',       'Niet betrokken',         'Not a member',      0, 'hard', '2026-11-28T00:00:00.000Z');

-- The members table is rebuilt without the CHECK (SQLite cannot drop one in place). Tickets point
-- at members: their foreign keys are deferred to the commit, by which time every member is back
-- under the same id; a migration that lost one would fail there, and change nothing.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE members_before_rebuild AS SELECT * FROM main.members;
DROP TABLE main.members;
CREATE TABLE members (
  id                INTEGER PRIMARY KEY,
  number            TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  card_barcode      TEXT UNIQUE,
  -- The coop's own word, looked up in member_statuses.
  status            TEXT NOT NULL,
  -- "May shop anyway" (La Louve's force_customer): whatever the status says.
  may_shop_override INTEGER NOT NULL DEFAULT 0 CHECK (may_shop_override IN (0, 1)),
  -- The household: how many shop on the card (the member included), and the names the coop keeps.
  eaters            INTEGER NOT NULL DEFAULT 1 CHECK (eaters >= 0),
  eater_names       TEXT NOT NULL DEFAULT '[]'
                    CHECK (json_valid(eater_names) AND json_type(eater_names) = 'array'),
  -- An associated person with a card of their own: the card is the member's, and so is the status.
  member_of         INTEGER REFERENCES members (id),
  updated_at        TEXT NOT NULL,
  CHECK (member_of IS NULL OR member_of <> id)
) STRICT;
CREATE INDEX members_member_of ON members (member_of);
INSERT INTO members (id, number, name, card_barcode, status, eaters, updated_at)
  SELECT id, number, name, card_barcode, status, eaters, updated_at FROM members_before_rebuild;
DROP TABLE temp.members_before_rebuild;
