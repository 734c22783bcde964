import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTill, type RunningTill } from '../../main/index';
import { invoke } from '../../main/api';

/** The demo catalogue's FR and NL names: the search ranks the language on screen first. */
let dir: string;
let running: RunningTill;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emm-search-'));
  running = startTill({ dbPath: join(dir, 'till.db'), devices: false });
});
afterEach(async () => {
  await running.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function search(query: string, locale?: 'fr-BE' | 'nl-BE' | 'en') {
  const result = await invoke(running, 'searchProducts', {
    query,
    limit: 4,
    ...(locale ? { locale } : {}),
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { name: string; nameNl: string | null }[];
}

describe('searching the catalogue in the language on screen', () => {
  it('finds milk first for "melk" in Dutch, not a cheese made with it', async () => {
    const found = await search('melk', 'nl-BE');
    for (const milk of found.slice(0, 3)) {
      expect(milk.nameNl).toMatch(/^(Volle|Halfvolle|Magere) melk/);
    }
  });

  it('ranks the French names first in French and in English', async () => {
    for (const locale of ['fr-BE', 'en', undefined] as const) {
      const found = await search('lait', locale);
      expect(found[0]?.name).toMatch(/^Lait (entier|demi-écrémé|écrémé)/);
    }
  });

  it('gives the Dutch name with every product, for the screens to show', async () => {
    const [first] = await search('Jonagold', 'nl-BE');
    expect(first).toMatchObject({ name: 'Pommes Jonagold', nameNl: expect.any(String) });
  });

  it('refuses a language the till does not speak, in words', async () => {
    const result = await invoke(running, 'searchProducts', { query: 'melk', locale: 'de-DE' });
    expect(result).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
  });
});
