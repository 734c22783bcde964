-- This database's identity towards the server: a UUID made once, when the database is created.
-- The server keys a till's events by till, instance and sequence, so that a till enrolled anew on
-- a fresh database starts a history of its own (its sales are booked), while a copy restored
-- from a backup keeps the instance and, re-using its sequence numbers for other events, shows as
-- a fork instead of being silently taken for events already held. A database that already has
-- events keeps the nil UUID: the server holds its earlier events under that instance.
-- Its own table rather than a setting: a pull may write any setting the server sends.
CREATE TABLE till_instance (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  instance   TEXT NOT NULL CHECK (
    length(instance) = 36 AND instance = lower(instance)
    AND instance GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-*'),
  created_at TEXT NOT NULL
) STRICT;

INSERT INTO till_instance (id, instance, created_at)
SELECT 1,
  CASE WHEN EXISTS (SELECT 1 FROM outbox) THEN '00000000-0000-0000-0000-000000000000'
  ELSE substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-'
    || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12)
  END,
  strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM (SELECT lower(hex(randomblob(16))) AS h);

-- Made once: a changed instance would hide a restored copy, a removed one would stop the sync.
CREATE TRIGGER till_instance_no_update BEFORE UPDATE ON till_instance BEGIN
  SELECT RAISE(ABORT, 'the till instance is made once and never changed');
END;
CREATE TRIGGER till_instance_no_delete BEFORE DELETE ON till_instance BEGIN
  SELECT RAISE(ABORT, 'the till instance is made once and never changed');
END;
