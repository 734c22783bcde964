import { handWorkSchema, type HandWork } from '../../domain/hand-wire';
import type { HandDb } from './db';

/**
 * The stock work this device keeps to work offline (open orders, zones being counted, its
 * person's recounts, near-expiry): read from IndexedDB at start, replaced by the server's
 * whenever it answers.
 */
export async function loadWork(db: HandDb): Promise<HandWork | null> {
  const held = await db.meta.get('work');
  const parsed = handWorkSchema.safeParse(held?.value);
  return parsed.success ? parsed.data : null;
}

export type WorkRefresh =
  { kind: 'fresh'; work: HandWork } | { kind: 'offline' } | { kind: 'signed-out' };

export async function refreshWork(
  db: HandDb,
  get: () => Promise<Response> = () =>
    fetch('/v1/hand/work', { credentials: 'same-origin', cache: 'no-store' }),
): Promise<WorkRefresh> {
  let response: Response;
  try {
    response = await get();
  } catch {
    return { kind: 'offline' };
  }
  if (response.status === 401) return { kind: 'signed-out' };
  if (!response.ok) return { kind: 'offline' };
  const parsed = handWorkSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { kind: 'offline' };
  await db.meta.put({ key: 'work', value: parsed.data });
  return { kind: 'fresh', work: parsed.data };
}
