-- A till's events are keyed by till, instance and sequence. An instance is one till database
-- (a UUID the till makes when the database is created): a till enrolled anew on a fresh database
-- starts an instance of its own at sequence 1 and its sales are booked; a copy restored from a
-- backup re-uses its instance's sequence numbers for other events, and is held as a fork for the
-- admin to review instead of being acked as if the server had those events.

-- Where each instance's sequence and journal chain stand. fork_seq is set while a fork waits for
-- review: the first sequence at which the instance sent another event than the one held.
CREATE TABLE till_instances (
  till_id          integer NOT NULL REFERENCES tills (id),
  instance         uuid NOT NULL,
  last_seq         integer NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  last_journal_seq integer NOT NULL DEFAULT 0,
  last_hash        text NOT NULL DEFAULT repeat('0', 64),
  first_push_at    text NOT NULL,
  fork_seq         integer CHECK (fork_seq >= 1),
  fork_at          text,
  PRIMARY KEY (till_id, instance)
);

-- What tills pushed before instances is held under the nil UUID, the instance older tills keep.
INSERT INTO till_instances (till_id, instance, last_seq, last_journal_seq, last_hash, first_push_at)
SELECT id, '00000000-0000-0000-0000-000000000000', last_seq, last_journal_seq, last_hash,
       coalesce(last_push_at, created_at)
  FROM tills WHERE last_seq > 0;

ALTER TABLE events ADD COLUMN instance uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
ALTER TABLE events ALTER COLUMN instance DROP DEFAULT;
ALTER TABLE events DROP CONSTRAINT events_till_id_seq_key;
ALTER TABLE events ADD CONSTRAINT events_till_instance_seq UNIQUE (till_id, instance, seq);
-- A Z report is checked against its session's booked documents.
CREATE INDEX events_session ON events (till_id, (document->>'sessionId'));

-- The quarantine holds refused events (kind 'refused'), a fork's events (kind 'fork', kept for
-- the admin's review, each once; accepted_at is set when the admin accepts the fork) and events
-- whose MAC does not hold (kind 'unauthenticated': edited on the way, or not from the till; they
-- take no place in the till's sequence, so that the genuine event is booked when it comes).
ALTER TABLE quarantine ADD COLUMN instance uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
ALTER TABLE quarantine ALTER COLUMN instance DROP DEFAULT;
ALTER TABLE quarantine ADD COLUMN kind text NOT NULL DEFAULT 'refused'
  CHECK (kind IN ('refused', 'fork', 'unauthenticated'));
ALTER TABLE quarantine ADD COLUMN accepted_at text;
ALTER TABLE quarantine DROP CONSTRAINT quarantine_pkey;
ALTER TABLE quarantine ADD COLUMN id bigserial PRIMARY KEY;
CREATE UNIQUE INDEX quarantine_refused ON quarantine (till_id, instance, seq) WHERE kind = 'refused';
CREATE UNIQUE INDEX quarantine_fork ON quarantine (till_id, instance, event_id) WHERE kind = 'fork';
CREATE INDEX quarantine_unauthenticated ON quarantine (till_id, instance, seq)
  WHERE kind = 'unauthenticated';

-- The key a till's events are authenticated under (HMAC-SHA-256), made at each enrolment and
-- given to the till once, in the enrolment's answer. A till enrolled before has none.
ALTER TABLE tills ADD COLUMN mac_key text;
