import { startTill, type RunningTill, type TillOptions } from '../index';
import type { TillEventMessage } from '../api';
import { createKioskServer } from './server';
import { readKioskIdentity, writeKioskIdentity } from './identity';

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

/**
 * Starts the till and its TillApi on 127.0.0.1 (port 0: the one used last time when it is free,
 * else a free one), with the token kept beside the database (`<db>-kiosk`, 0600) from the last
 * start: a page left open reconnects by itself after a restart.
 */
export async function startKiosk(options: {
  dbPath: string;
  port: number;
  /** Where the token and port are kept; `<dbPath>-kiosk` by default. */
  identityPath?: string;
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
    const identityPath = options.identityPath ?? `${options.dbPath}-kiosk`;
    const identity = readKioskIdentity(identityPath);
    const { token } = identity;
    let port = options.port;
    const kiosk = await createKioskServer({
      running,
      token,
      port: () => port,
      ...(options.rendererDir === undefined ? {} : { rendererDir: options.rendererDir }),
    });
    send = kiosk.broadcast;
    if (port === 0 && identity.port !== 0) {
      try {
        port = identity.port;
        await kiosk.app.listen({ host: '127.0.0.1', port });
      } catch (error) {
        // Taken by another program meanwhile: any free port, and the page needs the new address.
        if (!(error instanceof Error && 'code' in error && error.code === 'EADDRINUSE'))
          throw error;
        port = 0;
      }
    }
    if (!kiosk.app.server.listening) await kiosk.app.listen({ host: '127.0.0.1', port });
    const address = kiosk.app.server.address();
    if (address && typeof address === 'object') port = address.port;
    writeKioskIdentity(identityPath, { token, port });
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
