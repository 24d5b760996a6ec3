// chromium.mjs — the browser the page tests drive: Debian's chromium
// through playwright-core, with no browser download.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** A skip reason when chromium is not installed, else false. */
export const noChromium = !existsSync(CHROMIUM)
  && `chromium is not installed: ${CHROMIUM} is missing (bash tools/setup.sh installs it)`;

/** A headless Chromium; a plain launch gives it a fresh temporary profile. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
