-- Members in each coop's words, as the tills keep them since their migration 0008: the coop's
-- table of statuses (labels in three languages, may shop, and for a status that may not shop a
-- soft or hard block), pulled by every till; and the members' may-shop override, household names
-- and associated persons. Existing members keep their rows: no override, no names, no member_of.
CREATE TABLE member_statuses (
  code     text PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64),
  label_fr text NOT NULL CHECK (length(label_fr) > 0),
  label_nl text NOT NULL CHECK (length(label_nl) > 0),
  label_en text NOT NULL CHECK (length(label_en) > 0),
  may_shop boolean NOT NULL,
  block    text CHECK (block IN ('soft', 'hard')),
  version  bigint NOT NULL,
  deleted  boolean NOT NULL DEFAULT false,
  -- A block only for a status that may not shop, and always one.
  CHECK (may_shop = (block IS NULL))
);
CREATE INDEX member_statuses_version ON member_statuses (version);

-- The tills' own seed (Obeesdoo and La Louve), so that the back office starts from what they show.
INSERT INTO member_statuses (code, label_fr, label_nl, label_en, may_shop, block, version)
SELECT s.code, s.fr, s.nl, s.en, s.may_shop, s.block, nextval('catalog_version')
  FROM (VALUES
    (1,  'ok',            'À jour',             'In orde',               'Up to date',        true,  NULL),
    (2,  'up_to_date',    'À jour',             'In orde',               'Up to date',        true,  NULL),
    (3,  'alert',         'En alerte',          'Waarschuwing',          'Alert',             true,  NULL),
    (4,  'extension',     'Délai accordé',      'Uitstel',               'Extension granted', true,  NULL),
    (5,  'delay',         'Délai accordé',      'Uitstel',               'Extension granted', true,  NULL),
    (6,  'exempted',      'Exempté',            'Vrijgesteld',           'Exempt',            true,  NULL),
    (7,  'suspended',     'Suspendu',           'Geschorst',             'Suspended',         false, 'soft'),
    (8,  'holiday',       'En congé',           'Met verlof',            'On leave',          false, 'soft'),
    (9,  'vacation',      'En vacances',        'Met vakantie',          'On vacation',       false, 'soft'),
    (10, 'resigning',     'Démission en cours', 'Uitschrijving lopend',  'Resigning',         false, 'soft'),
    (11, 'unsubscribed',  'Désinscrit',         'Uitgeschreven',         'Unsubscribed',      false, 'hard'),
    (12, 'blocked',       'Bloqué',             'Geblokkeerd',           'Blocked',           false, 'hard'),
    (13, 'unpayed',       'Parts non payées',   'Aandelen niet betaald', 'Shares unpaid',     false, 'hard'),
    (14, 'not_concerned', 'Non concerné',       'Niet betrokken',        'Not a member',      false, 'hard')
  ) AS s(n, code, fr, nl, en, may_shop, block)
 ORDER BY s.n;

-- A member's link to their member is checked at the commit: an import in several statements may
-- name a member it writes later in the same transaction.
ALTER TABLE members
  ADD COLUMN may_shop_override boolean NOT NULL DEFAULT false,
  ADD COLUMN eater_names jsonb NOT NULL DEFAULT '[]'::jsonb
    CHECK (jsonb_typeof(eater_names) = 'array'),
  ADD COLUMN member_of integer REFERENCES members (id) DEFERRABLE INITIALLY DEFERRED
    CHECK (member_of IS NULL OR member_of <> id);
CREATE INDEX members_member_of ON members (member_of);
