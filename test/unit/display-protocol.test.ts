import { describe, expect, it, vi } from 'vitest';
import { TillError } from '../../domain/errors';
import { createDisplay } from '../../drivers/display';
import {
  decodeByte,
  encodeInit,
  encodeScreen,
  encodeText,
  fit,
  greetingScreen,
  pairLine,
  sanitize,
  textScreen,
  type DisplayCodepage,
} from '../../drivers/display/codec';
import {
  EscPosDisplay,
  changeScreen,
  lineScreen,
  totalScreen,
  type DisplayLine,
} from '../../drivers/display/driver';
import { DisplayEmulator } from '../../drivers/display/emulator';
import { SimDisplay } from '../../drivers/display/simulator';
import { parseDeviceUri } from '../../drivers/uri';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function shown(bytes: Uint8Array): readonly [string, string] {
  const emulator = new DisplayEmulator();
  emulator.feed(bytes);
  return emulator.lines();
}

describe('characters', () => {
  it('prints é è à ç ë and € on PC858, the default page', () => {
    expect(hex(encodeText('éèàçëêôüÉ€', 'pc858'))).toBe('828a85878988938190d5');
  });

  it('prints € on WPC1252 at 0x80 and the accents as in Latin-1', () => {
    expect(hex(encodeText('é€ç', 'wpc1252'))).toBe('e980e7');
  });

  it('prints the accents at the same bytes on PC850 and PC437 as on PC858', () => {
    expect(hex(encodeText('éèàçëêôüÉ', 'pc850'))).toBe('828a85878988938190');
    expect(hex(encodeText('éèàçëêôüÉ', 'pc437'))).toBe('828a85878988938190');
  });

  it('shows € as EUR on pages without it', () => {
    expect(sanitize('12,34 €', 'pc850')).toBe('12,34 EUR');
    expect(sanitize('12,34 €', 'pc437')).toBe('12,34 EUR');
    expect(sanitize('12,34 €', 'pc858')).toBe('12,34 €');
  });

  it('replaces what no page has, and never lets a control character through', () => {
    expect(sanitize('Crème brûlée', 'pc437')).toBe('Crème brûlée');
    expect(sanitize('Œuf « bio » – 6’s', 'pc858')).toBe("OEuf « bio » - 6's");
    expect(sanitize('Łódź ő', 'pc858')).toBe('Lódz o');
    expect(sanitize('Œuf', 'pc437')).toBe('OEuf');
    expect(sanitize('café 🍎', 'pc858')).toBe('café ?');
    expect(sanitize('a\x0cb\x1bc\x1fd\te\nf\x7f', 'pc858')).toBe('a b c d e f ');
    // Intl's no-break spaces are plain spaces on the display.
    expect(sanitize('1\u202f234,50\u00a0€', 'pc858')).toBe('1 234,50 €');
    for (const codepage of ['pc858', 'wpc1252', 'pc850', 'pc437'] as DisplayCodepage[]) {
      const bytes = encodeText('\x00\x0c\x1b@\x1f\x7f ok', codepage);
      expect([...bytes].every((byte) => byte >= 0x20 && byte !== 0x7f)).toBe(true);
    }
  });

  it('decodes every byte it encodes back to the same character', () => {
    for (const codepage of ['pc858', 'wpc1252', 'pc850', 'pc437'] as DisplayCodepage[]) {
      const text = sanitize('Ça coûte 12,50 € ou plus: naïve Noël, Straße, smørrebrød', codepage);
      const decoded = [...encodeText(text, codepage)].map((b) => decodeByte(b, codepage)).join('');
      expect(decoded).toBe(text);
    }
  });
});

