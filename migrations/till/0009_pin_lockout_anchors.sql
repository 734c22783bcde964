-- Wrong PINs are counted in the database, so that a lockout holds across a restart and across
-- the command line and the running till.
CREATE TABLE pin_failures (
  user_id      INTEGER PRIMARY KEY REFERENCES users (id),
  failures     INTEGER NOT NULL CHECK (failures >= 1),
  locked_until TEXT
) STRICT;

-- The journal's last seq and hash, kept by a trigger in a second place: deleting the last
-- entries of the journal (its own triggers dropped) leaves this row saying how far it went.
-- It only moves forward.
CREATE TABLE journal_anchor (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  INTEGER NOT NULL CHECK (seq >= 0),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;
INSERT INTO journal_anchor (id, seq, hash)
SELECT 1, coalesce(max(seq), 0),
       coalesce((SELECT hash FROM journal ORDER BY seq DESC LIMIT 1), printf('%064d', 0))
  FROM journal;
CREATE TRIGGER journal_anchor_follows AFTER INSERT ON journal BEGIN
  UPDATE journal_anchor SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
END;
CREATE TRIGGER journal_anchor_forward BEFORE UPDATE ON journal_anchor
WHEN NEW.seq <= OLD.seq OR NEW.id <> OLD.id BEGIN
  SELECT RAISE(ABORT, 'the journal anchor only moves forward');
END;
CREATE TRIGGER journal_anchor_no_delete BEFORE DELETE ON journal_anchor BEGIN
  SELECT RAISE(ABORT, 'the journal anchor is never deleted');
END;

-- Search folds the ligatures French writes (Œufs, Bœuf, Ex æquo) to their letters, so that
-- "oeufs" finds "Œufs"; the query is folded the same way. Accents are folded by the tokenizer.
DROP TRIGGER products_search_insert;
DROP TRIGGER products_search_update;
DROP TRIGGER categories_search_update;
CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
  INSERT INTO products_search (rowid, name, name_nl, category)
  VALUES (NEW.id,
          replace(replace(replace(replace(NEW.name, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'),
          coalesce(NEW.name_nl, ''),
          coalesce((SELECT replace(replace(replace(replace(name || ' ' || coalesce(name_nl, ''),
                             'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')
                      FROM categories WHERE id = NEW.category_id), ''));
END;
CREATE TRIGGER products_search_update AFTER UPDATE OF name, name_nl, category_id ON products BEGIN
  UPDATE products_search
     SET name = replace(replace(replace(replace(NEW.name, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'),
         name_nl = coalesce(NEW.name_nl, ''),
         category = coalesce((SELECT replace(replace(replace(replace(name || ' ' || coalesce(name_nl, ''),
                                      'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')
                                FROM categories WHERE id = NEW.category_id), '')
   WHERE rowid = NEW.id;
END;
CREATE TRIGGER categories_search_update AFTER UPDATE OF name, name_nl ON categories BEGIN
  UPDATE products_search
     SET category = replace(replace(replace(replace(NEW.name || ' ' || coalesce(NEW.name_nl, ''),
                      'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')
   WHERE rowid IN (SELECT id FROM products WHERE category_id = NEW.id);
END;
UPDATE products_search
   SET name = replace(replace(replace(replace(name, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'),
       category = replace(replace(replace(replace(category, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE')
 WHERE name GLOB '*[œŒæÆ]*' OR category GLOB '*[œŒæÆ]*';
