/**
 * `npm run kiosk`: the till with its devices, its TillApi on 127.0.0.1, and one line to open.
 * EMM_DB the database (var/till.db), PORT the port (a free one), EMM_SCANNER … EMM_DISPLAY the
 * devices. Ctrl-C or SIGTERM stops it: the server, then the devices in reverse, then the database.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorMessage } from '../../domain/errors';
import { startTill } from '../index';
import type { TillEventMessage } from '../api';
import { createKioskServer } from './server';

async function main(): Promise<void> {
  const dbPath = process.env.EMM_DB ?? 'var/till.db';
  const port = process.env.PORT === undefined ? 0 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number, not ${process.env.PORT}`);
  }
  mkdirSync(dirname(dbPath), { recursive: true });

  // The server exists only once the till has started: events wait for it by this indirection.
  let send: (message: TillEventMessage) => void = () => {};
  const running = startTill({
    dbPath,
    devices: true,
    onEvent: ({ type, ...payload }) => send({ event: type, payload } as TillEventMessage),
    onScan: (code) => send({ event: 'scan', payload: { code } }),
    onScanRefused: (code, message) => send({ event: 'scan_refused', payload: { code, message } }),
  });
  running.devices?.onStatus((status) => send({ event: 'device_status', payload: status }));

  const token = randomBytes(24).toString('base64url');
  let listening = port;
  const kiosk = await createKioskServer({ running, token, port: () => listening });
  send = kiosk.broadcast;
  await kiosk.app.listen({ host: '127.0.0.1', port });
  const address = kiosk.app.server.address();
  if (address && typeof address === 'object') listening = address.port;
  process.stdout.write(`Till ready: http://127.0.0.1:${listening}/?token=${token}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await kiosk.app.close();
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`The till could not start: ${errorMessage(error)}\n`);
  process.exit(1);
});
