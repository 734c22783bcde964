/**
 * The customer display driver over a real serial line: a socat pty pair, serialport at the till's
 * end, and at the other end an emulator of an Epson DM-D decoding what arrives into the two
 * 20-character lines a customer would read.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TillError } from '../../../domain/errors';
import type { Locale } from '../../../domain/money';
import { createDisplay, type CustomerDisplay } from '../../../drivers/display';
import type { DisplayCodepage, Screen } from '../../../drivers/display/codec';
import { DisplayEmulator } from '../../../drivers/display/emulator';
import { parseDeviceUri } from '../../../drivers/uri';
import { createPtyPair, type PeerReader, type PtyPair } from '../../support/pty';

function emulate(bytes: Buffer): DisplayEmulator {
  const emulator = new DisplayEmulator();
  emulator.feed(bytes);
  return emulator;
}

/** Waits until the peer end shows `screen`; returns the emulator of everything received. */
async function peerShows(reader: PeerReader, screen: Screen): Promise<DisplayEmulator> {
  try {
    await reader.waitFor((received) => {
      const [line1, line2] = emulate(received).lines();
      return line1 === screen[0] && line2 === screen[1];
    }, 60_000);
  } catch {
    // Say what the customer sees instead.
    expect(emulate(reader.received()).lines()).toEqual(screen);
  }
  return emulate(reader.received());
}

describe('Epson 2 x 20 customer display over a pty', () => {
  let pair: PtyPair;
  let reader: PeerReader;
  let display: CustomerDisplay;
  let killed: boolean;

  async function start(locale: Locale, codepage?: DisplayCodepage): Promise<void> {
    // The URI a shop would configure (9600 8N1 by default, as a DM-D leaves the factory).
    display = createDisplay(parseDeviceUri('display', `serial:${pair.device}?baudRate=9600`), {
      locale,
      ...(codepage ? { codepage } : {}),
    });
    display.start();
  }

  async function unplug(): Promise<void> {
    if (killed) return;
    killed = true;
    await pair.kill();
  }

  beforeEach(async () => {
    killed = false;
    pair = await createPtyPair();
    reader = pair.peerReader();
  });

  afterEach(async () => {
    await display.close();
    await unplug();
  });

  it('greets, shows each line and the total while scanning, then the change (fr-BE)', async () => {
    await start('fr-BE');
    await display.showGreeting('Bienvenue à la\nCoop de Forest');
    let emulator = await peerShows(reader, ['   Bienvenue à la   ', '   Coop de Forest   ']);
    expect(emulator.commands.slice(0, 5)).toEqual([
      'ESC @',
      'ESC R 0',
      'ESC t 19',
      'US MD1',
      'US C 0',
    ]);

    await display.showLine('Pommes Jonagold bio', 249, 249);
    await peerShows(reader, ['Pommes Jonago 2,49 €', 'TOTAL         2,49 €']);
    await display.showLine('Crème fraîche épaisse', 189, 438);
    await peerShows(reader, ['Crème fraîche 1,89 €', 'TOTAL         4,38 €']);
    await display.showTotal(438);
    await peerShows(reader, [' '.repeat(20), 'TOTAL         4,38 €']);
    await display.showChange(1000, 562);
    emulator = await peerShows(reader, ['PAYÉ         10,00 €', 'RENDU         5,62 €']);

    // Nothing but the commands of the protocol went down the line, and the page stayed PC858.
    expect(emulator.commands.filter((command) => command.startsWith('unknown'))).toEqual([]);
    expect(new Set(emulator.commands)).toEqual(
      new Set(['ESC @', 'ESC R 0', 'ESC t 19', 'US MD1', 'US C 0', 'US $ 1 1', 'US $ 1 2']),
    );
    expect(emulator.state()).toMatchObject({ codepage: 'pc858', mode: 'overwrite' });
    expect(display.status()).toMatchObject({ device: 'display', state: 'connected' });
  });

  it('shows € as EUR on a display with only the old pages (nl-BE, PC850)', async () => {
    await start('nl-BE', 'pc850');
    await display.showLine('Volkorenbrood', 325, 1250);
    const emulator = await peerShows(reader, ['Volkorenbro EUR 3,25', 'TOTAAL     EUR 12,50']);
    expect(emulator.commands).toContain('ESC t 2');
  });

  it('a burst of scans ends on the last line and total', async () => {
    await start('en');
    const shows = Array.from({ length: 40 }, (_, i) =>
      display.showLine(`Item ${i + 1}`, 150, 150 * (i + 1)),
    );
    await Promise.all(shows);
    await peerShows(reader, ['Item 40        €1.50', 'TOTAL         €60.00']);
  });

  it('free text is cut to 20 columns and cannot smuggle commands', async () => {
    await start('en');
    await display.showText(
      'Till closed\x0c\x1b@ - see you tomorrow',
      'Caisse fermée / Kassa gesloten',
    );
    const emulator = await peerShows(reader, ['Till closed  @ - see', 'Caisse fermée / Kass']);
    expect(emulator.commands.filter((command) => command === 'ESC @')).toHaveLength(1);
    expect(emulator.commands).not.toContain('CLR');
  });

  it('the port vanishing is a clear error and an offline status, not a crash', async () => {
    await start('fr-BE');
    await display.showGreeting();
    await peerShows(reader, ['     Bienvenue      ', ' '.repeat(20)]);
    const offline = new Promise<void>((resolve) => {
      const stop = display.onStatus((status) => {
        if (status.state !== 'offline') return;
        stop();
        resolve();
      });
    });
    await unplug();
    await offline;
    const error = await display.showTotal(100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TillError);
    expect((error as TillError).code).toBe('display.offline');
    expect(display.status().state).toBe('offline');
  });
});
