/**
 * The views the screens hold, named once from the TillApi's own types (main/api.ts), so that a
 * screen never reaches into main/.
 */
import type { OperationName, TillHandlers } from '../../main/api';

export type Result<K extends OperationName> = TillHandlers[K]['result'];
export type Input<K extends OperationName> = TillHandlers[K]['input'];

export type TicketView = Result<'startTicket'>;
export type LineView = TicketView['lines'][number];
export type MemberView = NonNullable<TicketView['member']>;
export type SignedInUser = NonNullable<Result<'signedIn'>>;
export type UserChoice = Result<'users'>[number];
export type PrintQueueView = Result<'printQueue'>;
export type SessionView = NonNullable<Result<'currentSession'>>;
export type ProductView = Result<'searchProducts'>[number];
export type TillSettingsView = Result<'settings'>;
export type PaymentMethodView = TillSettingsView['paymentMethods'][number];
export type DeviceStatusView = Result<'devices'>[number];
export type Approval = NonNullable<Input<'setPrice'>['approval']>;
export type Discount = NonNullable<Input<'setLineDiscount'>['discount']>;
