import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../db/open';
import { setSetting } from '../../../db/settings';
import { startKiosk, type KioskHost } from '../../../main/kiosk/host';
import { SimScale } from '../../../drivers/scale/simulator';
import { RENDERER_DIR } from './renderer-build';

/** The keyboard wedge is the scanner the page hears; the rest are the simulators. */
const DEVICES = {
  scanner: 'keyboard',
  printer: 'sim',
  drawer: 'sim',
  scale: 'sim',
  display: 'sim',
};

export interface TestKiosk {
  host: KioskHost;
  dbPath: string;
  /** The simulated scale, to put a weight on it. */
  scale: SimScale;
  /** Stops the till (its database closed, ready to be read); idempotent. */
  stop(): Promise<void>;
  /** Deletes the database's folder. */
  remove(): void;
}

/**
 * The kiosk host in this process on a fresh SQLite file (seeded with the demo on start), its
 * devices simulated: the same startKiosk that `npm run kiosk` runs, with the scale in reach.
 */
export async function startTestKiosk(): Promise<TestKiosk> {
  const dir = mkdtempSync(join(tmpdir(), 'emm-e2e-'));
  const dbPath = join(dir, 'till.db');
  const db = openDatabase(dbPath);
  setSetting(db, 'devices', DEVICES);
  db.close();
  const host = await startKiosk({ dbPath, port: 0, rendererDir: RENDERER_DIR });
  const scale = host.running.devices?.scale;
  if (!(scale instanceof SimScale)) {
    await host.stop();
    throw new Error('The kiosk started without its simulated scale');
  }
  let stopping: Promise<void> | undefined;
  return {
    host,
    dbPath,
    scale,
    stop() {
      stopping ??= host.stop();
      return stopping;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