describe('layout on 2 x 20', () => {
  it('pads and cuts to 20 columns', () => {
    expect(fit('Bonjour', 'pc858')).toBe('Bonjour             ');
    expect(fit('Bonjour', 'pc858', 'right')).toBe('             Bonjour');
    expect(fit('Bonjour', 'pc858', 'center')).toBe('      Bonjour       ');
    expect(fit('x'.repeat(30), 'pc858')).toBe('x'.repeat(20));
  });

  it('keeps the amount whole and cuts the name before it', () => {
    expect(pairLine('Pommes Jonagold bio', '2,49 €', 'pc858')).toBe('Pommes Jonago 2,49 €');
    expect(pairLine('Lait', '1,09 €', 'pc858')).toBe('Lait          1,09 €');
    expect(pairLine('Lait', '1,09 €', 'pc437')).toBe('Lait        1,09 EUR');
    expect(pairLine('Name', '1'.repeat(25), 'pc858')).toBe('1'.repeat(20));
  });

  it('shows the last line and the total while scanning, in each language', () => {
    expect(lineScreen('Pommes Jonagold bio', 249, 1234, 'fr-BE', 'pc858')).toEqual([
      'Pommes Jonago 2,49 €',
      'TOTAL        12,34 €',
    ]);
    expect(lineScreen('Appels Jonagold bio', 249, 123_456, 'nl-BE', 'pc858')).toEqual([
      'Appels Jonago € 2,49',
      'TOTAAL    € 1.234,56',
    ]);
  });

  it('shows the total, and the change after payment', () => {
    expect(totalScreen(1234, 'en', 'pc858')).toEqual([' '.repeat(20), 'TOTAL         €12.34']);
    expect(changeScreen(2000, 766, 'fr-BE', 'pc858')).toEqual([
      'PAYÉ         20,00 €',
      'RENDU         7,66 €',
    ]);
    expect(changeScreen(5000, 1234, 'nl-BE', 'pc850')).toEqual([
      'BETAALD    EUR 50,00',
      'TERUG      EUR 12,34',
    ]);
    expect(changeScreen(2000, 766, 'en', 'pc858')).toEqual([
      'PAID          €20.00',
      'CHANGE         €7.66',
    ]);
  });

  it('centres a greeting, on two lines when asked or when too long', () => {
    expect(greetingScreen('Bienvenue', 'pc858')).toEqual(['     Bienvenue      ', ' '.repeat(20)]);
    expect(greetingScreen('Bienvenue\nà la coop', 'pc858')).toEqual([
      '     Bienvenue      ',
      '     à la coop      ',
    ]);
    expect(greetingScreen('Bienvenue à la coopérative de Bruxelles', 'pc858')).toEqual([
      '   Bienvenue à la   ',
      'coopérative de Bruxe',
    ]);
  });

  it('shows free text left-aligned', () => {
    expect(textScreen('Caisse fermée', 'Kassa gesloten', 'pc858')).toEqual([
      'Caisse fermée       ',
      'Kassa gesloten      ',
    ]);
  });
});

