import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { app, dialog, protocol } from '../../support/electron-stand-in';

/** vi.waitFor's own deadline is 1 s, which a busy machine overruns: a last guard only. */
const WAIT_GUARD = { timeout: 60_000 };

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

/**
 * Electron's entry as the source tree runs it (the screens are built beside the bundle, not
 * here): the scheme and the rules are set before ready, and a start that fails says why in words.
 */

const dir = mkdtempSync(join(tmpdir(), 'emm-entry-'));
const signals = ['SIGINT', 'SIGTERM'] as const;
const listenersBefore = new Map(signals.map((signal) => [signal, process.listeners(signal)]));

afterAll(() => {
  // The entry's own Ctrl-C handling must not outlive the test in this worker.
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!listenersBefore.get(signal)?.includes(listener)) process.off(signal, listener);
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

it('registers app: and the rules before ready, then says the screens are not built and exits 1', async () => {
  vi.stubEnv('EMM_DB', join(dir, 'till.db'));
  await import('../../../main/electron/main');

  expect(protocol.privileged).toHaveLength(1);
  expect(app.listenerCount('web-contents-created')).toBe(1);
  await vi.waitFor(() => expect(app.calls).toContain('exit:1'), WAIT_GUARD);
  expect(dialog.errors).toEqual([
    expect.stringMatching(
      /^The till could not start: the screens are not built .*npm run build:renderer$/,
    ),
  ]);
  vi.unstubAllEnvs();
});
