-- A reception opened by mistake (the wrong order picked, a delivery that turned back) can be
-- cancelled until it is validated: it then moves no stock, frees its order for another
-- reception, and the codes nobody knew that it kept are put aside (never received later).
ALTER TABLE receptions DROP CONSTRAINT receptions_status_check;
ALTER TABLE receptions
  ADD CONSTRAINT receptions_status_check CHECK (status IN ('open', 'validated', 'cancelled'));
ALTER TABLE receptions ADD COLUMN cancelled_at text;
ALTER TABLE receptions ADD COLUMN cancelled_by integer REFERENCES people (id);
ALTER TABLE receptions
  ADD CONSTRAINT receptions_cancelled_at CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL));
