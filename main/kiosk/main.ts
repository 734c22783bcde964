/**
 * `npm run kiosk`: the till with its devices, its TillApi on 127.0.0.1, and one line to open.
 * EMM_DB the database (var/till.db), PORT the port (a free one), EMM_SCANNER … EMM_DISPLAY the
 * devices; the screens are dist/renderer (npm run kiosk builds them when stale). Ctrl-C or SIGTERM stops it: the server, then the devices in reverse, then the database.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { errorMessage } from '../../domain/errors';
import { startKiosk } from './host';

async function main(): Promise<void> {
  const dbPath = process.env.EMM_DB ?? 'var/till.db';
  const port = process.env.PORT === undefined ? 0 : Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a port number, not ${process.env.PORT}`);
  }
  mkdirSync(dirname(dbPath), { recursive: true, mode: 0o700 });
  const kiosk = await startKiosk({ dbPath, port, rendererDir: resolve('dist/renderer') });
  process.stdout.write(`Till ready: ${kiosk.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await kiosk.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`The till could not start: ${errorMessage(error)}\n`);
  process.exit(1);
});
