import { describe, expect, it } from 'vitest';
import { TillError } from '../../domain/errors';
import type { DeviceKind } from '../../drivers/types';
import { hasTransport, parseDeviceUri, transportName } from '../../drivers/uri';

function refusal(kind: DeviceKind, uri: string): TillError {
  try {
    parseDeviceUri(kind, uri);
  } catch (error) {
    expect(error).toBeInstanceOf(TillError);
    const refused = error as TillError;
    expect(refused.code).toBe('device.invalid_uri');
    expect(refused.message).toContain(`"${uri.trim()}"`);
    expect(refused.message).toContain(kind);
    return refused;
  }
  throw new Error(`${kind} URI "${uri}" was accepted`);
}

const SERIAL_8N1 = { dataBits: 8, parity: 'none', stopBits: 1 };

describe('scanner URIs', () => {
  it('reads a serial scanner with its baud rate and suffix', () => {
    expect(parseDeviceUri('scanner', 'serial:/dev/ttyACM0?baudRate=9600&suffix=CRLF')).toEqual({
      kind: 'scanner',
      uri: 'serial:/dev/ttyACM0?baudRate=9600&suffix=CRLF',
      transport: 'serial',
      serial: { path: '/dev/ttyACM0', baudRate: 9600, ...SERIAL_8N1 },
      suffix: 'CRLF',
    });
  });

  it('defaults to 9600 8N1 and a CR suffix, and reads every suffix', () => {
    const plain = parseDeviceUri('scanner', 'serial:/dev/ttyACM0');
    expect(plain).toMatchObject({
      transport: 'serial',
      serial: { path: '/dev/ttyACM0', baudRate: 9600, ...SERIAL_8N1 },
      suffix: 'CR',
    });
    for (const suffix of ['CR', 'LF', 'CRLF', 'none'] as const) {
      expect(parseDeviceUri('scanner', `serial:/dev/ttyACM0?suffix=${suffix}`)).toMatchObject({
        suffix,
      });
    }
    // Case does not matter in values.
    expect(parseDeviceUri('scanner', 'serial:/dev/ttyACM0?suffix=crlf')).toMatchObject({
      suffix: 'CRLF',
    });
    expect(parseDeviceUri('scanner', 'serial:/dev/ttyACM0?suffix=NONE')).toMatchObject({
      suffix: 'none',
    });
  });

  it('takes every serial parameter', () => {
    expect(
      parseDeviceUri(
        'scanner',
        'serial:/dev/ttyUSB3?baudRate=115200&dataBits=7&parity=even&stopBits=2&suffix=LF',
      ),
    ).toMatchObject({
      serial: { path: '/dev/ttyUSB3', baudRate: 115200, dataBits: 7, parity: 'even', stopBits: 2 },
      suffix: 'LF',
    });
  });

  it('reads HID vendor and product ids in hex', () => {
    expect(parseDeviceUri('scanner', 'hid:05e0:1200')).toEqual({
      kind: 'scanner',
      uri: 'hid:05e0:1200',
      transport: 'hid',
      vendorId: 0x05e0,
      productId: 0x1200,
    });
    expect(parseDeviceUri('scanner', 'hid:0x0C2E:0B8F')).toMatchObject({
      vendorId: 0x0c2e,
      productId: 0x0b8f,
    });
  });

  it('reads keyboard, sim and none, trimming spaces', () => {
    expect(parseDeviceUri('scanner', 'keyboard')).toEqual({
      kind: 'scanner',
      uri: 'keyboard',
      transport: 'keyboard',
    });
    expect(parseDeviceUri('scanner', ' sim ')).toEqual({
      kind: 'scanner',
      uri: 'sim',
      transport: 'sim',
    });
    expect(parseDeviceUri('scanner', 'none')).toMatchObject({ transport: 'none' });
  });

  it('refuses bad scanner URIs, saying what is wrong', () => {
    expect(refusal('scanner', '').message).toContain('empty');
    expect(refusal('scanner', '   ').message).toContain('empty');
    expect(refusal('scanner', 'usb:/dev/x').message).toMatch(/does not take "usb".*serial:/);
    expect(refusal('scanner', 'tcp:10.0.0.1:9100').message).toContain('does not take "tcp"');
    expect(refusal('scanner', 'printer').message).toContain('does not take "printer"');
    expect(refusal('scanner', 'serial:').message).toContain('path is missing');
    expect(refusal('scanner', 'serial:dev/ttyACM0').message).toContain('not absolute');
    expect(refusal('scanner', 'serial:/dev/tty ACM0').message).toContain('spaces');
    expect(refusal('scanner', 'serial:/dev/ttyACM0?suffix=TAB').message).toContain(
      'suffix must be one of CR, LF, CRLF, none, not "TAB"',
    );
    expect(refusal('scanner', 'serial:/dev/ttyACM0?baudRate=fast').message).toContain(
      'baudRate must be a whole number',
    );
    expect(refusal('scanner', 'serial:/dev/ttyACM0?baudRate=0').message).toContain('baudRate');
    expect(refusal('scanner', 'serial:/dev/ttyACM0?baudRate=96.5').message).toContain('baudRate');
    expect(refusal('scanner', 'serial:/dev/ttyACM0?dataBits=9').message).toContain(
      'dataBits must be one of 5, 6, 7, 8',
    );
    expect(refusal('scanner', 'serial:/dev/ttyACM0?parity=maybe').message).toContain('parity');
    expect(refusal('scanner', 'serial:/dev/ttyACM0?stopBits=3').message).toContain('stopBits');
    expect(refusal('scanner', 'serial:/dev/ttyACM0?baud=9600').message).toContain(
      'unknown parameter "baud" (allowed: baudRate, dataBits, parity, stopBits, suffix)',
    );
    expect(refusal('scanner', 'serial:/dev/ttyACM0?baudRate=9600&baudRate=4800').message).toContain(
      'given twice',
    );
    expect(refusal('scanner', 'serial:/dev/ttyACM0?baudRate').message).toContain('no value');
    expect(refusal('scanner', 'serial:/dev/ttyACM0?baudRate=%E0%A4%A').message).toContain(
      'badly encoded',
    );
    expect(refusal('scanner', 'serial:/dev/ttyACM0?columns=42').message).toContain(
      'unknown parameter "columns"',
    );
    expect(refusal('scanner', 'hid:05e0').message).toContain('VID:PID');
    expect(refusal('scanner', 'hid:05e0:12000').message).toContain('VID:PID');
    expect(refusal('scanner', 'hid:xyz1:1200').message).toContain('VID:PID');
    expect(refusal('scanner', 'hid:0000:1200').message).toContain('vendor');
    expect(refusal('scanner', 'hid:05e0:1200?suffix=CR').message).toContain('takes no parameters');
    expect(refusal('scanner', 'keyboard:x').message).toContain('takes nothing after it');
    expect(refusal('scanner', 'sim?suffix=CR').message).toContain('takes no parameters');
  });

  it('gives the reason and the URI in the error details', () => {
    const error = refusal('scanner', 'serial:/dev/ttyACM0?suffix=TAB');
    expect(error.details).toMatchObject({
      kind: 'scanner',
      uri: 'serial:/dev/ttyACM0?suffix=TAB',
    });
    expect(String(error.details['reason'])).toContain('suffix');
  });
});

