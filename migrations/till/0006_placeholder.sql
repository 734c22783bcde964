-- A placeholder for the migration 0006 another branch adds: the runner refuses a gap, and this
-- branch's own migration is 0007. Dropped when the branches are merged.
SELECT 1;
