/**
 * Device URIs, as the settings and the environment give them (DESIGN.md, Devices):
 *
 *   scanner  serial:/dev/ttyACM0?baudRate=9600&suffix=CR   (suffix CR | LF | CRLF | none)
 *            hid:05e0:1200                                 (USB vendor:product id, hex)
 *            keyboard | sim | none
 *   printer  serial:/dev/ttyUSB0?baudRate=19200 | tcp:192.168.1.50:9100 | file:/dev/usb/lp0
 *            | sim | none                                  (all but none: ?columns=42|48)
 *   drawer   printer | serial:/dev/ttyUSB3 | sim | none
 *   scale    serial:/dev/ttyUSB1?protocol=toledo8217       (9600 7E1 unless told otherwise)
 *            | sim | none
 *   display  serial:/dev/ttyUSB2?baudRate=9600 | sim | none
 *
 * Serial lines take baudRate, dataBits (5-8), parity (none, even, odd, mark, space) and stopBits
 * (1, 1.5, 2); 9600 8N1 unless told otherwise. `tcp:HOST` means port 9100. A bad URI is refused
 * with `device.invalid_uri`, naming the URI and what is wrong with it.
 */
import { z } from 'zod';
import { TillError } from '../domain/errors';
import { pathProblem } from './device-path';
import type { DeviceKind } from './types';

export const SCANNER_SUFFIXES = ['CR', 'LF', 'CRLF', 'none'] as const;
export type ScannerSuffix = (typeof SCANNER_SUFFIXES)[number];

export const SCALE_PROTOCOLS = ['toledo8217'] as const;
export type ScaleProtocol = (typeof SCALE_PROTOCOLS)[number];

export const PRINTER_COLUMNS = [42, 48] as const;
export type PrinterColumns = (typeof PRINTER_COLUMNS)[number];
/** 42 columns fit every 80 mm printer (TM-T88: 42 in font A; TM-T20: 48). */
export const DEFAULT_PRINTER_COLUMNS: PrinterColumns = 42;

export const SERIAL_PARITIES = ['none', 'even', 'odd', 'mark', 'space'] as const;
export type SerialParity = (typeof SERIAL_PARITIES)[number];

export const DEFAULT_TCP_PORT = 9100;

export interface SerialOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly dataBits: 5 | 6 | 7 | 8;
  readonly parity: SerialParity;
  readonly stopBits: 1 | 1.5 | 2;
}

/** The transports that move bytes (what `createTransport` opens). */
export type TransportConfig =
  | { readonly transport: 'serial'; readonly serial: SerialOptions }
  | { readonly transport: 'tcp'; readonly host: string; readonly port: number }
  | { readonly transport: 'file'; readonly path: string }
  | { readonly transport: 'hid'; readonly vendorId: number; readonly productId: number }
  | { readonly transport: 'sim' };

export type SerialConfig = Extract<TransportConfig, { transport: 'serial' }>;
export type TcpConfig = Extract<TransportConfig, { transport: 'tcp' }>;
export type FileConfig = Extract<TransportConfig, { transport: 'file' }>;
export type HidConfig = Extract<TransportConfig, { transport: 'hid' }>;
export type SimConfig = Extract<TransportConfig, { transport: 'sim' }>;
/** No device configured. */
export interface NoneConfig {
  readonly transport: 'none';
}

interface Described<K extends DeviceKind> {
  readonly kind: K;
  /** The URI as given, trimmed and its scheme lower-cased, for the settings, logs and status. */
  readonly uri: string;
}

export type ScannerConfig = Described<'scanner'> &
  (
    | (SerialConfig & { readonly suffix: ScannerSuffix })
    | HidConfig
    /** A keyboard-wedge scanner: the renderer reads it (domain/keyboard-wedge). */
    | { readonly transport: 'keyboard' }
    | SimConfig
    | NoneConfig
  );

export type PrinterConfig = Described<'printer'> &
  (
    | ((SerialConfig | TcpConfig | FileConfig | SimConfig) & { readonly columns: PrinterColumns })
    | NoneConfig
  );

export type DrawerConfig = Described<'drawer'> &
  /** The drawer hangs on the printer: the kick pulse goes through it. */
  ({ readonly transport: 'printer' } | SerialConfig | SimConfig | NoneConfig);

export type ScaleConfig = Described<'scale'> &
  ((SerialConfig & { readonly protocol: ScaleProtocol }) | SimConfig | NoneConfig);

export type DisplayConfig = Described<'display'> & (SerialConfig | SimConfig | NoneConfig);

export interface DeviceConfigs {
  scanner: ScannerConfig;
  printer: PrinterConfig;
  drawer: DrawerConfig;
  scale: ScaleConfig;
  display: DisplayConfig;
}

