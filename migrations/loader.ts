import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * The one migration loader of the till (db/) and the server (server/), here beside the files it
 * reads, where both may import it.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads migrations/<kind>/NNNN_name.sql in order; numbers must run 1, 2, 3... with no gap. */
export function loadMigrations(kind: 'till' | 'server'): Migration[] {
  // ../migrations/ from this module, and from a bundle in dist/ (the kiosk's, Electron's) alike.
  const folder = fileURLToPath(new URL(`../migrations/${kind}/`, import.meta.url));
  const migrations = readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new Error(`Migration file name must be NNNN_name.sql: ${file}`);
      return {
        version: Number(match[1]),
        name: match[2] ?? file,
        sql: readFileSync(join(folder, file), 'utf8'),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration ${migration.version} is out of sequence (expected ${index + 1})`);
    }
  });
  return migrations;
}
