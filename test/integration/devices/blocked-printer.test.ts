/**
 * Fault injection (issue 10, "Done when"): a cash sale while the printer's device file is blocked
 * (a `file:` printer whose FIFO is full, as usblp blocks while the printer is off line). For the
 * whole block, scans still arrive and the thread pool is free; the drawer does not open late
 * (no pulse, a message that stays); the receipt prints once, when the printer comes back; and the
 * till stops in under 2 s even with a write stuck.
 *
 * The block lasts 30 s, as in the issue; EMM_FAULT_BLOCK_MS shortens it for a quick local run.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_BARCODES } from '../../../db/demo-catalog';
import { startTill, type RunningTill } from '../../../main/index';
import { DEMO_USERS } from '../../../main/till/first-run';
import { commandsOf, decodeEscPos } from '../../support/escpos-decoder';
import { createBlockableFifo } from '../../support/fifo';
import { createPtyPair } from '../../support/pty';

const BLOCK_MS = Number(process.env.EMM_FAULT_BLOCK_MS ?? 30_000);
const openDescriptors = () => readdirSync('/proc/self/fd').length;

/**
 * How soon a scan or the thread pool must answer while the printer is blocked. A stuck
 * pool answers only when the block ends (BLOCK_MS), never within seconds; a busy machine may take
 * a second or two where an idle one takes milliseconds, so the bound is far from both.
 */
const UNSTUCK_MS = 5000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a cash sale while the printer is blocked', () => {
  it(
    'keeps scanning, prints one receipt, sends no late drawer pulse, and stops in under 2 s',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'emm-blocked-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const scanner = await createPtyPair();
      cleanups.push(() => scanner.kill());
      const fifo = createBlockableFifo(join(dir, 'lp0'));
      cleanups.push(() => fifo.close());
      const before = { ...process.env };
      Object.assign(process.env, {
        EMM_SCANNER: `serial:${scanner.device}?suffix=CR`,
        EMM_PRINTER: `file:${fifo.path}`,
        EMM_DRAWER: 'printer',
        EMM_DISPLAY: 'none',
        EMM_SCALE: 'none',
        // A FIFO stands in for /dev/usb/lp0: the test-only switch.
        EMM_TEST_DEVICE_FILES: '1',
      });
      cleanups.push(() => {
        process.env = before;
      });
      // The test's own end of the scanner line, opened before counting.
      scanner.peerWrite('');
      const descriptorsBefore = openDescriptors();
      const running: RunningTill = startTill({ dbPath: join(dir, 'till.db'), devices: true });
      let stopped = false;
      cleanups.push(async () => {
        if (!stopped) await running.stop();
      });
      const devices = running.devices;
      if (!devices) throw new Error('no devices');
      const cashier = (
        running.db.prepare('SELECT id, name FROM users').all() as {
          id: number;
          name: string;
        }[]
      ).find((user) => user.name === DEMO_USERS[0].name);
      running.till.signIn({ userId: cashier?.id ?? 0, pin: DEMO_USERS[0].pin });
      running.till.openSession({ counts: { '1000': 10 } });
      await until(
        () =>
          ['scanner', 'printer'].every(
            (k) => devices.statusOf(k as 'printer').state === 'connected',
          ),
        'the devices to connect',
      );
      const drawerMessages: string[] = [];
      devices.onStatus((status) => {
        if (status.device === 'drawer') drawerMessages.push(status.detail);
      });
      const milk = DEMO_BARCODES.piece;
      const lines = () => running.till.currentTicket()?.lines.length ?? 0;

      // The printer goes off line: its device file takes no more bytes.
      fifo.block();
      const blockedAt = Date.now();
      scanner.peerWrite(`${milk.code}\r`);
      await until(() => lines() === 1, 'the scan');
      const due = Math.ceil((running.till.currentTicket()?.totals.total ?? 0) / 5) * 5;
      const paid = running.till.pay({ payments: [{ method: 'cash', amount: due }] });
      const ticketNumber = paid.number;

      // The drawer does not open; the cashier is told.
      await until(
        () => /did not open/.test(devices.statusOf('drawer').detail),
        'the drawer message',
        5000,
      );

      // For the whole block: scans arrive within a second, the thread pool answers at once.
      let scans = 0;
      while (Date.now() - blockedAt < BLOCK_MS) {
        const expected = lines() + 1;
        scanner.peerWrite(`${milk.code}\r`);
        await until(() => lines() === expected, `scan ${scans + 1} during the block`, UNSTUCK_MS);
        scans += 1;
        const asked = performance.now();
        await Promise.all(Array.from({ length: 8 }, () => stat(dir)));
        expect(performance.now() - asked).toBeLessThan(UNSTUCK_MS);
        await sleep(500);
      }
      // Scans kept coming all through the block (a stuck till would have taken one at most).
      expect(scans).toBeGreaterThanOrEqual(Math.floor(BLOCK_MS / (UNSTUCK_MS + 500)));
      // The message is still there, not replaced by the printer reconnecting.
      expect(devices.statusOf('drawer').detail).toMatch(/The drawer did not open/);

      // The printer comes back and reads what it is sent.
      const reading = setInterval(() => fifo.drain(), 20);
      cleanups.push(() => clearInterval(reading));
      await until(
        () => commandsOf(decodeEscPos(fifo.printed()), 'cut').length >= 1,
        'the receipt',
        20_000,
      );
      await sleep(3000);
      const printed = decodeEscPos(fifo.printed());
      expect(commandsOf(printed, 'cut')).toHaveLength(1);
      expect(printed.text.join('\n')).toContain(milk.name);
      expect(printed.text.join('\n')).toContain(String(ticketNumber));
      // No pulse ever came out: the drawer did not spring open with nobody there.
      expect(commandsOf(printed, 'pulse')).toHaveLength(0);
      expect(devices.statusOf('drawer').detail).toMatch(/The drawer did not open/);
      devices.dismissDrawerAlert();
      expect(devices.statusOf('drawer').detail).not.toMatch(/did not open/);
      expect(devices.uncertainReceipts()).toEqual([]);

      // Blocked again, with a reprint stuck in the device file: the till still stops at once.
      clearInterval(reading);
      fifo.drain();
      fifo.block();
      devices.reprint(ticketNumber ?? 0);
      await sleep(300);
      const stopping = performance.now();
      await running.stop();
      stopped = true;
      // The issue's own figure, kept: a stop waits on no device, so even a busy machine makes it.
      expect(performance.now() - stopping).toBeLessThan(2000);
      expect(openDescriptors()).toBeLessThanOrEqual(descriptorsBefore);
    },
    BLOCK_MS + 60_000,
  );
});
