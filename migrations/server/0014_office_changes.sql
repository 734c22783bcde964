-- The back office's record of who changed a member, a member status or a setting, and when
-- (people have theirs since 0004); and when each till last pulled, so that an administrator
-- sees whether a setting changed has reached the tills.
CREATE TABLE office_changes (
  id          bigserial PRIMARY KEY,
  subject     text NOT NULL CHECK (subject IN ('member', 'member_status', 'setting')),
  subject_key text NOT NULL CHECK (length(subject_key) BETWEEN 1 AND 100),
  by_person   integer REFERENCES people (id),
  by_other    text CHECK (by_other IN ('admin_token', 'command_line')),
  at          text NOT NULL,
  change      jsonb NOT NULL CHECK (jsonb_typeof(change) = 'object'),
  CHECK ((by_person IS NULL) <> (by_other IS NULL))
);
CREATE INDEX office_changes_subject ON office_changes (subject, subject_key, id);

ALTER TABLE tills ADD COLUMN last_pull_at text;
