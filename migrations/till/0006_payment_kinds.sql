-- Belgian cash rounding by payment kind, and refund VAT as the sale's own. Past rows keep their
-- values: a payment written before has no kind (its method's cash flag told it then) and no
-- rounding of its own (the ticket's rounding was on cash), a ticket no stored VAT (its VAT is
-- computed from its lines, as it was printed).

-- What the method was when paid: coins and notes, card, voucher, transfer or other.
ALTER TABLE payments ADD COLUMN kind TEXT
  CHECK (kind IS NULL OR kind IN ('cash', 'card', 'voucher', 'transfer', 'other'));
-- This payment's part of the ticket's rounding: the Z report counts rounding per kind.
ALTER TABLE payments ADD COLUMN rounding INTEGER NOT NULL DEFAULT 0;

-- The VAT per rate the receipt showed, [{"rateBp","gross","vat","net"}]: a refund's VAT is the
-- difference of the sale's cumulative refunded VAT, not always the VAT of its own total.
ALTER TABLE tickets ADD COLUMN vat TEXT CHECK (vat IS NULL OR json_valid(vat));
-- What vouchers paid beyond the due and the coop kept: a voucher gives no change.
ALTER TABLE tickets ADD COLUMN voucher_excess INTEGER NOT NULL DEFAULT 0;
-- Paid while the coop rounded every method: its receipt carries the legal notice, reprints too.
ALTER TABLE tickets ADD COLUMN rounded_all INTEGER NOT NULL DEFAULT 0 CHECK (rounded_all IN (0, 1));