describe('printer URIs', () => {
  it('reads serial, tcp, file and sim printers, 42 columns unless told 48', () => {
    expect(parseDeviceUri('printer', 'serial:/dev/ttyUSB0?baudRate=19200')).toEqual({
      kind: 'printer',
      uri: 'serial:/dev/ttyUSB0?baudRate=19200',
      transport: 'serial',
      serial: { path: '/dev/ttyUSB0', baudRate: 19200, ...SERIAL_8N1 },
      columns: 42,
    });
    expect(parseDeviceUri('printer', 'tcp:192.168.1.50:9100?columns=48')).toEqual({
      kind: 'printer',
      uri: 'tcp:192.168.1.50:9100?columns=48',
      transport: 'tcp',
      host: '192.168.1.50',
      port: 9100,
      columns: 48,
    });
    expect(parseDeviceUri('printer', 'tcp:printer.shop.lan')).toMatchObject({
      host: 'printer.shop.lan',
      port: 9100,
    });
    expect(parseDeviceUri('printer', 'tcp://10.0.0.7:9101')).toMatchObject({
      host: '10.0.0.7',
      port: 9101,
    });
    expect(parseDeviceUri('printer', 'tcp:[fe80::1]:9100')).toMatchObject({
      host: 'fe80::1',
      port: 9100,
    });
    expect(parseDeviceUri('printer', 'file:/dev/usb/lp0')).toEqual({
      kind: 'printer',
      uri: 'file:/dev/usb/lp0',
      transport: 'file',
      path: '/dev/usb/lp0',
      columns: 42,
    });
    expect(parseDeviceUri('printer', 'file:///dev/usb/lp1?columns=48')).toMatchObject({
      path: '/dev/usb/lp1',
      columns: 48,
    });
    expect(parseDeviceUri('printer', 'sim?columns=48')).toMatchObject({
      transport: 'sim',
      columns: 48,
    });
    expect(parseDeviceUri('printer', 'sim')).toMatchObject({ transport: 'sim', columns: 42 });
    expect(parseDeviceUri('printer', 'none')).toEqual({
      kind: 'printer',
      uri: 'none',
      transport: 'none',
    });
  });

  it('refuses bad printer URIs', () => {
    expect(refusal('printer', 'tcp:').message).toContain('host is missing');
    expect(refusal('printer', 'tcp:10.0.0.1:0').message).toContain('port "0"');
    expect(refusal('printer', 'tcp:10.0.0.1:65536').message).toContain('port "65536"');
    expect(refusal('printer', 'tcp:10.0.0.1:http').message).toContain('port "http"');
    expect(refusal('printer', 'tcp:bad_host!:9100').message).toContain('not a host name');
    expect(refusal('printer', 'tcp:10.0.0.1?baudRate=9600').message).toContain(
      'unknown parameter "baudRate" (allowed: columns)',
    );
    expect(refusal('printer', 'serial:/dev/ttyUSB0?columns=40').message).toContain(
      'columns must be one of 42, 48',
    );
    expect(refusal('printer', 'file:').message).toContain('path is missing');
    expect(refusal('printer', 'file:lp0').message).toContain('not absolute');
    expect(refusal('printer', 'hid:05e0:1200').message).toContain('does not take "hid"');
    expect(refusal('printer', 'keyboard').message).toContain('does not take "keyboard"');
    expect(refusal('printer', 'none?columns=48').message).toContain('takes no parameters');
  });
});

