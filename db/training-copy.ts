import type { Db } from './open';

/**
 * What a training till needs of the real one to sell as it does: the catalogue, the members and
 * their statuses, the barcode rules, the users (with their PINs and lockouts) and the settings.
 * Parents before children, for the foreign keys. Nothing sold, counted or journaled is copied.
 */
const COPIED_TABLES = [
  'tax_rates',
  'categories',
  'products',
  'barcodes',
  'member_statuses',
  'members',
  'nomenclature_rules',
  'users',
  'pin_failures',
] as const;

/**
 * Fills a fresh training database (just migrated) from the real one's file, in one transaction.
 * The link with the server (settings `sync.*`, its token among them) stays behind: a training
 * till never syncs.
 */
export function copyForTraining(training: Db, realPath: string): void {
  training.prepare('ATTACH DATABASE ? AS real').run(realPath);
  try {
    training.transaction(() => {
      // A member may point at another copied after it (member_of): checked at the commit.
      training.pragma('defer_foreign_keys = ON');
      // A migration may have seeded defaults (member statuses): the real till's replace them.
      for (const table of [...COPIED_TABLES].reverse()) training.exec(`DELETE FROM main.${table}`);
      for (const table of COPIED_TABLES) {
        training.exec(`INSERT INTO main.${table} SELECT * FROM real.${table}`);
      }
      training.exec('DELETE FROM main.settings');
      training.exec(
        "INSERT INTO main.settings SELECT * FROM real.settings WHERE key NOT LIKE 'sync.%'",
      );
    })();
  } finally {
    training.exec('DETACH DATABASE real');
  }
}

/** The real journal's last word on training mode: 'start' while the till is in training. */
export function lastTrainingAct(db: Db): 'start' | 'end' | undefined {
  const act = db
    .prepare<[], unknown>(
      "SELECT json_extract(payload, '$.act') FROM journal WHERE doc_type = 'training' ORDER BY seq DESC LIMIT 1",
    )
    .pluck()
    .get();
  return act === 'start' || act === 'end' ? act : undefined;
}
