import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** No sandbox (we run as root in a container), and nothing phoning home on a closed network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Debian's Chromium, with a fresh profile (launch() makes a temporary user-data-dir each time).
 * A machine without it fails the tests with what to do: the screens are never left untested.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The end-to-end tests need Chromium at ${CHROMIUM}: install it with \`apt-get install chromium\`.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}