describe('normalised URIs', () => {
  it('keeps a URI trimmed with its scheme in lower case: SIM and " sim " are sim', () => {
    expect(parseDeviceUri('printer', 'SIM').uri).toBe('sim');
    expect(parseDeviceUri('printer', ' sim ').uri).toBe('sim');
    expect(parseDeviceUri('drawer', 'Printer').uri).toBe('printer');
    expect(parseDeviceUri('printer', ' TCP:10.0.0.5:9100?columns=48').uri).toBe(
      'tcp:10.0.0.5:9100?columns=48',
    );
    expect(parseDeviceUri('scanner', 'Serial:/dev/ttyACM0').uri).toBe('serial:/dev/ttyACM0');
  });
});

describe('drawer, scale and display URIs', () => {
  it('reads a drawer on the printer, on its own line, simulated or absent', () => {
    expect(parseDeviceUri('drawer', 'printer')).toEqual({
      kind: 'drawer',
      uri: 'printer',
      transport: 'printer',
    });
    expect(parseDeviceUri('drawer', 'serial:/dev/ttyUSB3?baudRate=9600')).toMatchObject({
      transport: 'serial',
      serial: { path: '/dev/ttyUSB3', baudRate: 9600, ...SERIAL_8N1 },
    });
    expect(parseDeviceUri('drawer', 'sim')).toMatchObject({ transport: 'sim' });
    expect(parseDeviceUri('drawer', 'none')).toMatchObject({ transport: 'none' });
    expect(refusal('drawer', 'tcp:10.0.0.1').message).toContain('does not take "tcp"');
    expect(refusal('drawer', 'printer:x').message).toContain('takes nothing after it');
    expect(refusal('drawer', 'serial:/dev/ttyUSB3?suffix=CR').message).toContain(
      'unknown parameter "suffix"',
    );
  });

  it('reads a Toledo 8217 scale as 9600 7E1 unless told otherwise', () => {
    expect(
      parseDeviceUri('scale', 'serial:/dev/ttyUSB1?protocol=toledo8217&baudRate=9600'),
    ).toEqual({
      kind: 'scale',
      uri: 'serial:/dev/ttyUSB1?protocol=toledo8217&baudRate=9600',
      transport: 'serial',
      serial: { path: '/dev/ttyUSB1', baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 },
      protocol: 'toledo8217',
    });
    expect(parseDeviceUri('scale', 'serial:/dev/ttyUSB1')).toMatchObject({
      protocol: 'toledo8217',
      serial: { dataBits: 7, parity: 'even' },
    });
    expect(
      parseDeviceUri('scale', 'serial:/dev/ttyUSB1?protocol=toledo8217&dataBits=8&parity=none'),
    ).toMatchObject({ serial: { dataBits: 8, parity: 'none', stopBits: 1, baudRate: 9600 } });
    expect(parseDeviceUri('scale', 'sim')).toMatchObject({ transport: 'sim' });
    expect(parseDeviceUri('scale', 'none')).toMatchObject({ transport: 'none' });
    expect(refusal('scale', 'serial:/dev/ttyUSB1?protocol=dialog99').message).toContain(
      'protocol must be one of toledo8217',
    );
    expect(refusal('scale', 'file:/dev/scale').message).toContain('does not take "file"');
  });

  it('reads a serial customer display', () => {
    expect(parseDeviceUri('display', 'serial:/dev/ttyUSB2?baudRate=9600')).toMatchObject({
      kind: 'display',
      transport: 'serial',
      serial: { path: '/dev/ttyUSB2', baudRate: 9600, ...SERIAL_8N1 },
    });
    expect(parseDeviceUri('display', 'serial:COM4')).toMatchObject({
      serial: { path: 'COM4' },
    });
    expect(parseDeviceUri('display', 'sim')).toMatchObject({ transport: 'sim' });
    expect(parseDeviceUri('display', 'none')).toMatchObject({ transport: 'none' });
    expect(refusal('display', 'keyboard').message).toContain('does not take "keyboard"');
    expect(refusal('display', 'serial:/dev/ttyUSB2?columns=20').message).toContain(
      'unknown parameter "columns"',
    );
  });
});

describe('helpers', () => {
  it('tells configurations with a transport from those without, and names transports', () => {
    const serial = parseDeviceUri('scanner', 'serial:/dev/ttyACM0');
    const keyboard = parseDeviceUri('scanner', 'keyboard');
    const drawer = parseDeviceUri('drawer', 'printer');
    expect(hasTransport(serial)).toBe(true);
    expect(hasTransport(keyboard)).toBe(false);
    expect(hasTransport(drawer)).toBe(false);
    expect(hasTransport(parseDeviceUri('display', 'none'))).toBe(false);
    if (hasTransport(serial)) expect(transportName(serial)).toBe('serial:/dev/ttyACM0');
    expect(transportName({ transport: 'tcp', host: 'fe80::1', port: 9100 })).toBe(
      'tcp:[fe80::1]:9100',
    );
    expect(transportName({ transport: 'hid', vendorId: 0x5e0, productId: 0x1200 })).toBe(
      'hid:05e0:1200',
    );
    expect(transportName({ transport: 'file', path: '/dev/usb/lp0' })).toBe('file:/dev/usb/lp0');
  });
});