/** Any device's configuration, discriminated by `kind` then by `transport`. */
export type DeviceConfig = DeviceConfigs[DeviceKind];

/** Whether a configuration has bytes to move (serial, tcp, file, hid, sim). */
export function hasTransport<C extends DeviceConfig>(
  config: C,
): config is Extract<C, TransportConfig> {
  switch (config.transport) {
    case 'serial':
    case 'tcp':
    case 'file':
    case 'hid':
    case 'sim':
      return true;
    default:
      return false;
  }
}

/** The accepted forms, per kind, for error messages and help texts. */
export const DEVICE_URI_FORMS: Readonly<Record<DeviceKind, readonly string[]>> = {
  scanner: [
    'serial:/dev/ttyACM0?baudRate=9600&suffix=CR|LF|CRLF|none',
    'hid:VID:PID (hex, e.g. hid:05e0:1200)',
    'keyboard',
    'sim',
    'none',
  ],
  printer: [
    'serial:/dev/ttyUSB0?baudRate=19200',
    'tcp:HOST:9100',
    'file:/dev/usb/lp0',
    'sim',
    'none',
    '(with ?columns=42|48)',
  ],
  drawer: ['printer', 'serial:/dev/ttyUSB3?baudRate=9600', 'sim', 'none'],
  scale: ['serial:/dev/ttyUSB1?protocol=toledo8217&baudRate=9600', 'sim', 'none'],
  display: ['serial:/dev/ttyUSB2?baudRate=9600', 'sim', 'none'],
};

const SCHEMES: Readonly<Record<DeviceKind, readonly string[]>> = {
  scanner: ['serial', 'hid', 'keyboard', 'sim', 'none'],
  printer: ['serial', 'tcp', 'file', 'sim', 'none'],
  drawer: ['printer', 'serial', 'sim', 'none'],
  scale: ['serial', 'sim', 'none'],
  display: ['serial', 'sim', 'none'],
};

/** Schemes written as a bare word, with nothing after a colon. */
const WORDS = new Set(['keyboard', 'sim', 'none', 'printer']);

// ---------------------------------------------------------------------------------------------
// Query parameters

