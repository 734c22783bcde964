-- A sale price approved before the day it takes effect (a supplier's list effective next week)
-- waits as 'scheduled' and reaches the catalogue when its day comes; applied_at says when a
-- change reached the catalogue (the approval itself for one already due).
ALTER TABLE price_changes DROP CONSTRAINT price_changes_status_check;
ALTER TABLE price_changes ADD CONSTRAINT price_changes_status_check
  CHECK (status IN ('pending', 'scheduled', 'approved', 'rejected'));
ALTER TABLE price_changes ADD COLUMN applied_at text;
UPDATE price_changes SET applied_at = decided_at WHERE status = 'approved';
