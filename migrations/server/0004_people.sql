-- People on the server: the accounts the web apps sign in to and, by pull, the tills' users.
-- (Reserved number on this branch: 0003 locally; the lead renumbers it at merge.)
-- Secrets are argon2id hashes only; a person is disabled, never deleted, so that every past
-- change and session keeps who did it.
CREATE TABLE people (
  id            serial PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  locale        text NOT NULL DEFAULT 'fr-BE' CHECK (locale IN ('fr-BE', 'nl-BE', 'en')),
  badge         text CHECK (badge ~ '^[A-Za-z0-9]{1,64}$'),
  roles         text[] NOT NULL
    CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'manager', 'stock', 'cashier']),
  pin_hash      text CHECK (pin_hash LIKE '$argon2id$%'),
  -- The same PIN in the tills' format (scrypt, as their users table requires since their
  -- migration 0002), made when the PIN is set: the tills verify it offline after a pull.
  till_pin_hash text CHECK (till_pin_hash LIKE 'scrypt$%'),
  password_hash text CHECK (password_hash LIKE '$argon2id$%'),
  disabled_at   text,
  -- Wrong sign-ins in a row, and the end of the lockout they caused.
  failures      integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until  text,
  created_at    text NOT NULL,
  updated_at    text NOT NULL,
  -- The tills pull people as their users: each change takes the catalogue's next number.
  version       bigint NOT NULL DEFAULT nextval('catalog_version'),
  CHECK ((pin_hash IS NULL) = (till_pin_hash IS NULL))
);
CREATE INDEX people_version ON people (version);
-- Names sign a person in at the office: one name, one person, whatever its case.
CREATE UNIQUE INDEX people_name ON people (lower(name));
CREATE UNIQUE INDEX people_badge ON people (badge) WHERE badge IS NOT NULL;

-- Every change to a person: what changed (secrets only as "set"), who did it and when. Who is a
-- signed-in person, or the admin token (scripts), or the command line (the first admin).
CREATE TABLE people_changes (
  id         bigserial PRIMARY KEY,
  person_id  integer NOT NULL REFERENCES people (id),
  by_person  integer REFERENCES people (id),
  by_other   text CHECK (by_other IN ('admin_token', 'command_line')),
  at         text NOT NULL,
  change     jsonb NOT NULL CHECK (jsonb_typeof(change) = 'object'),
  CHECK ((by_person IS NULL) <> (by_other IS NULL))
);
CREATE INDEX people_changes_person ON people_changes (person_id, id);

-- Web sessions: the cookie holds a random id; only its SHA-256 is kept.
CREATE TABLE web_sessions (
  id_hash      text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  person_id    integer NOT NULL REFERENCES people (id),
  app          text NOT NULL CHECK (app IN ('office', 'hand')),
  created_at   text NOT NULL,
  last_seen_at text NOT NULL,
  ended_at     text
);
CREATE INDEX web_sessions_person ON web_sessions (person_id) WHERE ended_at IS NULL;