const enumParam = <T extends string>(values: readonly T[], name: string) =>
  z.string().transform((text, ctx): T => {
    const found = values.find((v) => v.toLowerCase() === text.toLowerCase());
    if (found === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be one of ${values.join(', ')}, not "${text}"`,
      });
      return z.NEVER;
    }
    return found;
  });

const numberParam = <T extends number>(
  values: readonly T[] | null,
  name: string,
  range?: [number, number],
) =>
  z.string().transform((text, ctx): T => {
    const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    const ok =
      values !== null
        ? (values as readonly number[]).includes(value)
        : Number.isInteger(value) && range !== undefined && value >= range[0] && value <= range[1];
    if (!ok) {
      const expected =
        values !== null
          ? `one of ${values.join(', ')}`
          : `a whole number from ${range?.[0]} to ${range?.[1]}`;
      ctx.addIssue({ code: 'custom', message: `${name} must be ${expected}, not "${text}"` });
      return z.NEVER;
    }
    return value as T;
  });

const serialParams = {
  baudRate: numberParam<number>(null, 'baudRate', [50, 4_000_000]).optional(),
  dataBits: numberParam([5, 6, 7, 8] as const, 'dataBits').optional(),
  parity: enumParam(SERIAL_PARITIES, 'parity').optional(),
  stopBits: numberParam([1, 1.5, 2] as const, 'stopBits').optional(),
};
const columnsParam = { columns: numberParam(PRINTER_COLUMNS, 'columns').optional() };

const QUERY_SCHEMAS = {
  scannerSerial: z.strictObject({
    ...serialParams,
    suffix: enumParam(SCANNER_SUFFIXES, 'suffix').optional(),
  }),
  printerSerial: z.strictObject({ ...serialParams, ...columnsParam }),
  printerOther: z.strictObject(columnsParam),
  scaleSerial: z.strictObject({
    ...serialParams,
    protocol: enumParam(SCALE_PROTOCOLS, 'protocol').optional(),
  }),
  serial: z.strictObject(serialParams),
  empty: z.strictObject({}),
};

/** What a scale protocol's line is unless the URI says otherwise. */
const SCALE_SERIAL_DEFAULTS: Record<ScaleProtocol, Omit<SerialOptions, 'path'>> = {
  // Mettler-Toledo 8217 (as Odoo's IoT box speaks it): 9600 baud, 7 data bits, even parity, 1 stop.
  toledo8217: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 },
};

const SERIAL_DEFAULTS: Omit<SerialOptions, 'path'> = {
  baudRate: 9600,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
};

// ---------------------------------------------------------------------------------------------
// Parsing

class UriError extends Error {}

function invalid(kind: DeviceKind, uri: string, why: string): TillError {
  return new TillError('device.invalid_uri', `Invalid ${kind} URI "${uri}": ${why}`, {
    kind,
    uri,
    reason: why,
  });
}

function parseQuery<S extends z.ZodType>(schema: S, query: string | null): z.output<S> {
  const raw: Record<string, string> = {};
  if (query !== null && query !== '') {
    for (const part of query.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      let key: string;
      let value: string;
      try {
        key = decodeURIComponent(eq === -1 ? part : part.slice(0, eq));
        value = decodeURIComponent(eq === -1 ? '' : part.slice(eq + 1));
      } catch {
        throw new UriError(`the parameter "${part}" is badly encoded`);
      }
      if (eq === -1 || value === '') throw new UriError(`the parameter "${key}" has no value`);
      if (Object.hasOwn(raw, key)) throw new UriError(`the parameter "${key}" is given twice`);
      raw[key] = value;
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const reasons = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
      const unknown = issue.keys.map((k) => `"${k}"`).join(', ');
      return allowed.length === 0
        ? `it takes no parameters (found ${unknown})`
        : `unknown parameter ${unknown} (allowed: ${allowed.join(', ')})`;
    }
    return issue.message;
  });
  throw new UriError(reasons.join('; '));
}

function parsePath(rest: string, what: string): string {
  // Tolerate file:///dev/usb/lp0 and serial:///dev/ttyUSB0.
  const path = rest.startsWith('///') ? rest.slice(2) : rest;
  if (path === '') throw new UriError(`${what} path is missing`);
  if (/[\s\0]/.test(path)) throw new UriError(`${what} path "${path}" contains spaces`);
  if (!path.startsWith('/') && !/^COM\d+$/i.test(path)) {
    throw new UriError(`${what} path "${path}" is not absolute (e.g. /dev/ttyUSB0)`);
  }
  const problem = path.startsWith('/') ? pathProblem(path) : null;
  if (problem !== null) throw new UriError(`${what} path ${problem}`);
  return path;
}

function parseSerialPath(rest: string): string {
  return parsePath(rest, 'the serial');
}

function parseTcp(rest: string): { host: string; port: number } {
  const target = rest.startsWith('//') ? rest.slice(2) : rest;
  if (target === '') throw new UriError('the host is missing (tcp:HOST or tcp:HOST:PORT)');
  let host: string;
  let portText: string | undefined;
  const ipv6 = /^\[([0-9a-fA-F:.]+)\](?::(.*))?$/.exec(target);
  if (ipv6) {
    host = ipv6[1] ?? '';
    portText = ipv6[2];
  } else {
    const colon = target.indexOf(':');
    host = colon === -1 ? target : target.slice(0, colon);
    portText = colon === -1 ? undefined : target.slice(colon + 1);
    if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host)) {
      throw new UriError(`"${host}" is not a host name or IPv4 address`);
    }
  }
  let port = DEFAULT_TCP_PORT;
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
    if (!(port >= 1 && port <= 65535)) {
      throw new UriError(`the port "${portText}" is not a number from 1 to 65535`);
    }
  }
  return { host, port };
}

function parseHid(rest: string): { vendorId: number; productId: number } {
  const match = /^(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})$/.exec(rest);
  if (!match) {
    throw new UriError(
      `"${rest}" is not VID:PID, two hexadecimal USB ids of up to 4 digits (e.g. hid:05e0:1200)`,
    );
  }
  const vendorId = Number.parseInt(match[1] ?? '', 16);
  const productId = Number.parseInt(match[2] ?? '', 16);
  if (vendorId === 0) throw new UriError('the vendor id 0000 is not a USB vendor');
  return { vendorId, productId };
}

function serialOptions(
  path: string,
  params: Partial<Omit<SerialOptions, 'path'>>,
  defaults: Omit<SerialOptions, 'path'> = SERIAL_DEFAULTS,
): SerialOptions {
  return {
    path,
    baudRate: params.baudRate ?? defaults.baudRate,
    dataBits: params.dataBits ?? defaults.dataBits,
    parity: params.parity ?? defaults.parity,
    stopBits: params.stopBits ?? defaults.stopBits,
  };
}

type Body<K extends DeviceKind> = DistributiveOmit<DeviceConfigs[K], 'kind' | 'uri'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function parseBody(
  kind: DeviceKind,
  scheme: string,
  rest: string,
  query: string | null,
): Body<DeviceKind> {
  if (WORDS.has(scheme)) {
    if (rest !== '') throw new UriError(`"${scheme}" takes nothing after it`);
    if (kind === 'printer' && scheme === 'sim') {
      const { columns } = parseQuery(QUERY_SCHEMAS.printerOther, query);
      return { transport: 'sim', columns: columns ?? DEFAULT_PRINTER_COLUMNS };
    }
    parseQuery(QUERY_SCHEMAS.empty, query);
    switch (scheme) {
      case 'keyboard':
        return { transport: 'keyboard' };
      case 'printer':
        return { transport: 'printer' };
      case 'sim':
        return { transport: 'sim' };
      default:
        return { transport: 'none' };
    }
  }
  switch (scheme) {
    case 'serial': {
      const path = parseSerialPath(rest);
      switch (kind) {
        case 'scanner': {
          const { suffix, ...params } = parseQuery(QUERY_SCHEMAS.scannerSerial, query);
          return {
            transport: 'serial',
            serial: serialOptions(path, params),
            suffix: suffix ?? 'CR',
          };
        }
        case 'printer': {
          const { columns, ...params } = parseQuery(QUERY_SCHEMAS.printerSerial, query);
          return {
            transport: 'serial',
            serial: serialOptions(path, params),
            columns: columns ?? DEFAULT_PRINTER_COLUMNS,
          };
        }
        case 'scale': {
          const { protocol = 'toledo8217', ...params } = parseQuery(
            QUERY_SCHEMAS.scaleSerial,
            query,
          );
          return {
            transport: 'serial',
            serial: serialOptions(path, params, SCALE_SERIAL_DEFAULTS[protocol]),
            protocol,
          };
        }
        case 'drawer':
        case 'display':
          return {
            transport: 'serial',
            serial: serialOptions(path, parseQuery(QUERY_SCHEMAS.serial, query)),
          };
      }
      break;
    }
    case 'tcp': {
      const { columns } = parseQuery(QUERY_SCHEMAS.printerOther, query);
      return { transport: 'tcp', ...parseTcp(rest), columns: columns ?? DEFAULT_PRINTER_COLUMNS };
    }
    case 'file': {
      const { columns } = parseQuery(QUERY_SCHEMAS.printerOther, query);
      return {
        transport: 'file',
        path: parsePath(rest, 'the device'),
        columns: columns ?? DEFAULT_PRINTER_COLUMNS,
      };
    }
    case 'hid':
      parseQuery(QUERY_SCHEMAS.empty, query);
      return { transport: 'hid', ...parseHid(rest) };
  }
  throw new UriError(`"${scheme}" is not a transport`);
}

/**
 * Reads a device URI for a device kind. Throws `device.invalid_uri` naming the URI and what is
 * wrong: an empty URI, a transport the kind does not take, a bad path, host, port or id, an
 * unknown, repeated or invalid parameter.
 */
export function parseDeviceUri<K extends DeviceKind>(kind: K, uri: string): DeviceConfigs[K] {
  const text = typeof uri === 'string' ? uri.trim() : '';
  if (text === '') {
    throw invalid(kind, text, `it is empty (use "none" for no ${kind})`);
  }
  const colon = text.indexOf(':');
  const question = text.indexOf('?');
  const schemeEnd = [colon, question, text.length]
    .filter((i) => i !== -1)
    .reduce((a, b) => Math.min(a, b));
  const scheme = text.slice(0, schemeEnd).toLowerCase();
  const afterScheme = colon === schemeEnd ? text.slice(schemeEnd + 1) : text.slice(schemeEnd);
  const q = afterScheme.indexOf('?');
  const rest = q === -1 ? afterScheme : afterScheme.slice(0, q);
  const query = q === -1 ? null : afterScheme.slice(q + 1);

  const allowed = SCHEMES[kind];
  if (!allowed.includes(scheme)) {
    throw invalid(
      kind,
      text,
      `a ${kind} does not take "${scheme}" (use one of: ${DEVICE_URI_FORMS[kind].join(', ')})`,
    );
  }
  try {
    // "SIM", " sim " and "sim" are the same device: kept and shown as "sim".
    const normalised = scheme + text.slice(schemeEnd);
    return { kind, uri: normalised, ...parseBody(kind, scheme, rest, query) } as DeviceConfigs[K];
  } catch (error) {
    if (error instanceof UriError) throw invalid(kind, text, error.message);
    throw error;
  }
}

/** The name a transport goes by in logs and status ("serial:/dev/ttyUSB0", "tcp:10.0.0.5:9100"). */
export function transportName(config: TransportConfig): string {
  switch (config.transport) {
    case 'serial':
      return `serial:${config.serial.path}`;
    case 'tcp':
      return `tcp:${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
    case 'file':
      return `file:${config.path}`;
    case 'hid':
      return `hid:${hex4(config.vendorId)}:${hex4(config.productId)}`;
    case 'sim':
      return 'sim';
  }
}

function hex4(id: number): string {
  return id.toString(16).padStart(4, '0');
}
