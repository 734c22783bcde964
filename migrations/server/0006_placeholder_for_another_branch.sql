-- Placeholder on the counts branch only: migrations must be numbered without gaps, and this
-- branch was given 0008. Delete at merge, where another branch's 0006 takes this place.
SELECT 1;
