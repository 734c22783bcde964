-- The back office's figures on years of history: each product's cost through time (a margin is
-- taken at the cost of the day of sale, not today's), each product's sales per day and till
-- (maintained on push, read by the dashboard instead of every ticket's document), and each
-- product's stock on hand (maintained as the ledger grows). Money integer cents, quantities
-- thousandths of the product's unit, times UTC ISO strings.

-- Every cost a product had and from when. Written by the database whenever products.cost_price
-- changes, whatever part of the server changed it (a reception, a supplier's list, a manager).
CREATE TABLE cost_history (
  id         bigserial PRIMARY KEY,
  product_id integer NOT NULL,
  cost       integer NOT NULL CHECK (cost >= 0),
  at         text NOT NULL
);
CREATE INDEX cost_history_product ON cost_history (product_id, at);

CREATE FUNCTION record_cost() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.cost_price IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.cost_price IS DISTINCT FROM OLD.cost_price) THEN INSERT INTO cost_history (product_id, cost, at) VALUES (NEW.id, NEW.cost_price, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')); END IF; RETURN NULL; END
$$;

CREATE TRIGGER products_cost_history AFTER INSERT OR UPDATE OF cost_price ON products
  FOR EACH ROW EXECUTE FUNCTION record_cost();

-- The costs known today stand for every earlier day (there was no history before).
INSERT INTO cost_history (product_id, cost, at)
SELECT id, cost_price, '0000-01-01T00:00:00.000Z' FROM products WHERE cost_price IS NOT NULL;

-- What each product sold per day (the coop's day, as tickets.day) and till: quantity moved off
-- the shelf (refunds taken off), the lines' net with VAT and without, and the cost of the day of
-- sale of the lines whose product had a cost then (with their net without VAT, so that a margin
-- is never taken on lines of unknown cost).
CREATE TABLE product_sales_days (
  day           text NOT NULL,
  till_id       integer NOT NULL,
  product_id    integer NOT NULL,
  quantity      bigint NOT NULL,
  amount        bigint NOT NULL,
  amount_ex_vat bigint NOT NULL,
  costed_ex_vat bigint NOT NULL,
  cost          bigint NOT NULL,
  last_sold_at  text NOT NULL,
  PRIMARY KEY (day, till_id, product_id)
);
CREATE INDEX product_sales_days_product ON product_sales_days (product_id, day);

-- The sales already in the books, as a push would have added them.
INSERT INTO product_sales_days
SELECT t.day, t.till_id, l.product_id, sum(l.quantity), sum(l.net),
       sum(l.net - round(l.net::numeric * l.rate / (10000 + l.rate))),
       coalesce(sum(l.net - round(l.net::numeric * l.rate / (10000 + l.rate)))
                  FILTER (WHERE c.cost IS NOT NULL), 0),
       coalesce(sum(round(l.quantity::numeric * c.cost / 1000)), 0), max(t.closed_at)
  FROM tickets t JOIN events e ON e.id = t.event_id
 CROSS JOIN LATERAL (
   SELECT (x->>'productId')::int AS product_id,
          coalesce(-(x->>'stockDelta')::int, (x->>'quantity')::int) AS quantity,
          (x->>'net')::int AS net, (x->>'vatRateBp')::int AS rate
     FROM jsonb_array_elements(e.document->'lines') AS x
    WHERE x->>'productId' IS NOT NULL) l
  -- The cost of the day of sale; for a sale before the product's first cost, that first cost.
 CROSS JOIN LATERAL (
   SELECT coalesce(
     (SELECT h.cost FROM cost_history h WHERE h.product_id = l.product_id AND h.at <= t.closed_at
       ORDER BY h.at DESC, h.id DESC LIMIT 1),
     (SELECT h.cost FROM cost_history h WHERE h.product_id = l.product_id
       ORDER BY h.at, h.id LIMIT 1)) AS cost) c
 GROUP BY t.day, t.till_id, l.product_id;

-- Each product's stock on hand: the ledger's sum, kept as moves are written (the ledger only
-- grows: nothing updates or deletes a move).
CREATE TABLE stock_levels (
  product_id integer PRIMARY KEY,
  on_hand    bigint NOT NULL
);
INSERT INTO stock_levels SELECT product_id, sum(quantity) FROM stock_moves GROUP BY product_id;

CREATE FUNCTION add_stock_levels() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stock_levels (product_id, on_hand) SELECT product_id, sum(quantity) FROM new_moves GROUP BY product_id ON CONFLICT (product_id) DO UPDATE SET on_hand = stock_levels.on_hand + EXCLUDED.on_hand; RETURN NULL; END
$$;

CREATE TRIGGER stock_moves_levels AFTER INSERT ON stock_moves
  REFERENCING NEW TABLE AS new_moves FOR EACH STATEMENT EXECUTE FUNCTION add_stock_levels();

-- The tickets summed per UTC hour and till, kept on push (domain/dashboard.ts hourRows): the
-- dashboard of a period is a sum of these rows, read in the coop's time zone, instead of every
-- ticket's document. `hour` is the UTC hour, '2026-03-02T22'.
CREATE TABLE ticket_hours (
  hour           text NOT NULL,
  till_id        integer NOT NULL,
  sales          bigint NOT NULL,
  refunds        bigint NOT NULL,
  tickets        integer NOT NULL,
  refund_tickets integer NOT NULL,
  rounding       bigint NOT NULL,
  change_given   bigint NOT NULL,
  PRIMARY KEY (hour, till_id)
);
-- What each payment method brought in per hour (before the change handed back).
CREATE TABLE ticket_hour_payments (
  hour    text NOT NULL,
  till_id integer NOT NULL,
  method  text NOT NULL,
  kind    text NOT NULL,
  amount  bigint NOT NULL,
  PRIMARY KEY (hour, till_id, method)
);
CREATE TABLE ticket_hour_vat (
  hour    text NOT NULL,
  till_id integer NOT NULL,
  rate_bp integer NOT NULL,
  gross   bigint NOT NULL,
  vat     bigint NOT NULL,
  PRIMARY KEY (hour, till_id, rate_bp)
);
-- The lines' net per category (its French name when the ticket reached us; '' for none).
CREATE TABLE ticket_hour_categories (
  hour     text NOT NULL,
  till_id  integer NOT NULL,
  category text NOT NULL,
  amount   bigint NOT NULL,
  PRIMARY KEY (hour, till_id, category)
);

-- The tickets already in the books, as a push would have added them.
CREATE TEMPORARY TABLE hour_tickets AS
SELECT t.till_id, to_char(t.closed_at::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') AS hour,
       t.kind, e.document
  FROM tickets t JOIN events e ON e.id = t.event_id;
INSERT INTO ticket_hours
SELECT hour, till_id, coalesce(sum((document->>'total')::int) FILTER (WHERE kind = 'sale'), 0),
       coalesce(sum((document->>'total')::int) FILTER (WHERE kind = 'refund'), 0),
       count(*) FILTER (WHERE kind = 'sale'), count(*) FILTER (WHERE kind = 'refund'),
       sum((document->>'rounding')::int), sum((document->>'change')::int)
  FROM hour_tickets GROUP BY hour, till_id;
INSERT INTO ticket_hour_payments
SELECT hour, till_id, p->>'method',
       min(coalesce(p->>'kind', CASE WHEN p->>'method' = 'cash' THEN 'cash' ELSE 'other' END)),
       sum((p->>'amount')::int)
  FROM hour_tickets CROSS JOIN LATERAL jsonb_array_elements(document->'payments') AS p
 GROUP BY hour, till_id, p->>'method';
INSERT INTO ticket_hour_vat
SELECT hour, till_id, (v->>'rateBp')::int, sum((v->>'gross')::int), sum((v->>'vat')::int)
  FROM hour_tickets CROSS JOIN LATERAL jsonb_array_elements(document->'vat') AS v
 GROUP BY hour, till_id, (v->>'rateBp')::int;
INSERT INTO ticket_hour_categories
SELECT h.hour, h.till_id, coalesce(c.name, ''), sum((l->>'net')::int)
  FROM hour_tickets h CROSS JOIN LATERAL jsonb_array_elements(h.document->'lines') AS l
  LEFT JOIN products p ON p.id = (l->>'productId')::int
  LEFT JOIN categories c ON c.id = p.category_id
 GROUP BY h.hour, h.till_id, coalesce(c.name, '');
DROP TABLE hour_tickets;

-- The same per month ('2026-03', of the coop's day) and till: a period reads its whole months
-- here and only the days at its edges from product_sales_days.
CREATE TABLE product_sales_months (
  month         text NOT NULL,
  till_id       integer NOT NULL,
  product_id    integer NOT NULL,
  quantity      bigint NOT NULL,
  amount        bigint NOT NULL,
  amount_ex_vat bigint NOT NULL,
  costed_ex_vat bigint NOT NULL,
  cost          bigint NOT NULL,
  PRIMARY KEY (month, till_id, product_id)
);
INSERT INTO product_sales_months
SELECT left(day, 7), till_id, product_id, sum(quantity), sum(amount), sum(amount_ex_vat),
       sum(costed_ex_vat), sum(cost)
  FROM product_sales_days GROUP BY left(day, 7), till_id, product_id;

-- The same payments, VAT and categories per UTC day ('2026-03-02'): a period reads its whole UTC
-- days here and only the hours at its edges from the hours' rows.
CREATE TABLE ticket_day_payments (
  day     text NOT NULL,
  till_id integer NOT NULL,
  method  text NOT NULL,
  kind    text NOT NULL,
  amount  bigint NOT NULL,
  PRIMARY KEY (day, till_id, method)
);
CREATE TABLE ticket_day_vat (
  day     text NOT NULL,
  till_id integer NOT NULL,
  rate_bp integer NOT NULL,
  gross   bigint NOT NULL,
  vat     bigint NOT NULL,
  PRIMARY KEY (day, till_id, rate_bp)
);
CREATE TABLE ticket_day_categories (
  day      text NOT NULL,
  till_id  integer NOT NULL,
  category text NOT NULL,
  amount   bigint NOT NULL,
  PRIMARY KEY (day, till_id, category)
);
INSERT INTO ticket_day_payments
SELECT left(hour, 10), till_id, method, min(kind), sum(amount)
  FROM ticket_hour_payments GROUP BY left(hour, 10), till_id, method;
INSERT INTO ticket_day_vat
SELECT left(hour, 10), till_id, rate_bp, sum(gross), sum(vat)
  FROM ticket_hour_vat GROUP BY left(hour, 10), till_id, rate_bp;
INSERT INTO ticket_day_categories
SELECT left(hour, 10), till_id, category, sum(amount)
  FROM ticket_hour_categories GROUP BY left(hour, 10), till_id, category;