describe('bytes on the line', () => {
  it('initialises: ESC @, ESC R 0, ESC t 19, US MD1, US C 0', () => {
    expect(hex(encodeInit('pc858'))).toBe('1b40' + '1b5200' + '1b7413' + '1f01' + '1f4300');
    expect(hex(encodeInit('pc437'))).toBe('1b40' + '1b5200' + '1b7400' + '1f01' + '1f4300');
  });

  it('sends a full screen with US $ before each line', () => {
    const bytes = encodeScreen(['Lait          1,09 €', 'TOTAL         1,09 €'], 'pc858');
    expect(bytes.length).toBe(4 + 20 + 4 + 20);
    expect(hex(bytes.slice(0, 4))).toBe('1f240101');
    expect(hex(bytes.slice(24, 28))).toBe('1f240102');
    expect(bytes[23]).toBe(0xd5);
  });

  it('decodes back to what the customer sees', () => {
    const screen = lineScreen('Crème fraîche', 189, 2045, 'fr-BE', 'pc858');
    const bytes = Uint8Array.from([...encodeInit('pc858'), ...encodeScreen(screen, 'pc858')]);
    const emulator = new DisplayEmulator();
    emulator.feed(bytes);
    expect(emulator.lines()).toEqual(['Crème fraîche 1,89 €', 'TOTAL        20,45 €']);
    expect(emulator.commands).toEqual([
      'ESC @',
      'ESC R 0',
      'ESC t 19',
      'US MD1',
      'US C 0',
      'US $ 1 1',
      'US $ 1 2',
    ]);
    expect(emulator.state()).toMatchObject({
      codepage: 'pc858',
      mode: 'overwrite',
      cursorShown: false,
    });
  });

  it('the emulator waits for a command cut across two chunks', () => {
    const bytes = Uint8Array.from([
      ...encodeInit('pc858'),
      ...encodeScreen(textScreen('Hello', 'World', 'pc858'), 'pc858'),
    ]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const emulator = new DisplayEmulator();
      emulator.feed(bytes.slice(0, cut));
      emulator.feed(bytes.slice(cut));
      expect(emulator.lines()).toEqual(['Hello'.padEnd(20), 'World'.padEnd(20)]);
      expect(emulator.commands.filter((c) => c.startsWith('unknown'))).toEqual([]);
    }
  });

  it('the emulator plays CLR, HOM, CAN and wraps in overwrite mode', () => {
    const text = (s: string) => [...Buffer.from(s, 'latin1')];
    expect(
      shown(Uint8Array.from([...text('A'.repeat(20)), ...text('B'.repeat(20)), ...text('C')])),
    ).toEqual(['C' + 'A'.repeat(19), 'B'.repeat(20)]);
    expect(
      shown(Uint8Array.from([...text('xyz'), 0x0c, ...text('ab'), 0x0b, ...text('c')])),
    ).toEqual(['cb'.padEnd(20), ' '.repeat(20)]);
    const emulator = new DisplayEmulator();
    emulator.feed(Uint8Array.from([0x1b, 0x99, 0x1f, 0x77, 0x07]));
    expect(emulator.commands).toEqual(['unknown ESC 0x99', 'unknown US 0x77', 'unknown 0x7']);
  });
});

