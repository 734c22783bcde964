/**
 * Every code a `TillError` may carry, with the values that explain it. A code not listed here
 * does not compile, nor do values of the wrong name or type. Each code has a message in every
 * catalogue (`domain/i18n/<locale>.json`, section `error`) naming only values every use of the
 * code gives (`alwaysGiven`); `test/unit/i18n.test.ts` checks both.
 *
 * A shape names each value's type; a list of shapes is a code thrown with different values in
 * different places; 'open' is a code whose values are named after the field at fault (a
 * message for it can use none of them).
 */
type Shape = Readonly<Record<string, 'string' | 'number'>>;
type Spec = Shape | readonly Shape[] | 'open';

const device = { device: 'string' } as const;
const deviceTimeout = { device: 'string', timeoutMs: 'number' } as const;

export const TILL_ERROR_SPECS = {
  'auth.locked': { seconds: 'number' },
  'auth.manager_required': { act: 'string' },
  'auth.required': {},
  'auth.unknown_badge': {},
  'auth.wrong_pin': {},
  'barcode.import_error': 'open',
  'barcode.invalid_digits': { code: 'string', length: 'number' },
  'barcode.invalid_nomenclature': { path: 'string', issues: 'number' },
  'barcode.invalid_pattern': { rule: 'string', pattern: 'string' },
  'date.invalid': { date: 'string' },
  'date.reversed': { from: 'string', to: 'string' },
  'db.not_a_till': { path: 'string' },
  'db.too_new': { current: 'number', latest: 'number' },
  'device.already_open': device,
  'device.busy': device,
  'device.closed': device,
  'device.disabled': device,
  'device.disconnected': device,
  'device.hid_unavailable': { cause: 'string' },
  'device.invalid_uri': { kind: 'string', uri: 'string', reason: 'string' },
  'device.not_a_device': device,
  'device.not_configured': [{}, device],
  'device.not_open': device,
  'device.not_ready': {},
  'device.not_simulated': { uri: 'string' },
  'device.offline': { device: 'string', state: 'string' },
  'device.open_failed': { device: 'string', cause: 'string' },
  'device.path_not_allowed': { device: 'string', reason: 'string' },
  'device.timeout': deviceTimeout,
  'device.write_failed': [device, { device: 'string', cause: 'string' }],
  'device.write_timeout': deviceTimeout,
  'display.offline': device,
  'display.timeout': device,
  'file.unusable': [{ path: 'string' }, { path: 'string', reason: 'string' }],
  'import.duplicate_columns': { columns: 'string' },
  'import.empty': {},
  'import.invalid': { problems: 'number' },
  'import.missing_columns': { columns: 'string' },
  'import.no_rows': {},
  'import.unreadable': [{}, { line: 'number' }],
  'import.unreadable_rows': { problems: 'number' },
  'input.invalid': [{}, { problems: 'string' }, { code: 'string' }],
  'line.fractional_pieces': { quantity: 'number' },
  'line.unknown': { lineId: 'string' },
  'member.acknowledge': { member: 'string', status: 'string' },
  'member.manager_required': { member: 'string', status: 'string' },
  'member.none_acknowledge': {},
  'member.unknown': { member: 'string' },
  'member.unknown_status': { status: 'string' },
  'operation.reused': { operation: 'string' },
  'payment.insufficient': { remaining: 'number' },
  'payment.invalid_amount': 'open',
  'payment.invalid_method': {},
  'payment.overpaid_non_cash': [
    { paid: 'number', due: 'number' },
    { paid: 'number', due: 'number', change: 'number', cashPaid: 'number' },
  ],
  'payment.unknown_method': { method: 'string' },
  'payment.wrong_way': { method: 'string', amount: 'number', total: 'number' },
  'sync.bad_url': { url: 'string' },
  'sync.unreachable': { url: 'string' },
  'sync.enrol_refused': { status: 'number' },
  'sync.already_enrolled': { url: 'string' },
  'sync.certificate': { url: 'string' },
  'sync.not_enrolled': {},
  'training.already_on': {},
  'training.off': {},
  'training.unavailable': {},
  'payment.voucher_excess': { vouchers: 'number', left: 'number', excess: 'number' },
  'print.invalid_job': {},
  'print.unknown_job': { id: 'string' },
  'print.unknown_ticket': { ticketNumber: 'number' },
  'printer.busy': device,
  'printer.cover_open': { device: 'string', state: 'string' },
  'printer.no_answer': deviceTimeout,
  'printer.offline': { device: 'string', state: 'string' },
  'printer.paper_out': { device: 'string', state: 'string' },
  'printer.uncertain': { device: 'string', written: 'number', total: 'number', cause: 'string' },
  'printer.write_failed': { device: 'string', written: 'number', total: 'number' },
  'product.inactive': { product: 'string' },
  'product.unknown': { productId: 'number' },
  'receipt.inconsistent': [
    { lines: 'number', totals: 'number' },
    { settlement: 'number', total: 'number' },
    { payments: 'number', settlement: 'number' },
    { line: 'number' },
  ],
  'receipt.unknown_ticket': { ticketNumber: 'number' },
  'refund.nothing_left': { ticketNumber: 'number' },
  'refund.too_much': { line: 'string', left: 'number' },
  'refund.unknown_line': { lineId: 'string' },
  'refund.unknown_ticket': { ticketNumber: 'number' },
  'report.unknown_session': { sessionId: 'string' },
  'report.z_needs_close_time': {},
  'report.z_needs_count': {},
  'scale.bad_answer': [{ answer: 'string' }, { status: 'string' }],
  'scale.bad_tare': { tare: 'string' },
  'scale.bad_weight': { grams: 'string' },
  'scale.below_tare': { grams: 'number', tare: 'number' },
  'scale.disabled': {},
  'scale.empty': { grams: 'number' },
  'scale.negative': [{ grams: 'number' }, { status: 'string' }],
  'scale.no_answer': deviceTimeout,
  'scale.noisy': device,
  'scale.offline': device,
  'scale.overload': { status: 'string' },
  'scale.unit': { answer: 'string' },
  'scale.unknown_protocol': { protocol: 'string' },
  'scale.unstable': [{ grams: 'number' }, { status: 'string' }],
  'scale.zero_error': { status: 'string' },
  'scan.cashier_card': { code: 'string' },
  'scan.discount_without_line': { code: 'string' },
  'scan.needs_weight': { product: 'string', productId: 'number' },
  'scan.not_a_tare': { code: 'string' },
  'scan.tare_alone': { code: 'string' },
  'scan.unknown_product': { code: 'string' },
  'scan.unrecognised': { code: 'string' },
  'scan.zero_weight': { code: 'string' },
  'session.already_open': {},
  'session.ambiguous': { session: 'string' },
  'session.draft_open': { ticketId: 'string' },
  'session.invalid_count': [
    { denomination: 'string' },
    { denomination: 'string', count: 'string' },
    { countedCash: 'number', fromCount: 'number' },
  ],
  'session.invalid_input': { field: 'string' },
  'session.not_open': {},
  'session.unknown': { session: 'string' },
  'tax.invalid_rate': { rateBp: 'string' },
  'ticket.amount_too_large': [{ unitPrice: 'number', quantity: 'number' }, { subtotal: 'number' }],
  'ticket.discount_too_large': [
    { basisPoints: 'number' },
    { cents: 'number', amount: 'number' },
    { total: 'number' },
  ],
  'ticket.empty': {},
  'ticket.invalid_discount': 'open',
  'ticket.invalid_line': 'open',
  'ticket.unknown_reference': { reference: 'string' },
  'till.already_running': { database: 'string', lock: 'string' },
} as const satisfies Record<string, Spec>;

export type TillErrorCode = keyof typeof TILL_ERROR_SPECS;

type ShapeValues<S> = {
  -readonly [K in keyof S]: S[K] extends 'number' ? number : string;
};
type SpecValues<S> = S extends 'open'
  ? Readonly<Record<string, string | number>>
  : S extends readonly (infer E)[]
    ? ShapeValues<E>
    : ShapeValues<S>;

/** The values each code carries. */
export type TillErrorValues = {
  [C in TillErrorCode]: SpecValues<(typeof TILL_ERROR_SPECS)[C]>;
};

export const TILL_ERROR_CODES = Object.keys(TILL_ERROR_SPECS) as TillErrorCode[];

/** The values every use of a code gives: the only ones its messages may name. */
export function alwaysGiven(code: TillErrorCode): string[] {
  const spec: Spec = TILL_ERROR_SPECS[code];
  if (spec === 'open') return [];
  const shapes: readonly Shape[] = Array.isArray(spec) ? spec : [spec];
  const [first = {}, ...rest] = shapes;
  return Object.keys(first).filter((name) => rest.every((shape) => name in shape));
}
