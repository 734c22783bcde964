-- Each user's own language (null: the till's), and the badge a user may scan to sign in instead
-- of choosing their name: a code of the nomenclature's `cashier` rule, one user's alone.
ALTER TABLE users ADD COLUMN locale TEXT CHECK (locale IN ('fr-BE', 'nl-BE', 'en'));
ALTER TABLE users ADD COLUMN badge TEXT CHECK (length(badge) BETWEEN 1 AND 64);
CREATE UNIQUE INDEX users_badge ON users (badge) WHERE badge IS NOT NULL;