describe('the driver over a self-reconnecting line', () => {
  const fast = { initialDelayMs: 5, maxDelayMs: 20 };

  async function connected(display: { status(): { state: string } }): Promise<void> {
    await vi.waitFor(() => expect(display.status().state).toBe('connected'), { timeout: 60_000 });
  }

  it('initialises on connection; the latest screen wins in a burst', async () => {
    const display = new SimDisplay({ locale: 'fr-BE', reconnect: fast });
    display.start();
    // Asked while the line is still connecting: the screen waits for it.
    await display.showText('Ouverture', '');
    const writes = display.simLine.writes();
    expect(hex(writes[0]?.subarray(0, 2) ?? new Uint8Array())).toBe('1b40');
    expect(display.lines()[0]).toBe('Ouverture           ');
    const before = writes.length;
    const burst = Array.from({ length: 30 }, (_, i) =>
      display.showLine(`Article ${i + 1}`, 100, (i + 1) * 100),
    );
    await Promise.all(burst);
    // The first screen went at once, the 29 others were folded into the newest.
    expect(display.simLine.writes().length - before).toBeLessThanOrEqual(3);
    expect(display.lines()).toEqual(['Article 30    1,00 €', 'TOTAL        30,00 €']);
    expect(display.current()).toEqual(['Article 30    1,00 €', 'TOTAL        30,00 €']);
    expect(display.commands().filter((c) => c === 'ESC @')).toHaveLength(1);
    await display.close();
  });

  it('a failed write rejects with display.offline, reports it, and re-initialises next time', async () => {
    const display = new SimDisplay({ locale: 'en', reconnect: fast });
    display.start();
    await connected(display);
    const states: string[] = [];
    display.onStatus((status) => states.push(status.state));
    display.simLine.failWrites(new Error('EIO'));
    const error = await display.showTotal(500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TillError);
    expect((error as TillError).code).toBe('display.offline');
    expect((error as TillError).message).toContain('EIO');
    expect(display.status().state).toBe('offline');
    display.simLine.failWrites(null);
    await display.showTotal(600);
    expect(display.status().state).toBe('connected');
    expect(states).toEqual(['offline', 'connected']);
    const last = display.simLine.writes().at(-1) ?? Buffer.alloc(0);
    expect(hex(last.subarray(0, 2))).toBe('1b40');
    expect(display.lines()).toEqual([' '.repeat(20), 'TOTAL          €6.00']);
    await display.close();
  });

  it('unplugged: screens fail at once; plugged back: the current screen comes back by itself', async () => {
    const display = new SimDisplay({ locale: 'fr-BE', reconnect: fast });
    display.start();
    await display.showGreeting();
    display.simLine.unplug();
    expect(display.status().state).toBe('offline');
    const error = await display.showLine('Pain', 320, 320).catch((e: unknown) => e);
    expect((error as TillError).code).toBe('display.offline');
    expect(display.lines()[0]).toBe('     Bienvenue      ');
    display.simLine.plug();
    await vi.waitFor(
      () => expect(display.lines()).toEqual(['Pain          3,20 €', 'TOTAL         3,20 €']),
      { timeout: 60_000 },
    );
    expect(display.status().state).toBe('connected');
    expect(display.commands().filter((c) => c === 'ESC @')).toHaveLength(2);
    await display.close();
  });

  it('a write that hangs fails with display.timeout', async () => {
    const line: DisplayLine = {
      status: { state: 'connected', detail: 'test' },
      onStatus: () => () => undefined,
      write: () => new Promise<void>(() => undefined),
      start: () => undefined,
      close: async () => undefined,
    };
    const display = new EscPosDisplay(line, { locale: 'en', writeTimeoutMs: 30 });
    display.start();
    const error = await display.showGreeting().catch((e: unknown) => e);
    expect((error as TillError).code).toBe('display.timeout');
    expect(display.status().state).toBe('offline');
  });

  it('a display that is not started, or closed, says so', async () => {
    const display = new SimDisplay({ locale: 'en' });
    const error = await display.showGreeting().catch((e: unknown) => e);
    expect((error as TillError).code).toBe('display.offline');
    display.start();
    await display.close();
    const closed = await display.showGreeting().catch((e: unknown) => e);
    expect((closed as TillError).code).toBe('display.offline');
  });
});

describe('the simulated display', () => {
  it('shows what a DM-D would show for the same bytes', async () => {
    const display = new SimDisplay({ locale: 'nl-BE' });
    const screens: (readonly [string, string])[] = [];
    display.onChange((screen) => screens.push(screen));
    display.start();
    await display.showGreeting();
    expect(display.lines()).toEqual(['       Welkom       ', ' '.repeat(20)]);
    await display.showChange(2000, 766);
    expect(display.lines()).toEqual(['BETAALD      € 20,00', 'TERUG         € 7,66']);
    display.setLocale('fr-BE');
    await display.showGreeting();
    expect(display.lines()[0]).toBe('     Bienvenue      ');
    expect(screens.at(-1)?.[0]).toBe('     Bienvenue      ');
    expect(display.commands().filter((c) => c.startsWith('unknown'))).toEqual([]);
    await display.close();
  });
});

describe('createDisplay', () => {
  it('makes a display for each configuration', async () => {
    const none = createDisplay(parseDeviceUri('display', 'none'), { locale: 'en' });
    expect(none.status()).toMatchObject({ device: 'display', state: 'disabled' });
    await none.showTotal(100);
    expect(none.current()[1]).toBe('TOTAL          €1.00');
    expect(createDisplay(parseDeviceUri('display', 'sim'), { locale: 'en' })).toBeInstanceOf(
      SimDisplay,
    );
    const serial = createDisplay(parseDeviceUri('display', 'serial:/dev/ttyUSB2'), {
      locale: 'fr-BE',
    });
    expect(serial.name).toBe('serial:/dev/ttyUSB2');
    expect(serial.status().state).toBe('offline');
  });
});
