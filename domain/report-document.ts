import { TillError } from './errors';
import type { SessionReport } from './session';
import { toJournal, type ReceiptHeader, type ReceiptJournal } from './receipt';

/** The X and Z report documents: a session's figures with what the printout names. */
export type SessionReportKind = 'X' | 'Z';

export interface SessionReportContext {
  kind: SessionReportKind;
  header: ReceiptHeader;
  tillName: string;
  sessionNumber: string;
  /** ISO 8601. */
  openedAt: string;
  openedBy: string;
  /** ISO 8601. */
  printedAt: string;
  /** Required for a Z report. */
  closedAt?: string | null;
  closedBy?: string | null;
  /** Display names of payment methods, from settings. */
  methodLabels?: Readonly<Record<string, string>>;
  journal?: { seq: number; hash: string } | null;
  duplicate?: boolean;
}

interface SessionReportDocumentBase {
  header: ReceiptHeader;
  tillName: string;
  sessionNumber: string;
  openedAt: string;
  openedBy: string;
  printedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  report: SessionReport;
  methodLabels: Record<string, string>;
  journal: ReceiptJournal | null;
  duplicate: boolean;
  /** The Z of a training session (training mode): marked as no sale, atop and below. */
  training?: boolean;
}

/** A running report: the session stays open; the cash may be uncounted. */
export interface XReport extends SessionReportDocumentBase {
  kind: 'X';
}

/** The closing report: counted cash and the closing time are always there. */
export interface ZReport extends SessionReportDocumentBase {
  kind: 'Z';
  closedAt: string;
}

export type SessionReportDocument = XReport | ZReport;

export function buildSessionReportDocument(
  report: SessionReport,
  context: SessionReportContext,
): SessionReportDocument {
  const base: SessionReportDocumentBase = {
    header: {
      shopName: context.header.shopName,
      addressLines: [...context.header.addressLines],
      vatNumber: context.header.vatNumber,
    },
    tillName: context.tillName,
    sessionNumber: context.sessionNumber,
    openedAt: context.openedAt,
    openedBy: context.openedBy,
    printedAt: context.printedAt,
    closedAt: context.closedAt ?? null,
    closedBy: context.closedBy ?? null,
    report,
    methodLabels: { ...(context.methodLabels ?? {}) },
    journal: context.journal ? toJournal(context.journal) : null,
    duplicate: context.duplicate ?? false,
  };
  if (context.kind === 'X') return { ...base, kind: 'X' };
  if (report.countedCash === null) {
    throw new TillError('report.z_needs_count', 'A Z report needs the counted cash', {});
  }
  if (!context.closedAt) {
    throw new TillError('report.z_needs_close_time', 'A Z report needs the closing time', {});
  }
  return { ...base, kind: 'Z', closedAt: context.closedAt };
}
