-- The back office's catalogue work: who changed what on a product or a category, and when
-- (price_history says only when a price changed), and each bulk price change applied once under
-- the operation id its page made. Times UTC ISO strings, money integer cents.

-- One row per field changed: never updated nor deleted (the database refuses it).
CREATE TABLE catalogue_changes (
  id           bigserial PRIMARY KEY,
  product_id   integer REFERENCES products (id),
  category_id  integer REFERENCES categories (id),
  field        text NOT NULL,
  old_value    jsonb,
  new_value    jsonb,
  -- The bulk price change it belongs to, if any.
  operation_id uuid,
  at           text NOT NULL,
  by_person    integer REFERENCES people (id),
  CHECK ((product_id IS NULL) <> (category_id IS NULL))
);
CREATE INDEX catalogue_changes_product ON catalogue_changes (product_id, at);
CREATE INDEX catalogue_changes_category ON catalogue_changes (category_id, at);

CREATE FUNCTION catalogue_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'catalogue_changes is append-only: a change is recorded, never rewritten'; END
$$;
CREATE TRIGGER catalogue_changes_append_only BEFORE UPDATE OR DELETE ON catalogue_changes
  FOR EACH ROW EXECUTE FUNCTION catalogue_changes_append_only();

-- A bulk price change, applied once: a double click or a request sent again finds its id here
-- and gets the same answer.
CREATE TABLE bulk_price_operations (
  id        uuid PRIMARY KEY,
  request   jsonb NOT NULL,
  result    jsonb NOT NULL,
  at        text NOT NULL,
  by_person integer REFERENCES people (id)
);
