/**
 * The one assembly point of the till's main process: services are created and started here, in
 * order, and stopped in reverse. Electron's entry and the kiosk host both start the till from here.
 */
import { openDatabase, type Db } from '../db/open';
import { TillService } from './till/service';
import { seedDemoIfEmpty } from './till/first-run';
import { createIdGenerator } from './ids';

export interface TillOptions {
  /** The SQLite file of this till. */
  dbPath: string;
  clock?: () => Date;
  /** Seed the demo catalogue and users into an empty database (true by default). */
  demo?: boolean;
}

export interface RunningTill {
  db: Db;
  till: TillService;
  stop(): void;
}

export function startTill(options: TillOptions): RunningTill {
  const clock = options.clock ?? (() => new Date());
  const db = openDatabase(options.dbPath);
  if (options.demo ?? true) seedDemoIfEmpty(db, clock().toISOString());
  const till = new TillService({ db, clock, newId: createIdGenerator() });
  return {
    db,
    till,
    stop() {
      till.signOut();
      db.close();
    },
  };
}
