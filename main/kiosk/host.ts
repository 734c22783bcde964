import { randomBytes } from 'node:crypto';
import { startTill, type RunningTill, type TillOptions } from '../index';
import type { TillEventMessage } from '../api';
import { createKioskServer } from './server';

export interface KioskHost {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  /** The till it serves (its devices: a simulated scanner is scanned through it in tests). */
  running: RunningTill;
  /** The server, then the devices in reverse, then the database. */
  stop(): Promise<void>;
}

/** Starts the till and its TillApi on 127.0.0.1 (port 0: a free one). */
export async function startKiosk(options: {
  dbPath: string;
  port: number;
  /** The built renderer (dist/renderer), served at /. */
  rendererDir?: string;
  till?: Omit<TillOptions, 'dbPath' | 'send'>;
}): Promise<KioskHost> {
  // The server exists only once the till has started: events wait for it by this indirection.
  let send: (message: TillEventMessage) => void = () => {};
  const running = startTill({
    devices: true,
    ...options.till,
    dbPath: options.dbPath,
    send: (message) => send(message),
  });
  try {
    const token = randomBytes(24).toString('base64url');
    let port = options.port;
    const kiosk = await createKioskServer({
      running,
      token,
      port: () => port,
      ...(options.rendererDir === undefined ? {} : { rendererDir: options.rendererDir }),
    });
    send = kiosk.broadcast;
    await kiosk.app.listen({ host: '127.0.0.1', port });
    const address = kiosk.app.server.address();
    if (address && typeof address === 'object') port = address.port;
    return {
      url: `http://127.0.0.1:${port}/?token=${token}`,
      port,
      token,
      running,
      async stop() {
        await kiosk.app.close();
        await running.stop();
      },
    };
  } catch (error) {
    await running.stop();
    throw error;
  }
}
