import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { orderPdf } from '../../../server/purchasing/documents';
import type { Order, OrderLine } from '../../../server/purchasing/orders';

/** A long purchase order as the supplier reads it: pdftotext, page by page (poppler-utils). */
const workDir = mkdtempSync(join(tmpdir(), 'emm-order-pdf-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function line(index: number): OrderLine {
  return {
    id: index,
    productId: 100 + index,
    name: `Produit numéro ${index}`,
    supplierCode: `S-${index}`,
    packSize: 6000,
    quantity: 12000,
    unitCost: 150 + index,
    cost: 2 * 6 * (150 + index),
    received: 0,
    shortClosed: false,
    explanation: null,
  };
}

function order(lines: number): Order {
  const all = Array.from({ length: lines }, (_, i) => line(i + 1));
  return {
    id: 42,
    supplierId: 3,
    supplierName: 'Biofresh',
    supplierEmail: 'orders@biofresh.example',
    status: 'draft',
    createdAt: '2026-12-07T09:00:00.000Z',
    sentAt: null,
    sentTo: null,
    closedAt: null,
    total: all.reduce((sum, each) => sum + each.cost, 0),
    lines: all,
  };
}

async function pages(subject: Order): Promise<string[]> {
  const file = join(workDir, `order-${subject.lines.length}.pdf`);
  writeFileSync(file, await orderPdf(subject, 'Coop Bees'));
  const info = execFileSync('pdfinfo', [file]).toString();
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  return Array.from({ length: count }, (_, i) =>
    execFileSync('pdftotext', [
      '-layout',
      '-f',
      `${i + 1}`,
      '-l',
      `${i + 1}`,
      file,
      '-',
    ]).toString(),
  );
}

describe('a purchase order longer than a page', () => {
  it('says on every page whose order it is and what each column holds, each line once', async () => {
    const subject = order(130);
    const text = await pages(subject);
    expect(text.length).toBeGreaterThanOrEqual(3);
    expect(text[0]).toContain('Purchase order 42');
    expect(text[0]).toContain('To: Biofresh');
    text.slice(1).forEach((page, i) => {
      expect(page).toContain(`Purchase order 42, page ${i + 2}`);
      expect(page).toMatch(/Code\s+Product\s+Packs\s+Pack\s+Quantity\s+Unit cost\s+Total/);
    });
    const all = text.join('\n');
    for (const each of subject.lines) {
      expect(all.match(new RegExp(`Produit numéro ${each.id}\\b`, 'g'))).toHaveLength(1);
    }
    expect(text.at(-1)).toMatch(/130 lines\s+Total\s+€ \d+\.\d\d/);
  });

  it('stays one page, with no page number, when it fits', async () => {
    const text = await pages(order(5));
    expect(text).toHaveLength(1);
    expect(text[0]).not.toContain('page 2');
    expect(text[0]).toMatch(/5 lines\s+Total/);
  });
});
