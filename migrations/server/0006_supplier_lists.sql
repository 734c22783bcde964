-- Suppliers' price lists: the column mapping each supplier's file needs, and every import kept
-- from its preview to its application, so that nothing applies unseen and an apply sent twice
-- applies once. The price history of 0001 stays the record of sale prices (nothing deletes from
-- it, so the 30 days a price reduction must look back over are always there).

-- Which column of the supplier's file holds what (code, barcode, name, cost, pack size, ...).
ALTER TABLE suppliers
  ADD COLUMN import_mapping jsonb,
  -- Taken by each applied import: a preview made on an older list is stale and is refused.
  ADD COLUMN list_version integer NOT NULL DEFAULT 0 CHECK (list_version >= 0);

CREATE TABLE supplier_imports (
  id             uuid PRIMARY KEY,
  supplier_id    integer NOT NULL REFERENCES suppliers (id),
  file_name      text CHECK (length(file_name) BETWEEN 1 AND 200),
  format         text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  line_count     integer NOT NULL CHECK (line_count >= 0),
  -- What the buyer saw: new links, changed costs, products gone, lines matching no product.
  preview        jsonb NOT NULL,
  -- The supplier's list as it stood when previewed (suppliers.list_version).
  basis_version  integer NOT NULL,
  created_at     text NOT NULL,
  created_by     integer REFERENCES people (id),
  applied_at     text,
  applied_by     integer REFERENCES people (id),
  effective_from text CHECK (effective_from ~ '^\d{4}-\d{2}-\d{2}$'),
  -- What the application did (links written, prices queued), returned again to a re-sent apply.
  result         jsonb,
  CONSTRAINT supplier_imports_applied_whole
    CHECK ((applied_at IS NULL) = (effective_from IS NULL) AND (applied_at IS NULL) = (result IS NULL))
);
CREATE INDEX supplier_imports_supplier ON supplier_imports (supplier_id, created_at);
