import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { makePrivateFile } from '../../db/private-files';

/**
 * The kiosk host's token and port, kept from one start to the next in a file only the till's
 * account reads (0600, beside the database): after a restart, the page still open in the browser
 * reaches the till again by itself, at the same address with the same token.
 */
export interface KioskIdentity {
  token: string;
  /** The port last listened on (0: none yet). */
  port: number;
}

const identitySchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{32,128}$/),
    port: z.number().int().min(0).max(65_535),
  })
  .strict();

/** The kept identity, or a new token when there is none (or it is not one this host wrote). */
export function readKioskIdentity(path: string): KioskIdentity {
  if (existsSync(path)) {
    try {
      const kept = identitySchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (kept.success) return kept.data;
    } catch {
      // Not JSON: a new token, written over it below.
    }
  }
  return { token: randomBytes(24).toString('base64url'), port: 0 };
}

export function writeKioskIdentity(path: string, identity: KioskIdentity): void {
  makePrivateFile(path);
  writeFileSync(path, `${JSON.stringify(identity)}\n`, { mode: 0o600 });
}
